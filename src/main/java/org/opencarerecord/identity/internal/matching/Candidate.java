package org.opencarerecord.identity.internal.matching;

import java.util.UUID;

/** A stored source record found by blocking, with the person it is linked to. */
public record Candidate(UUID personId, UUID sourceRecordId, Demographics demographics) {
}
