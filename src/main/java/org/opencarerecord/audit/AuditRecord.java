package org.opencarerecord.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * An entry as the log holds it.
 *
 * @param seq        its place in the chain: 1, 2, 3, ... without gaps
 * @param id         its id
 * @param recordedAt when it was written, by the database's clock, to the microsecond
 * @param entry      what was written (text cleaned of characters the database cannot hold, details as stored)
 */
public record AuditRecord(long seq, UUID id, Instant recordedAt, AuditEntry entry) {
}
