package org.opencarerecord.identity;

import java.util.Optional;

/**
 * An NHS number whose Modulus 11 check digit is right. Spaces and hyphens in what a person
 * types or a feed sends are ignored; anything else that is not ten digits is not an NHS number.
 */
public record NhsNumber(String value) {

    public static final String SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

    public NhsNumber {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a valid NHS number");
        }
    }

    /** The NHS number in {@code text}, or empty when it is not ten digits with a right check digit. */
    public static Optional<NhsNumber> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String digits = text.replace(" ", "").replace("-", "");
        return isValid(digits) ? Optional.of(new NhsNumber(digits)) : Optional.empty();
    }

    public static boolean isValid(String digits) {
        if (digits == null || digits.length() != 10) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return false;
            }
        }
        Integer check = checkDigit(digits.substring(0, 9));
        return check != null && check == digits.charAt(9) - '0';
    }

    /** The check digit for nine leading digits, or null when no check digit makes them valid (remainder 10). */
    public static Integer checkDigit(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nineDigits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            return 0;
        }
        return check == 10 ? null : check;
    }

    /** Formatted 3-3-4, as professionals read it: {@code 943 476 5919}. */
    public String formatted() {
        return value.substring(0, 3) + " " + value.substring(3, 6) + " " + value.substring(6);
    }

    @Override
    public String toString() {
        return formatted();
    }
}
