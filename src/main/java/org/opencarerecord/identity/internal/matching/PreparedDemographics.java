package org.opencarerecord.identity.internal.matching;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Demographics normalised and coded once, so that scoring a pair does no string work beyond
 * comparisons. Immutable and safe to cache next to a stored record.
 */
public final class PreparedDemographics {

    final Demographics source;
    final String nhs;
    /** normalised family name with spaces removed, or null. */
    final String family;
    final String familyCode;
    /** normalised surname parts (without the joined form), empty when none. */
    final String[] familyParts;
    final String[] familyPartCodes;
    final double familyFrequency;
    /** normalised given-name tokens in order; given[0] is the first given name. */
    final String[] given;
    final String givenCode;
    final double givenFrequency;
    final LocalDate birthDate;
    final int year;
    final int month;
    final int day;
    /** "male", "female" or null when missing, other or unknown. */
    final String sex;
    final String postcode;
    final String postcodeSector;
    final String postcodeDistrict;
    final String address;
    final String houseNumber;
    final String[] addressWords;

    private PreparedDemographics(Demographics d) {
        this.source = d;
        this.nhs = d.nhsNumber() == null || d.nhsNumber().isBlank() ? null : d.nhsNumber().replace(" ", "");
        List<String> parts = NameNormaliser.surnameParts(d.family());
        if (parts.isEmpty()) {
            family = null;
            familyCode = "";
            familyParts = new String[0];
            familyPartCodes = new String[0];
            familyFrequency = 0;
        } else {
            int n = parts.size() == 1 ? 1 : parts.size() - 1;
            familyParts = parts.subList(0, n).toArray(new String[0]);
            family = parts.get(parts.size() - 1).length() > 0 && parts.size() > 1 ? parts.get(parts.size() - 1) : parts.get(0);
            familyCode = Phonetic.code(family);
            familyPartCodes = new String[familyParts.length];
            for (int i = 0; i < familyParts.length; i++) {
                familyPartCodes[i] = Phonetic.code(familyParts[i]);
            }
            familyFrequency = NameFrequencies.surname(family);
        }
        List<String> tokens = new ArrayList<>();
        for (String g : d.given()) {
            String n = NameNormaliser.normalise(g);
            if (n != null && !n.isEmpty()) {
                for (String t : n.split(" ")) {
                    tokens.add(t);
                }
            }
        }
        given = tokens.toArray(new String[0]);
        givenCode = given.length == 0 ? "" : Phonetic.code(given[0]);
        givenFrequency = given.length == 0 ? 0 : NameFrequencies.given(given[0]);
        birthDate = d.birthDate();
        year = birthDate == null ? 0 : birthDate.getYear();
        month = birthDate == null ? 0 : birthDate.getMonthValue();
        day = birthDate == null ? 0 : birthDate.getDayOfMonth();
        String s = d.sex() == null ? null : d.sex().strip().toLowerCase(java.util.Locale.ROOT);
        sex = "male".equals(s) || "m".equals(s) ? "male" : "female".equals(s) || "f".equals(s) ? "female" : null;
        postcode = NameNormaliser.postcode(d.postcode());
        if (postcode != null && postcode.length() >= 5) {
            postcodeDistrict = postcode.substring(0, postcode.length() - 3);
            postcodeSector = postcode.substring(0, postcode.length() - 2);
        } else {
            postcodeDistrict = postcode;
            postcodeSector = postcode;
        }
        address = NameNormaliser.addressLine(d.addressLine());
        if (address == null) {
            houseNumber = null;
            addressWords = new String[0];
        } else {
            String[] words = address.split(" ");
            String number = null;
            List<String> rest = new ArrayList<>();
            for (String w : words) {
                if (number == null && !w.isEmpty() && Character.isDigit(w.charAt(0))) {
                    number = w;
                } else if (w.length() >= 3) {
                    rest.add(w);
                }
            }
            houseNumber = number;
            addressWords = rest.toArray(new String[0]);
        }
    }

    public static PreparedDemographics of(Demographics d) {
        return new PreparedDemographics(d);
    }

    public Demographics demographics() {
        return source;
    }

    /** Phonetic codes of each surname part and of the joined name (for blocking). */
    Set<String> familyCodes() {
        Set<String> out = new LinkedHashSet<>();
        for (String c : familyPartCodes) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        if (!familyCode.isEmpty()) {
            out.add(familyCode);
        }
        return out;
    }

    /** Phonetic codes of the formal name(s) the first given name stands for (for blocking). */
    Set<String> givenCanonicalCodes() {
        Set<String> out = new LinkedHashSet<>();
        if (given.length > 0 && given[0].length() > 1) {
            for (String f : Nicknames.canonical(given[0])) {
                String c = Phonetic.code(f);
                if (!c.isEmpty()) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
