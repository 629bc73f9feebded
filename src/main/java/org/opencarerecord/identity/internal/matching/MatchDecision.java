package org.opencarerecord.identity.internal.matching;

import java.util.List;
import java.util.UUID;

/**
 * @param outcome what to do
 * @param personId the best candidate's person (the one linked to on LINK), null when there was no candidate
 * @param score the best candidate's score (0 when none)
 * @param evidence the field-by-field evidence for the best candidate
 * @param reason a short human reason
 * @param sourceRecordId the best candidate's source record, null when there was no candidate
 */
public record MatchDecision(MatchOutcome outcome, UUID personId, double score, List<Evidence> evidence, String reason,
        UUID sourceRecordId) {

    public MatchDecision {
        evidence = List.copyOf(evidence);
    }

    public MatchDecision(MatchOutcome outcome, UUID personId, double score, List<Evidence> evidence, String reason) {
        this(outcome, personId, score, evidence, reason, null);
    }
}
