package org.opencarerecord.identity.internal.matching;

import java.time.LocalDate;
import java.util.List;

/**
 * What one source says about a person, as the matcher compares it.
 *
 * @param nhsNumber a verified NHS number (Modulus 11 checked and traced) or null
 * @param family family name as sent
 * @param given given names in order (first, then middle names); may be empty
 * @param birthDate date of birth or null
 * @param sex "male", "female", "other", "unknown" or null
 * @param postcode postcode as sent
 * @param addressLine first line of the address (house number and street) or null
 */
public record Demographics(String nhsNumber, String family, List<String> given, LocalDate birthDate, String sex,
        String postcode, String addressLine) {

    public Demographics {
        given = given == null ? List.of() : List.copyOf(given.stream().filter(g -> g != null).toList());
    }
}
