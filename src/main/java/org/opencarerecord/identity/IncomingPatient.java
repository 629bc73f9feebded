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
}
