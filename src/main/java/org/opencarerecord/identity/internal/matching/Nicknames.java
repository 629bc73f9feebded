package org.opencarerecord.identity.internal.matching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Given-name variants from the curated file {@code identity/nicknames.csv}: each line a formal name
 * followed by its nicknames and spelling variants. Loaded once.
 */
public final class Nicknames {

    private static final String RESOURCE = "/identity/nicknames.csv";
    /** variant -> the formal names it is a variant of. */
    private static final Map<String, Set<String>> FORMALS = new HashMap<>();
    /** formal name -> its variants. */
    private static final Map<String, Set<String>> VARIANTS = new HashMap<>();

    static {
        try (InputStream in = Nicknames.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] names = line.split(",");
                String formal = NameNormaliser.normalise(names[0]);
                for (int i = 1; i < names.length; i++) {
                    String v = NameNormaliser.normalise(names[i]).replace(" ", "");
                    if (v.isEmpty() || v.equals(formal)) {
                        continue;
                    }
                    VARIANTS.computeIfAbsent(formal, k -> new LinkedHashSet<>()).add(v);
                    FORMALS.computeIfAbsent(v, k -> new LinkedHashSet<>()).add(formal);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FORMALS.replaceAll((k, v) -> Set.copyOf(v));
        VARIANTS.replaceAll((k, v) -> Set.copyOf(v));
    }

    private Nicknames() {
    }

    /**
     * The name itself, its formal name(s), and the variants of itself and of those formal names:
     * {@code bill} gives {bill, william, will, billy, willie, liam, ...}.
     */
    public static Set<String> forms(String normalisedGiven) {
        if (normalisedGiven == null || normalisedGiven.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        out.add(normalisedGiven);
        out.addAll(VARIANTS.getOrDefault(normalisedGiven, Set.of()));
        for (String formal : FORMALS.getOrDefault(normalisedGiven, Set.of())) {
            out.add(formal);
            out.addAll(VARIANTS.getOrDefault(formal, Set.of()));
        }
        return out;
    }

    /**
     * Whether one name is a listed variant of the other (Bill and William, Peggy and Margaret). Two
     * nicknames of the same formal name (Alfie and Freddie) are not related: twins are given such pairs.
     */
    public static boolean related(String a, String b) {
        if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
            return false;
        }
        return a.equals(b) || FORMALS.getOrDefault(a, Set.of()).contains(b) || FORMALS.getOrDefault(b, Set.of()).contains(a);
    }

    /**
     * The formal names a given name stands for, used for blocking: its formal names when it is a listed
     * variant, plus the name itself when it is a formal name or not listed at all.
     */
    public static Set<String> canonical(String normalisedGiven) {
        if (normalisedGiven == null || normalisedGiven.isEmpty()) {
            return Set.of();
        }
        Set<String> formals = FORMALS.get(normalisedGiven);
        if (formals == null) {
            return Set.of(normalisedGiven);
        }
        if (!VARIANTS.containsKey(normalisedGiven)) {
            return formals;
        }
        Set<String> out = new LinkedHashSet<>(formals);
        out.add(normalisedGiven);
        return out;
    }

    /** Whether the normalised name appears in the file, as a formal name or as a variant. */
    public static boolean listed(String normalisedGiven) {
        return normalisedGiven != null && (FORMALS.containsKey(normalisedGiven) || VARIANTS.containsKey(normalisedGiven));
    }

    /** The variants listed for a formal name (empty when it is not a formal name in the file). */
    public static Set<String> variantsOf(String formal) {
        return VARIANTS.getOrDefault(formal, Set.of());
    }
}
