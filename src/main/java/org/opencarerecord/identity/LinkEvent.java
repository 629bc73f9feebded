package org.opencarerecord.identity;

import java.time.Instant;
import java.util.UUID;

/** One decision in a source record's history: linked, new person, possible match, relinked, unlinked, confirmed, rejected. */
public record LinkEvent(UUID id, UUID sourceRecordId, UUID personId, String action, String decidedBy, Instant decidedAt,
        Double score, String reason, String evidenceJson) {
}
