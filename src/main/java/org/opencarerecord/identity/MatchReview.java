package org.opencarerecord.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A possible match waiting for a person to decide: the source record, the person it may belong
 * to (with every source record that person already has), the score and the field-by-field evidence.
 */
public record MatchReview(UUID id, String status, DemographicsView record, UUID candidatePersonId,
        List<DemographicsView> candidateRecords, double score, String reason, String evidenceJson, Instant openedAt,
        String decidedBy, Instant decidedAt, String note) {
}
