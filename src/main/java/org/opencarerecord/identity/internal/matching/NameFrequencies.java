package org.opencarerecord.identity.internal.matching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Approximate share of the population carrying a surname or first given name, from
 * {@code identity/name-frequencies.csv}. Used to lower the weight of exact agreement on common names.
 */
public final class NameFrequencies {

    /** One listed name: its kind ("surname", "given-male", "given-female"), the name as written, share per 100,000. */
    public record Entry(String kind, String name, double per100k) {
    }

    private static final String RESOURCE = "/identity/name-frequencies.csv";
    private static final Map<String, Double> SURNAMES = new HashMap<>();
    private static final Map<String, Double> GIVEN = new HashMap<>();
    private static final List<Entry> ENTRIES = new ArrayList<>();

    static {
        try (InputStream in = NameFrequencies.class.getResourceAsStream(RESOURCE)) {
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
                String[] f = line.split(",");
                double per100k = Double.parseDouble(f[2]);
                ENTRIES.add(new Entry(f[0], f[1], per100k));
                String key = NameNormaliser.normalise(f[1]).replace(" ", "");
                Map<String, Double> target = f[0].equals("surname") ? SURNAMES : GIVEN;
                target.merge(key, per100k / 100_000.0, Double::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private NameFrequencies() {
    }

    /** Share of people with this normalised surname (spaces ignored), or 0 when not listed. */
    public static double surname(String normalised) {
        return normalised == null ? 0 : SURNAMES.getOrDefault(normalised.replace(" ", ""), 0.0);
    }

    /** Share of people with this normalised first given name, or 0 when not listed. */
    public static double given(String normalised) {
        return normalised == null ? 0 : GIVEN.getOrDefault(normalised, 0.0);
    }

    /** Every listed name, in file order (the accuracy benchmark draws its population from these). */
    public static List<Entry> entries() {
        return Collections.unmodifiableList(ENTRIES);
    }
}
