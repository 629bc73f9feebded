package org.opencarerecord.record;

import java.time.Instant;

/**
 * Where an item came from: the organisation and feed that sent it, the source's own id and
 * version, when it was recorded at source, when we received it, and who recorded or ordered it.
 */
public record ItemProvenance(String organisationCode, String organisationName, String feedId, String sourceId,
        String sourceVersion, Instant recordedAtSource, Instant receivedAt, String author) {
}
