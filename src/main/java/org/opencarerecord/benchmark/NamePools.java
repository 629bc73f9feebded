package org.opencarerecord.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.opencarerecord.identity.internal.matching.NameFrequencies;

/**
 * The names the benchmark populations draw from: the listed UK names by their frequency, and a
 * long tail of generated rare names. Both populations draw through here, so they agree on what a
 * realistic name distribution is.
 */
final class NamePools {

    static final String[] SURNAMES;
    static final double[] SURNAME_CUMULATIVE;
    static final String[] MALE;
    static final double[] MALE_CUMULATIVE;
    static final String[] FEMALE;
    static final double[] FEMALE_CUMULATIVE;
    static final String[] RARE_MALE = combine(MatchAccuracyPopulation.GIVEN_START, MatchAccuracyPopulation.GIVEN_END_M);
    static final String[] RARE_FEMALE = combine(MatchAccuracyPopulation.GIVEN_START, MatchAccuracyPopulation.GIVEN_END_F);

    static {
        List<String> s = new ArrayList<>();
        List<Double> sw = new ArrayList<>();
        List<String> m = new ArrayList<>();
        List<Double> mw = new ArrayList<>();
        List<String> f = new ArrayList<>();
        List<Double> fw = new ArrayList<>();
        for (NameFrequencies.Entry e : NameFrequencies.entries()) {
            switch (e.kind()) {
                case "surname" -> { s.add(e.name()); sw.add(e.per100k()); }
                case "given-male" -> { m.add(e.name()); mw.add(e.per100k()); }
                default -> { f.add(e.name()); fw.add(e.per100k()); }
            }
        }
        SURNAMES = s.toArray(new String[0]);
        SURNAME_CUMULATIVE = cumulative(sw);
        MALE = m.toArray(new String[0]);
        MALE_CUMULATIVE = cumulative(mw);
        FEMALE = f.toArray(new String[0]);
        FEMALE_CUMULATIVE = cumulative(fw);
    }

    private NamePools() {
    }

    /** Every generated rare surname, in a fixed order (a population shuffles or selects from it). */
    static List<String> rareSurnameCandidates() {
        List<String> rare = new ArrayList<>();
        for (String p : MatchAccuracyPopulation.PREFIX) {
            for (String mid : MatchAccuracyPopulation.MIDDLE) {
                for (String suf : MatchAccuracyPopulation.SUFFIX) {
                    rare.add(p + mid + suf);
                }
            }
        }
        return rare;
    }

    /** 45 % of family names from the listed ones by frequency, the rest from the population's rare ones. */
    static String surname(SplittableRandom random, String[] rareSurnames) {
        if (random.nextDouble() < 0.45) {
            return pick(SURNAMES, SURNAME_CUMULATIVE, random);
        }
        return rareSurnames[random.nextInt(rareSurnames.length)];
    }

    /** 88 % of given names from the listed ones by frequency, the rest rare. */
    static String givenName(String sex, SplittableRandom random) {
        boolean m = sex.equals("male");
        if (random.nextDouble() < 0.12) {
            String[] pool = m ? RARE_MALE : RARE_FEMALE;
            return pool[random.nextInt(pool.length)];
        }
        return m ? pick(MALE, MALE_CUMULATIVE, random) : pick(FEMALE, FEMALE_CUMULATIVE, random);
    }

    private static String pick(String[] names, double[] cumulative, SplittableRandom random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return names[Math.min(names.length - 1, i < 0 ? -i - 1 : i)];
    }

    private static double[] cumulative(List<Double> weights) {
        double[] c = new double[weights.size()];
        double sum = 0;
        for (int i = 0; i < c.length; i++) {
            sum += weights.get(i);
            c[i] = sum;
        }
        for (int i = 0; i < c.length; i++) {
            c[i] /= sum;
        }
        return c;
    }

    private static String[] combine(String[] a, String[] b) {
        List<String> out = new ArrayList<>();
        for (String x : a) {
            for (String y : b) {
                out.add(x + y);
            }
        }
        return out.toArray(new String[0]);
    }
}
