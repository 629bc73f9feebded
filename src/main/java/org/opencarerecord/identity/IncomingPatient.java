package org.opencarerecord.identity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A source's record of a person as it arrived, already checked: any NHS number it carries is
 * valid. Names, postcode and address are as the source sent them. {@code identifiers} are the
 * source's identifiers as {@code system|value}. {@code resourceJson} is the FHIR Patient without
 * its resourceType, as it will be stored.
 */
public record IncomingPatient(
        String organisationCode,
        String feedId,
        String sourceId,
        List<String> identifiers,
        NhsNumber nhsNumber,
        String family,
        List<String> given,
        LocalDate birthDate,
        String gender,
        String postcode,
        String addressLine,
        Instant recordedAt,
        Instant receivedAt,
        String resourceJson,
        byte[] contentSha256) {

    /** The same record carrying the resource as it will be stored (a record read before its references were resolved). */
    public IncomingPatient withResource(String json, byte[] sha256) {
        return new IncomingPatient(organisationCode, feedId, sourceId, identifiers, nhsNumber, family, given, birthDate,
                gender, postcode, addressLine, recordedAt, receivedAt, json, sha256);
    }
}
