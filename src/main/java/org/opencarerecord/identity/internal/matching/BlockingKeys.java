package org.opencarerecord.identity.internal.matching;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Blocking keys: a stored record is indexed under {@link #index} keys; an incoming record looks up its
 * {@link #probe} keys; only records sharing a key are scored. Each key combines two or three fields so
 * that it is selective (tens of records in a region of millions), and the set of keys is redundant so
 * that any single tolerated error (and most pairs of errors) leaves at least one key intact:
 * <ul>
 * <li>{@code n:<nhs>} verified NHS number</li>
 * <li>{@code d:<yyyy-mm-dd>|<m/f>} birth date and sex (both sexes when sex is missing or other)</li>
 * <li>{@code f:<family code>|<yyyy-mm>} each surname part's phonetic code and birth month</li>
 * <li>{@code g:<given code>|<yyyy-mm>} the formal first name's phonetic code and birth month</li>
 * <li>{@code y:<family code>|<given code>|<yyyy>} names and birth year</li>
 * <li>{@code b:<family code>|<given code>|<mm-dd>} names and birthday (catches a wrong year)</li>
 * <li>{@code p:<postcode>|<family code>} and {@code q:<postcode>|<given code>} household</li>
 * </ul>
 * Probing adds the same keys for the birth date with day and month swapped.
 */
public final class BlockingKeys {

    private BlockingKeys() {
    }

    public static Set<String> index(Demographics d) {
        return index(PreparedDemographics.of(d));
    }

    public static Set<String> probe(Demographics d) {
        return probe(PreparedDemographics.of(d));
    }

    public static Set<String> index(PreparedDemographics p) {
        Set<String> keys = new LinkedHashSet<>();
        add(keys, p, p.year, p.month, p.day, true);
        return keys;
    }

    public static Set<String> probe(PreparedDemographics p) {
        Set<String> keys = new LinkedHashSet<>();
        add(keys, p, p.year, p.month, p.day, true);
        if (p.birthDate != null && p.day != p.month && p.day <= 12) {
            add(keys, p, p.year, p.day, p.month, false);
        }
        return keys;
    }

    private static void add(Set<String> keys, PreparedDemographics p, int year, int month, int day, boolean withoutDate) {
        Set<String> family = p.familyCodes();
        Set<String> given = p.givenCanonicalCodes();
        if (withoutDate) {
            if (p.nhs != null) {
                keys.add("n:" + p.nhs);
            }
            if (p.postcode != null) {
                for (String f : family) {
                    keys.add("p:" + p.postcode + "|" + f);
                }
                for (String g : given) {
                    keys.add("q:" + p.postcode + "|" + g);
                }
            }
            if (p.birthDate != null) {
                String y = Integer.toString(year);
                for (String f : family) {
                    for (String g : given) {
                        keys.add("y:" + f + "|" + g + "|" + y);
                    }
                }
            }
        }
        if (p.birthDate == null) {
            return;
        }
        String ym = year + "-" + two(month);
        String md = two(month) + "-" + two(day);
        String date = ym + "-" + two(day);
        if (p.sex == null) {
            keys.add("d:" + date + "|m");
            keys.add("d:" + date + "|f");
        } else {
            keys.add("d:" + date + "|" + p.sex.charAt(0));
        }
        for (String f : family) {
            keys.add("f:" + f + "|" + ym);
        }
        for (String g : given) {
            keys.add("g:" + g + "|" + ym);
        }
        for (String f : family) {
            for (String g : given) {
                keys.add("b:" + f + "|" + g + "|" + md);
            }
        }
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
