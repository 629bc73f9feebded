package org.opencarerecord.identity.internal.matching;

import java.util.UUID;

/** A {@link Candidate} whose demographics are already prepared (normalised, coded), for repeated scoring. */
public record PreparedCandidate(UUID personId, UUID sourceRecordId, PreparedDemographics demographics) {

    public static PreparedCandidate of(Candidate c) {
        return new PreparedCandidate(c.personId(), c.sourceRecordId(), PreparedDemographics.of(c.demographics()));
    }
}
