package org.opencarerecord.sources;

import java.util.List;

/**
 * One way an organisation sends data in. {@code rejectOutOfScope} makes a bundle that carries a
 * resource type outside the record's scope fail instead of skipping that entry with a warning.
 * {@code rejectInvalidNhsNumber} makes a Patient with an invalid NHS number fail instead of being
 * stored without it (with a warning) and matched by its other details. {@code sendingFacility}:
 * for an HL7 v2 feed, the MSH-4 that names it (null for other kinds). {@code categories}: what it
 * carries (one of {@link #CATEGORIES}); {@code content}: structured, documents or both;
 * {@code cadence}: how often it is expected to deliver (one of {@link Cadence}). {@code dropDirectory}: for
 * a batch-file feed, where its files are picked up (null: upload only). {@code fullExtract}: each of its
 * files holds everything the source has for the people in it, so what it no longer sends is retired.
 */
public record Feed(String id, String organisationCode, String name, String kind, boolean rejectOutOfScope,
        boolean rejectInvalidNhsNumber, String sendingFacility, List<String> categories, String content,
        Cadence cadence, String dropDirectory, boolean fullExtract) {

    public static final String FHIR_PUSH = "fhir-push";
    public static final String HL7V2_MLLP = "hl7v2-mllp";
    /** Files of FHIR resources (NDJSON), uploaded with the feed's token or picked up from its drop directory. */
    public static final String BATCH_FILE = "batch-file";

    /** The data categories a feed can carry, as the Data Visibility Guide names them. */
    public static final List<String> CATEGORIES = List.of("demographics", "encounters", "problems", "medications",
            "allergies", "results", "documents", "care-plans", "social-care", "alerts", "appointments", "care-team");

    /** Structured data, documents, or both. */
    public static final List<String> CONTENTS = List.of("structured", "documents", "structured-and-documents");
}
