package org.opencarerecord.identity;

import java.time.Instant;
import java.util.UUID;

/** One source's record of a person, as stored. {@code resourceJson} is the Patient without resourceType. */
public record SourceRecord(UUID id, UUID personId, String organisationCode, String feedId, String sourceId,
        int version, Instant recordedAt, Instant receivedAt, String resourceJson) {
}
