package org.opencarerecord.identity.internal.matching;

/** String similarity measures for short names. */
public final class Similarity {

    private Similarity() {
    }

    /** Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4). */
    public static double jaroWinkler(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        if (a.equals(b)) {
            return a.isEmpty() ? 0 : 1;
        }
        int la = a.length();
        int lb = b.length();
        if (la == 0 || lb == 0) {
            return 0;
        }
        int window = Math.max(0, Math.max(la, lb) / 2 - 1);
        long matchedA = 0;
        long matchedB = 0;
        boolean[] ma = la > 64 ? new boolean[la] : null;
        boolean[] mb = lb > 64 ? new boolean[lb] : null;
        int matches = 0;
        for (int i = 0; i < la; i++) {
            int from = Math.max(0, i - window);
            int to = Math.min(lb - 1, i + window);
            char c = a.charAt(i);
            for (int j = from; j <= to; j++) {
                boolean used = mb == null ? (matchedB & (1L << j)) != 0 : mb[j];
                if (!used && b.charAt(j) == c) {
                    if (mb == null) {
                        matchedB |= 1L << j;
                    } else {
                        mb[j] = true;
                    }
                    if (ma == null) {
                        matchedA |= 1L << i;
                    } else {
                        ma[i] = true;
                    }
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0;
        }
        int transpositions = 0;
        int k = 0;
        for (int i = 0; i < la; i++) {
            boolean mi = ma == null ? (matchedA & (1L << i)) != 0 : ma[i];
            if (mi) {
                while (!(mb == null ? (matchedB & (1L << k)) != 0 : mb[k])) {
                    k++;
                }
                if (a.charAt(i) != b.charAt(k)) {
                    transpositions++;
                }
                k++;
            }
        }
        double m = matches;
        double jaro = (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
        int prefix = 0;
        int maxPrefix = Math.min(4, Math.min(la, lb));
        while (prefix < maxPrefix && a.charAt(prefix) == b.charAt(prefix)) {
            prefix++;
        }
        return jaro + prefix * 0.1 * (1 - jaro);
    }

    /**
     * Damerau-Levenshtein distance (optimal string alignment: insertions, deletions, substitutions and
     * transpositions of adjacent characters), or {@code max + 1} as soon as it is known to exceed {@code max}.
     */
    public static int damerauLevenshtein(String a, String b, int max) {
        if (a == null || b == null) {
            return max + 1;
        }
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > max) {
            return max + 1;
        }
        if (a.equals(b)) {
            return 0;
        }
        if (la == 0 || lb == 0) {
            return Math.max(la, lb) <= max ? Math.max(la, lb) : max + 1;
        }
        int[] prev2 = new int[lb + 1];
        int[] prev = new int[lb + 1];
        int[] cur = new int[lb + 1];
        for (int j = 0; j <= lb; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= la; i++) {
            cur[0] = i;
            int rowMin = i;
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= lb; j++) {
                char cb = b.charAt(j - 1);
                int cost = ca == cb ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && ca == b.charAt(j - 2) && a.charAt(i - 2) == cb) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                if (v < rowMin) {
                    rowMin = v;
                }
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[lb] <= max ? prev[lb] : max + 1;
    }
}
