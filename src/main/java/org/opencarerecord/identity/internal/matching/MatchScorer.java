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
        if (c.dob != MISSING) {
            s += dobW[c.dob];
        }
        if (c.sex != MISSING) {
            s += c.sex == S_AGREE ? w.sexAgree() : w.sexDisagree();
        }
        if (c.postcode != MISSING) {
            s += postcodeW[c.postcode];
        }
        if (c.address != MISSING) {
            s += addressWeight(c);
        }
        c.score = s;
        c.twinRisk = c.family == F_EXACT && c.dob == D_EXACT && (c.postcode == P_EXACT || c.address == A_EXACT)
                && c.given != MISSING && !sameGivenName(c.given, a, b);
        return c;
    }

    /** Comparison levels of a pair; see the level constants. */
    public static final class Comparison {
        int nhs;
        int family;
        int given;
        int dob;
        int sex;
        int postcode;
        int address;
        double score;
        boolean twinRisk;

        public double score() {
            return score;
        }

        public boolean twinRisk() {
            return twinRisk;
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
            case G_EDIT -> Math.min(a.given[0].length(), b.given[0].length()) >= 4 && a.given[0].charAt(0) == b.given[0].charAt(0)
                    && Similarity.jaroWinkler(a.given[0], b.given[0]) >= 0.9;
            default -> false;
        };
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
        List<Evidence> ev = new ArrayList<>(7);
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
        ev.add(c.dob == MISSING ? missing("birthDate", da.birthDate(), db.birthDate())
                : new Evidence("birthDate", D_NAMES[c.dob], dobW[c.dob],
                        da.birthDate() + sym(c.dob == D_EXACT, c.dob == D_DISAGREE) + db.birthDate()));
        ev.add(c.sex == MISSING ? missing("sex", da.sex(), db.sex())
                : new Evidence("sex", c.sex == S_AGREE ? "agree" : "disagree", c.sex == S_AGREE ? w.sexAgree() : w.sexDisagree(),
                        a.sex + (c.sex == S_AGREE ? " = " : " vs ") + b.sex));
        ev.add(c.postcode == MISSING ? missing("postcode", da.postcode(), db.postcode())
                : new Evidence("postcode", P_NAMES[c.postcode], postcodeW[c.postcode],
                        a.postcode + sym(c.postcode == P_EXACT, c.postcode == P_DISAGREE) + b.postcode));
        ev.add(c.address == MISSING ? missing("address", da.addressLine(), db.addressLine())
                : new Evidence("address", A_NAMES[c.address], addressWeight(c),
                        a.address + sym(c.address == A_EXACT, c.address == A_DISAGREE) + b.address));
        return new MatchScore(c.score, ev, c.twinRisk);
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
