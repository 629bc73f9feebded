package org.opencarerecord.record;

import java.time.Instant;
import java.util.UUID;

/** What a write did. UNCHANGED means the source sent exactly what the store already held. */
public record WriteResult(String resourceType, UUID id, int version, Outcome outcome, Instant lastUpdated) {

    public enum Outcome { CREATED, UPDATED, UNCHANGED, RETIRED }
}
