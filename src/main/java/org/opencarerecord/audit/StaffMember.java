package org.opencarerecord.audit;

import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the staff register holds about one user (decision 0017): taken from the staff record (in the
 * NHS, the Electronic Staff Record), only so that the privacy reports can find a user opening their
 * own record, or the record of someone who shares their surname or address.
 *
 * @param userId       the id the user signs in with, as the access log's entries carry it
 * @param nhsNumber    their NHS number (ten digits, check digit verified), if known
 * @param familyName   their family name as given, if known
 * @param addressLines their home address lines as given (first line first)
 * @param postcode     their postcode, upper case without spaces, if known
 * @param loadedBy     who loaded the entry (the signed-in user)
 * @param loadedAt     when
 */
public record StaffMember(String userId, String nhsNumber, String familyName, List<String> addressLines, String postcode,
        String loadedBy, Instant loadedAt) {

    public StaffMember {
        addressLines = addressLines == null ? List.of() : List.copyOf(addressLines);
    }

    /** The family name as the reports compare it ({@link #nameKey}), or null. */
    public String familyKey() {
        return nameKey(familyName);
    }

    /** The first address line as the reports compare it ({@link #addressKey}), or null. */
    public String addressKey() {
        return addressLines.isEmpty() ? null : addressKey(addressLines.get(0));
    }

    /** A name for comparison: letters only, lower case, without accents ("O'Brien-Smyth" is obriensmyth); null if none. */
    public static String nameKey(String name) {
        if (name == null) {
            return null;
        }
        String n = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replaceAll("[^A-Za-z]", "")
                .toLowerCase(Locale.ROOT);
        return n.isEmpty() ? null : n;
    }

    /** A postcode for comparison: letters and digits only, upper case ("l17 0db" is L170DB); null if none. */
    public static String postcodeKey(String postcode) {
        if (postcode == null) {
            return null;
        }
        String p = postcode.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
        return p.isEmpty() ? null : p;
    }

    /** Street words as sources abbreviate them, and what they stand for. */
    private static final Map<String, String> STREET_WORDS = Map.ofEntries(Map.entry("RD", "ROAD"),
            Map.entry("ST", "STREET"), Map.entry("AVE", "AVENUE"), Map.entry("AV", "AVENUE"), Map.entry("LN", "LANE"),
            Map.entry("DR", "DRIVE"), Map.entry("CL", "CLOSE"), Map.entry("CRES", "CRESCENT"), Map.entry("GDNS", "GARDENS"),
            Map.entry("PL", "PLACE"), Map.entry("SQ", "SQUARE"), Map.entry("CT", "COURT"), Map.entry("TER", "TERRACE"),
            Map.entry("TCE", "TERRACE"), Map.entry("GRN", "GREEN"), Map.entry("GRO", "GROVE"), Map.entry("PK", "PARK"));

    /**
     * An address line for comparison: without accents and punctuation, upper case, single spaces, and
     * the common street abbreviations written out ("14, Aigburth Rd." is 14 AIGBURTH ROAD); null if none.
     */
    public static String addressKey(String line) {
        if (line == null) {
            return null;
        }
        String plain = Normalizer.normalize(line, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace("'", "")
                .toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", " ").trim();
        if (plain.isEmpty()) {
            return null;
        }
        List<String> words = new ArrayList<>();
        for (String w : plain.split(" ")) {
            words.add(STREET_WORDS.getOrDefault(w, w));
        }
        return String.join(" ", words);
    }
}
