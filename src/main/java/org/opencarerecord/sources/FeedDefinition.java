package org.opencarerecord.sources;

import java.util.List;

/**
 * A feed as an operator describes it (in the configuration file or through the admin API).
 * {@code token}: the bearer secret of a fhir-push or batch-file feed; null on a change keeps the one
 * it has. {@code sendingFacility}: an HL7 v2 feed's MSH-4 (null: the organisation's code).
 */
public record FeedDefinition(String id, String organisationCode, String name, String kind, String token,
        boolean rejectOutOfScope, boolean rejectInvalidNhsNumber, String sendingFacility, String dropDirectory,
        boolean fullExtract, List<String> categories, String content, String cadence) {
}
