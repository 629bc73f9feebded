package org.opencarerecord.identity;

import java.time.LocalDate;

/**
 * What a professional typed to find a person. Any part may be missing. A date of birth is either
 * exact ({@code birthDate}) or a range ({@code bornFrom} to {@code bornTo}, e.g. a year).
 */
public record PersonQuery(String family, String given, LocalDate birthDate, LocalDate bornFrom, LocalDate bornTo,
        String gender, String postcode) {
}
