package org.opencarerecord.identity;

import java.util.UUID;

/**
 * Published, inside the transaction that made it, when a source record moves from one person to
 * another (for example an NHS number correction), so that what it brought moves with it at once.
 */
public record SourceRecordRelinked(UUID sourceRecordId, UUID fromPersonId, UUID toPersonId) {
}
