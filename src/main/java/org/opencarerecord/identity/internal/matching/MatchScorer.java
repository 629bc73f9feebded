package org.opencarerecord.identity.internal.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores a pair of records field by field (Fellegi-Sunter): each field's agreement level adds its
 * weight; a value missing on either side adds 0. Thread-safe.
 */
public final class MatchScorer {

    static final int MISSING = -1;
    // levels, per field, best first
    static final int NHS_AGREE = 0, NHS_DISAGREE = 1;
    static final int F_EXACT = 0, F_EDIT = 1, F_PHONETIC = 2, F_PART = 3, F_DISAGREE = 4;
    static final int G_EXACT = 0, G_NICKNAME = 1, G_OTHER = 2, G_EDIT = 3, G_PHONETIC = 4, G_INITIAL = 5, G_DISAGREE = 6;
    static final int M_AGREE = 0, M_DISAGREE = 1;
    static final int D_EXACT = 0, D_SWAPPED = 1, D_ONE_DIGIT = 2, D_DISAGREE = 3;
    static final int S_AGREE = 0, S_DISAGREE = 1;
    static final int P_EXACT = 0, P_SECTOR = 1, P_DISTRICT = 2, P_DISAGREE = 3;
    static final int A_EXACT = 0, A_PARTIAL = 1, A_DISAGREE = 2;

    private static final String[] F_NAMES = {"exact", "edit-one", "phonetic", "part", "disagree"};
    private static final String[] G_NAMES = {"exact", "nickname", "other-position", "edit-one", "phonetic", "initial", "disagree"};
    private static final String[] D_NAMES = {"exact", "day-month-swapped", "one-digit", "disagree"};
    private static final String[] P_NAMES = {"exact", "sector", "district", "disagree"};
    private static final String[] A_NAMES = {"exact", "partial", "disagree"};

    private final MatchWeights w;
    private final double[] familyW;
    private final double[] givenW;
    private final double[] dobW;
    private final double[] postcodeW;
    private final double[] addressW;

    public MatchScorer(MatchWeights weights) {
        this.w = weights;
        familyW = new double[] {w.familyExact(), w.familyEditOne(), w.familyPhonetic(), w.familyPart(), w.familyDisagree()};
        givenW = new double[] {w.givenExact(), w.givenNickname(), w.givenOtherPosition(), w.givenEditOne(), w.givenPhonetic(),
                w.givenInitial(), w.givenDisagree()};
        dobW = new double[] {w.birthDateExact(), w.birthDateSwapped(), w.birthDateOneDigit(), w.birthDateDisagree()};
        postcodeW = new double[] {w.postcodeExact(), w.postcodeSector(), w.postcodeDistrict(), w.postcodeDisagree()};
        addressW = new double[] {w.addressExact(), w.addressPartial(), w.addressDisagree()};
    }

    public MatchWeights weights() {
        return w;
    }

    /** Score with field-by-field evidence. */
    public MatchScore score(Demographics incoming, Demographics candidate) {
        return score(PreparedDemographics.of(incoming), PreparedDemographics.of(candidate));
    }

    public MatchScore score(PreparedDemographics a, PreparedDemographics b) {
        return evidence(compare(a, b), a, b);
    }

    /** The levels and score of a pair, without building evidence (the hot path). */
    public Comparison compare(PreparedDemographics a, PreparedDemographics b) {
        Comparison c = new Comparison();
        c.nhs = a.nhs == null || b.nhs == null ? MISSING : a.nhs.equals(b.nhs) ? NHS_AGREE : NHS_DISAGREE;
        c.family = familyLevel(a, b);
        c.given = givenLevel(a, b);
        c.middle = middleLevel(a, b, c.given);
        c.dob = dobLevel(a, b);
        c.sex = a.sex == null || b.sex == null ? MISSING : a.sex.equals(b.sex) ? S_AGREE : S_DISAGREE;
        c.postcode = postcodeLevel(a, b);
        c.address = addressLevel(a, b);
        double s = 0;
        if (c.nhs != MISSING) {
            s += c.nhs == NHS_AGREE ? w.nhsAgree() : w.nhsDisagree();
        }
        if (c.family != MISSING) {
            s += c.family == F_EXACT ? familyExactWeight(a) : familyW[c.family];
        }
        if (c.given != MISSING) {
            s += c.given == G_EXACT ? givenExactWeight(a) : givenW[c.given];
        }
        if (c.middle != MISSING) {
            s += c.middle == M_AGREE ? w.middleAgree() : w.middleDisagree();
        }
        if (c.dob != MISSING) {
            s += dobW[c.dob];
        }
        if (c.sex != MISSING) {
            s += sexWeight(c);
        }
        if (c.postcode != MISSING) {
            s += postcodeW[c.postcode];
        }
        if (c.address != MISSING) {
            s += addressWeight(c);
        }
        c.household = householdAdjustment(c, a);
        s += c.household;
        c.score = s;
        c.twinRisk = c.family == F_EXACT && c.dob == D_EXACT && (c.postcode == P_EXACT || c.address == A_EXACT)
                && c.given != MISSING && !sameGivenName(c.given, a, b);
        c.clearlyDifferentGiven = c.twinRisk && c.given == G_DISAGREE && !plausiblySameName(a.given[0], b.given[0]);
        return c;
    }

    /** Comparison levels of a pair; see the level constants. */
    public static final class Comparison {
        int nhs;
        int family;
        int given;
        int middle;
        int dob;
        int sex;
        int postcode;
        int address;
        double household;
        boolean clearlyDifferentGiven;
        double score;
        boolean twinRisk;

        public double score() {
            return score;
        }

        public boolean twinRisk() {
            return twinRisk;
        }

        /**
         * Twin risk with first given names that are clearly different names (level "disagree": not equal,
         * nickname-related, same sound, a one-letter typo, an initial, nor one's first name the other's middle
         * name; and not {@link MatchScorer#plausiblySameName plausibly the same name}): two different people of one
         * household, such as twins, rather than an uncertain match.
         */
        public boolean clearlyTwins() {
            return clearlyDifferentGiven;
        }

        public boolean nhsAgree() {
            return nhs == NHS_AGREE;
        }

        public boolean nhsDisagree() {
            return nhs == NHS_DISAGREE;
        }

        /** The first of family name, given name and birth date that does not agree at any level (or is missing), or null. */
        public String missingAnchor() {
            if (family == MISSING || family == F_DISAGREE) {
                return family == MISSING ? "family name missing" : "family name differs";
            }
            if (given == MISSING || given == G_DISAGREE) {
                return given == MISSING ? "given name missing" : "given name differs";
            }
            if (dob == MISSING || dob == D_DISAGREE) {
                return dob == MISSING ? "birth date missing" : "birth date differs";
            }
            return null;
        }
    }

    private boolean sameGivenName(int level, PreparedDemographics a, PreparedDemographics b) {
        return switch (level) {
            case G_EXACT, G_NICKNAME, G_PHONETIC -> true; // not other-position: twins may share a middle name
            // a typo that keeps the first letter and most of the spelling (Olivia / Olivai, Jason / Jasn) is the
            // same name; one-letter differences that make another name (Mason / Jason, Lily / Lila) are not
            // a one-letter difference between a known first name and a spelling that is no known name (Jack /
            // Jck, Paul / Pual) is a typo; between two known names it is two names; between two unknown spellings
            // it is a typo only when it keeps the first letter and most of the spelling
            case G_EDIT -> {
                boolean knownA = knownGivenName(a.given[0]);
                boolean knownB = knownGivenName(b.given[0]);
                if (knownA != knownB) {
                    yield true;
                }
                yield !knownA && Math.min(a.given[0].length(), b.given[0].length()) >= 4
                        && a.given[0].charAt(0) == b.given[0].charAt(0) && Similarity.jaroWinkler(a.given[0], b.given[0]) >= 0.9;
            }
            default -> false;
        };
    }

    /**
     * Sex agreement is implied when the first given names are the same name (exact or a listed variant): nearly
     * every first name is borne by one sex, and the name's frequency is a share of that sex only once the name is
     * known, so u = P(same sex | same first name, different people) is about 1 and agreement adds nothing.
     * Disagreement still counts (a recording error, or a name borne by both sexes).
     */
    private double sexWeight(Comparison c) {
        if (c.sex == S_AGREE) {
            return c.given == G_EXACT || c.given == G_NICKNAME ? 0 : w.sexAgree();
        }
        return w.sexDisagree();
    }

    /** A first name listed in the frequency table or the nickname file. */
    static boolean knownGivenName(String normalised) {
        return NameFrequencies.given(normalised) > 0 || Nicknames.listed(normalised);
    }

    /**
     * Whether two first names that disagree could still be one name written differently: two variants of one
     * formal name (Maggie / Peggy), a typo of a variant (Dvid / Dave), or a typo on each side (Geoffrpy /
     * Gpoffrey). Such a pair is uncertain (review), not clearly two people.
     */
    static boolean plausiblySameName(String x, String y) {
        if (Math.min(x.length(), y.length()) >= 3 && Similarity.damerauLevenshtein(x, y, 2) <= 2) {
            return true;
        }
        java.util.Set<String> fx = Nicknames.forms(x);
        java.util.Set<String> fy = Nicknames.forms(y);
        for (String u : fx) {
            if (fy.contains(u)) {
                return true;
            }
        }
        for (String u : fx) {
            for (String v : fy) {
                if (Math.min(u.length(), v.length()) >= 3 && Similarity.damerauLevenshtein(u, v, 1) <= 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Family name, postcode and address line agreeing exactly identify a household rather than a person
     * (families share surnames): together they add at most {@link MatchWeights#HOUSEHOLD_CAP}. Returns the
     * (negative) correction, 0 when the cap does not bite.
     */
    private double householdAdjustment(Comparison c, PreparedDemographics a) {
        if (c.family != F_EXACT || c.postcode != P_EXACT) {
            return 0;
        }
        double sum = familyExactWeight(a) + postcodeW[P_EXACT] + (c.address == MISSING ? 0 : addressWeight(c));
        return sum > MatchWeights.HOUSEHOLD_CAP ? MatchWeights.HOUSEHOLD_CAP - sum : 0;
    }

    /**
     * Address weights are conditional on the postcode comparison: when both postcodes are present and
     * differ, a different address line is what that already implies, so it adds nothing.
     */
    private double addressWeight(Comparison c) {
        if (c.address == A_DISAGREE && c.postcode != MISSING && c.postcode != P_EXACT) {
            return 0;
        }
        return addressW[c.address];
    }

    double familyExactWeight(PreparedDemographics a) {
        return frequencyAdjusted(w.familyExact(), a.familyFrequency, w.surnameDefaultFrequency(), w.familyPhonetic());
    }

    double givenExactWeight(PreparedDemographics a) {
        return frequencyAdjusted(w.givenExact(), a.givenFrequency, w.givenDefaultFrequency(), w.givenPhonetic());
    }

    private static double frequencyAdjusted(double exact, double frequency, double defaultFrequency, double floor) {
        if (frequency <= defaultFrequency) {
            return exact;
        }
        return Math.max(floor, exact - MatchWeights.log2(frequency / defaultFrequency));
    }

    static int familyLevel(PreparedDemographics a, PreparedDemographics b) {
        if (a.family == null || b.family == null) {
            return MISSING;
        }
        if (a.family.equals(b.family)) {
            return F_EXACT;
        }
        if (Math.min(a.family.length(), b.family.length()) >= 3 && Math.max(a.family.length(), b.family.length()) >= 4
                && Similarity.damerauLevenshtein(a.family, b.family, 1) <= 1) {
            return F_EDIT;
        }
        if (!a.familyCode.isEmpty() && a.familyCode.equals(b.familyCode)) {
            return F_PHONETIC;
        }
        if (a.familyParts.length > 1 || b.familyParts.length > 1) {
            for (String pa : a.familyParts) {
                if (pa.length() < 2) {
                    continue;
                }
                for (String pb : b.familyParts) {
                    if (pa.equals(pb)) {
                        return F_PART;
                    }
                }
            }
        }
        return F_DISAGREE;
    }

    static int givenLevel(PreparedDemographics a, PreparedDemographics b) {
        if (a.given.length == 0 || b.given.length == 0) {
            return MISSING;
        }
        String ga = a.given[0];
        String gb = b.given[0];
        if (ga.equals(gb)) {
            return G_EXACT;
        }
        if (ga.length() == 1 || gb.length() == 1) {
            return ga.charAt(0) == gb.charAt(0) ? G_INITIAL : G_DISAGREE;
        }
        if (Nicknames.related(ga, gb)) {
            return G_NICKNAME;
        }
        for (int i = 1; i < b.given.length; i++) {
            if (ga.equals(b.given[i])) {
                return G_OTHER;
            }
        }
        for (int i = 1; i < a.given.length; i++) {
            if (gb.equals(a.given[i])) {
                return G_OTHER;
            }
        }
        if (ga.length() >= 3 && gb.length() >= 3 && Similarity.damerauLevenshtein(ga, gb, 1) <= 1) {
            return G_EDIT;
        }
        if (!a.givenCode.isEmpty() && a.givenCode.equals(b.givenCode)) {
            return G_PHONETIC;
        }
        return G_DISAGREE;
    }

    /**
     * The given names after the first: MISSING when either record has none, or when the first name of one
     * record is a middle name of the other (the names are then not aligned and were already counted as
     * other-position); M_AGREE when any middle name of one is equal to, a listed variant of, a one-letter
     * typo of (both at least 4 letters, same first letter), or the initial of any middle name of the other.
     */
    static int middleLevel(PreparedDemographics a, PreparedDemographics b, int givenLevel) {
        if (a.given.length < 2 || b.given.length < 2 || givenLevel == G_OTHER) {
            return MISSING;
        }
        for (int i = 1; i < a.given.length; i++) {
            String x = a.given[i];
            for (int j = 1; j < b.given.length; j++) {
                String y = b.given[j];
                if (x.equals(y)) {
                    return M_AGREE;
                }
                if (x.length() == 1 || y.length() == 1) {
                    if (x.charAt(0) == y.charAt(0)) {
                        return M_AGREE;
                    }
                    continue;
                }
                if (Nicknames.related(x, y)) {
                    return M_AGREE;
                }
                if (x.length() >= 4 && y.length() >= 4 && x.charAt(0) == y.charAt(0)
                        && Similarity.damerauLevenshtein(x, y, 1) <= 1) {
                    return M_AGREE;
                }
            }
        }
        return M_DISAGREE;
    }

    static int dobLevel(PreparedDemographics a, PreparedDemographics b) {
        if (a.birthDate == null || b.birthDate == null) {
            return MISSING;
        }
        if (a.year == b.year && a.month == b.month && a.day == b.day) {
            return D_EXACT;
        }
        if (a.year == b.year && a.month == b.day && a.day == b.month) {
            return D_SWAPPED;
        }
        int x = a.year * 10000 + a.month * 100 + a.day;
        int y = b.year * 10000 + b.month * 100 + b.day;
        int differing = 0;
        for (int i = 0; i < 8; i++) {
            if (x % 10 != y % 10) {
                differing++;
            }
            x /= 10;
            y /= 10;
        }
        return differing == 1 ? D_ONE_DIGIT : D_DISAGREE;
    }

    static int postcodeLevel(PreparedDemographics a, PreparedDemographics b) {
        if (a.postcode == null || b.postcode == null) {
            return MISSING;
        }
        if (a.postcode.equals(b.postcode)) {
            return P_EXACT;
        }
        if (a.postcodeSector.equals(b.postcodeSector)) {
            return P_SECTOR;
        }
        if (a.postcodeDistrict.equals(b.postcodeDistrict)) {
            return P_DISTRICT;
        }
        return P_DISAGREE;
    }

    static int addressLevel(PreparedDemographics a, PreparedDemographics b) {
        if (a.address == null || b.address == null) {
            return MISSING;
        }
        if (a.address.equals(b.address)) {
            return A_EXACT;
        }
        if (a.houseNumber != null && a.houseNumber.equals(b.houseNumber)) {
            for (String x : a.addressWords) {
                for (String y : b.addressWords) {
                    if (x.equals(y)) {
                        return A_PARTIAL;
                    }
                }
            }
        }
        if (Similarity.jaroWinkler(a.address, b.address) >= 0.93) {
            return A_PARTIAL;
        }
        return A_DISAGREE;
    }

    /** Builds the field-by-field evidence of a comparison. */
    MatchScore evidence(Comparison c, PreparedDemographics a, PreparedDemographics b) {
        List<Evidence> ev = new ArrayList<>(9);
        Demographics da = a.source;
        Demographics db = b.source;
        ev.add(c.nhs == MISSING ? missing("nhsNumber", da.nhsNumber(), db.nhsNumber())
                : new Evidence("nhsNumber", c.nhs == NHS_AGREE ? "agree" : "disagree",
                        c.nhs == NHS_AGREE ? w.nhsAgree() : w.nhsDisagree(), a.nhs + (c.nhs == NHS_AGREE ? " = " : " vs ") + b.nhs));
        if (c.family == MISSING) {
            ev.add(missing("family", da.family(), db.family()));
        } else {
            double weight = c.family == F_EXACT ? familyExactWeight(a) : familyW[c.family];
            String detail = up(da.family()) + sym(c.family == F_EXACT, c.family == F_DISAGREE) + up(db.family());
            if (c.family == F_EXACT && a.familyFrequency > w.surnameDefaultFrequency()) {
                detail += String.format(Locale.ROOT, " (common: %.2f%% of people)", a.familyFrequency * 100);
            }
            ev.add(new Evidence("family", F_NAMES[c.family], weight, detail));
        }
        if (c.given == MISSING) {
            ev.add(missing("given", String.join(" ", da.given()), String.join(" ", db.given())));
        } else {
            double weight = c.given == G_EXACT ? givenExactWeight(a) : givenW[c.given];
            String detail = up(String.join(" ", da.given())) + sym(c.given == G_EXACT, c.given == G_DISAGREE)
                    + up(String.join(" ", db.given()));
            if (c.given == G_EXACT && a.givenFrequency > w.givenDefaultFrequency()) {
                detail += String.format(Locale.ROOT, " (common: %.2f%% of people)", a.givenFrequency * 100);
            }
            ev.add(new Evidence("given", G_NAMES[c.given], weight, detail));
        }
        if (c.middle == MISSING) {
            ev.add(missing("middle", middleNames(a), middleNames(b)));
        } else {
            ev.add(new Evidence("middle", c.middle == M_AGREE ? "agree" : "disagree",
                    c.middle == M_AGREE ? w.middleAgree() : w.middleDisagree(),
                    up(middleNames(a)) + sym(false, c.middle == M_DISAGREE) + up(middleNames(b))));
        }
        ev.add(c.dob == MISSING ? missing("birthDate", da.birthDate(), db.birthDate())
                : new Evidence("birthDate", D_NAMES[c.dob], dobW[c.dob],
                        da.birthDate() + sym(c.dob == D_EXACT, c.dob == D_DISAGREE) + db.birthDate()));
        ev.add(c.sex == MISSING ? missing("sex", da.sex(), db.sex())
                : new Evidence("sex", c.sex == S_AGREE ? "agree" : "disagree", sexWeight(c),
                        a.sex + (c.sex == S_AGREE ? " = " : " vs ") + b.sex));
        ev.add(c.postcode == MISSING ? missing("postcode", da.postcode(), db.postcode())
                : new Evidence("postcode", P_NAMES[c.postcode], postcodeW[c.postcode],
                        a.postcode + sym(c.postcode == P_EXACT, c.postcode == P_DISAGREE) + b.postcode));
        ev.add(c.address == MISSING ? missing("address", da.addressLine(), db.addressLine())
                : new Evidence("address", A_NAMES[c.address], addressWeight(c),
                        a.address + sym(c.address == A_EXACT, c.address == A_DISAGREE) + b.address));
        ev.add(c.household == 0 ? new Evidence("household", "not-capped", 0.0, "-")
                : new Evidence("household", "capped", c.household, String.format(Locale.ROOT,
                        "same surname and home: family, postcode and address together capped at %.1f",
                        MatchWeights.HOUSEHOLD_CAP)));
        return new MatchScore(c.score, ev, c.twinRisk);
    }

    private static String middleNames(PreparedDemographics p) {
        return p.given.length < 2 ? "" : String.join(" ", java.util.Arrays.copyOfRange(p.given, 1, p.given.length));
    }

    private static Evidence missing(String field, Object a, Object b) {
        return new Evidence("missing".equals(field) ? field : field, "missing", 0.0,
                (a == null || "".equals(a) ? "-" : a) + " / " + (b == null || "".equals(b) ? "-" : b));
    }

    private static String sym(boolean equal, boolean disagree) {
        return equal ? " = " : disagree ? " vs " : " ~ ";
    }

    private static String up(String s) {
        return s == null ? "-" : s.toUpperCase(Locale.ROOT);
    }
}
