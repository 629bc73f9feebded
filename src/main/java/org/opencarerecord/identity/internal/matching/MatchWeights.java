package org.opencarerecord.identity.internal.matching;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fellegi-Sunter weights, one per field comparison level: log2(m/u), where m is the chance of that
 * level when two records are of the same person and u when they are of different people. The
 * disagreement level's m and u are 1 minus the sum of the field's agreement levels, so its weight is
 * log2((1 - m)/(1 - u)). Exact agreement on a family or first given name is further lowered for common
 * names by log2(share of the name / default share), see {@link #surnameDefaultFrequency}.
 *
 * @param surnameDefaultFrequency the u of exact family-name agreement for names not in the frequency list
 * @param givenDefaultFrequency the u of exact first-given-name agreement for names not in the frequency list
 */
public record MatchWeights(
        double nhsAgree, double nhsDisagree,
        double familyExact, double familyEditOne, double familyPhonetic, double familyPart, double familyDisagree,
        double givenExact, double givenNickname, double givenOtherPosition, double givenEditOne, double givenPhonetic,
        double givenInitial, double givenDisagree,
        double middleAgree, double middleDisagree,
        double birthDateExact, double birthDateSwapped, double birthDateOneDigit, double birthDateDisagree,
        double sexAgree, double sexDisagree,
        double postcodeExact, double postcodeSector, double postcodeDistrict, double postcodeDisagree,
        double addressExact, double addressPartial, double addressDisagree,
        double surnameDefaultFrequency, double givenDefaultFrequency) {

    /** One comparison level's m and u probability and the reasoning (see docs/matching.md). */
    public record Level(String field, String level, double m, double u) {
        public double weight() {
            return log2(m / u);
        }
    }

    public static final double SURNAME_DEFAULT_FREQUENCY = 2e-5;
    public static final double GIVEN_DEFAULT_FREQUENCY = 1e-4;

    /** The m and u of every agreement level; each field's disagreement level takes what is left. */
    public static final List<Level> AGREEMENT_LEVELS = List.of(
            new Level("nhsNumber", "agree", 0.999999, 1e-7),
            new Level("family", "exact", 0.90, SURNAME_DEFAULT_FREQUENCY),
            new Level("family", "edit-one", 0.025, 4e-4),
            new Level("family", "phonetic", 0.015, 2e-3),
            new Level("family", "part", 0.015, 1e-3),
            new Level("given", "exact", 0.86, GIVEN_DEFAULT_FREQUENCY),
            new Level("given", "nickname", 0.05, 3e-3),
            new Level("given", "other-position", 0.01, 6e-4),
            new Level("given", "edit-one", 0.02, 1e-3),
            new Level("given", "phonetic", 0.015, 4e-3),
            new Level("given", "initial", 0.005, 2e-3),
            // the other given names, compared only when both records carry some and the first name of one is not
            // a middle name of the other: agree = any pair equal, nickname-related, a one-letter typo or an initial
            // of the other. u: middle names are concentrated (Ann, Marie, Louise, John, James, Elizabeth), so two
            // people's middle names agree about 3 % of the time; m: a person's middle names are stable between
            // records (when both sources record them)
            new Level("middle", "agree", 0.96, 0.03),
            new Level("birthDate", "exact", 0.96, 1 / 36525.0),
            new Level("birthDate", "day-month-swapped", 0.008, 1 / 36525.0),
            new Level("birthDate", "one-digit", 0.017, 30 / 36525.0),
            new Level("sex", "agree", 0.99, 0.5),
            new Level("postcode", "exact", 0.85, 1e-4),
            new Level("postcode", "sector", 0.02, 3e-3),
            new Level("postcode", "district", 0.03, 0.02),
            new Level("address", "exact", 0.80, 0.07),
            new Level("address", "partial", 0.08, 0.04));

    /**
     * u of "same family name and same home" for two different people: households share surnames, so family
     * name, postcode and address line are not independent. About one other person in a region of 2.7 million
     * shares a given person's surname and home (partner, child, sibling): u = 1.35 / 2.7e6 = 5e-7.
     */
    public static final double HOUSEHOLD_U = 5e-7;

    /**
     * The most that family name, postcode and address line together may add when the family name and
     * postcode agree exactly: log2(m/u) with m = 0.90 x 0.85 x 0.80 (each exact) and u = {@link #HOUSEHOLD_U},
     * about 20.2. Above it the separate weights would count the household several times.
     */
    public static final double HOUSEHOLD_CAP = log2(0.90 * 0.85 * 0.80 / HOUSEHOLD_U);

    public static MatchWeights defaults() {
        Map<String, Double> w = new LinkedHashMap<>();
        Map<String, double[]> rest = new LinkedHashMap<>();
        for (Level l : AGREEMENT_LEVELS) {
            w.put(l.field() + "." + l.level(), l.weight());
            double[] mu = rest.computeIfAbsent(l.field(), k -> new double[] {1, 1});
            mu[0] -= l.m();
            mu[1] -= l.u();
        }
        rest.forEach((field, mu) -> w.put(field + ".disagree", log2(mu[0] / mu[1])));
        return new MatchWeights(
                w.get("nhsNumber.agree"), w.get("nhsNumber.disagree"),
                w.get("family.exact"), w.get("family.edit-one"), w.get("family.phonetic"), w.get("family.part"),
                w.get("family.disagree"),
                w.get("given.exact"), w.get("given.nickname"), w.get("given.other-position"), w.get("given.edit-one"),
                w.get("given.phonetic"), w.get("given.initial"), w.get("given.disagree"),
                w.get("middle.agree"), w.get("middle.disagree"),
                w.get("birthDate.exact"), w.get("birthDate.day-month-swapped"), w.get("birthDate.one-digit"),
                w.get("birthDate.disagree"),
                w.get("sex.agree"), w.get("sex.disagree"),
                w.get("postcode.exact"), w.get("postcode.sector"), w.get("postcode.district"), w.get("postcode.disagree"),
                w.get("address.exact"), w.get("address.partial"), w.get("address.disagree"),
                SURNAME_DEFAULT_FREQUENCY, GIVEN_DEFAULT_FREQUENCY);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
