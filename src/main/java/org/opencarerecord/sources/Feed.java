package org.opencarerecord.sources;

/**
 * One way an organisation sends data in. {@code rejectOutOfScope} makes a bundle that carries a
 * resource type outside the record's scope fail instead of skipping that entry with a warning.
 * {@code rejectInvalidNhsNumber} makes a Patient with an invalid NHS number fail instead of being
 * stored without it (with a warning) and matched by its other details. {@code sendingFacility}:
 * for an HL7 v2 feed, the MSH-4 that names it (null for other kinds).
 */
public record Feed(String id, String organisationCode, String name, String kind, boolean rejectOutOfScope,
        boolean rejectInvalidNhsNumber, String sendingFacility) {

    public static final String FHIR_PUSH = "fhir-push";
    public static final String HL7V2_MLLP = "hl7v2-mllp";
}
