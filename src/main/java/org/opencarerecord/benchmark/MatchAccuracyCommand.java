package org.opencarerecord.benchmark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.opencarerecord.identity.internal.matching.BlockingKeys;
import org.opencarerecord.identity.internal.matching.Candidate;
import org.opencarerecord.identity.internal.matching.Demographics;
import org.opencarerecord.identity.internal.matching.Evidence;
import org.opencarerecord.identity.internal.matching.MatchDecider;
import org.opencarerecord.identity.internal.matching.MatchDecision;
import org.opencarerecord.identity.internal.matching.MatchOutcome;
import org.opencarerecord.identity.internal.matching.MatchScorer;
import org.opencarerecord.identity.internal.matching.MatchThresholds;
import org.opencarerecord.identity.internal.matching.MatchWeights;
import org.opencarerecord.identity.internal.matching.PreparedCandidate;
import org.opencarerecord.identity.internal.matching.PreparedDemographics;

/**
 * {@code java -jar target/shared-care-record.jar match-accuracy [--people 100000] [--seed 1] [--show 20]
 * [--link 30] [--review 17] [--mode both|nhs|no-nhs]}: generates a labelled population and its corrupted source
 * records (see docs/matching.md), runs every record in random order through an in-memory index that
 * blocks with {@link BlockingKeys} and decides with {@link MatchDecider}, and reports pairwise precision,
 * recall and F1 of automatic links, the share sent to review, every false link, candidates per probe and
 * time per match. Once with NHS numbers on 70% of records, once with none.
 */
public final class MatchAccuracyCommand {

    private static int showMissed;

    private MatchAccuracyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("match-accuracy")) {
                continue;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: match-accuracy [--people 100000] [--seed 1] [--show 20] [--link 30] [--review 17]"
                        + " [--mode both|nhs|no-nhs]");
                return 2;
            }
            options.put(a.substring(2), args[++i]);
        }
        int people = Integer.parseInt(options.getOrDefault("people", "100000"));
        long seed = Long.parseLong(options.getOrDefault("seed", "1"));
        int show = Integer.parseInt(options.getOrDefault("show", "20"));
        showMissed = Integer.parseInt(options.getOrDefault("show-missed", "0"));
        String mode = options.getOrDefault("mode", "both");
        MatchThresholds defaults = MatchThresholds.defaults();
        MatchThresholds thresholds = new MatchThresholds(
                Double.parseDouble(options.getOrDefault("link", Double.toString(defaults.link()))),
                Double.parseDouble(options.getOrDefault("review", Double.toString(defaults.review()))));

        long t0 = System.nanoTime();
        MatchAccuracyPopulation population = new MatchAccuracyPopulation(people, seed);
        System.out.printf(Locale.ROOT, "# Match accuracy: %,d people, %,d source records, seed %d (generated in %.1f s)%n%n",
                population.people.size(), population.records.size(), seed, (System.nanoTime() - t0) / 1e9);
        MatchDecider decider = new MatchDecider(new MatchScorer(MatchWeights.defaults()), thresholds);
        System.out.printf(Locale.ROOT, "Thresholds: link %.1f, review %.1f%n%n", thresholds.link(), thresholds.review());
        boolean pass = true;
        if (!mode.equals("no-nhs")) {
            pass &= report("With NHS numbers (70% of records carry the right one)", population, decider, true, seed, show);
        }
        if (!mode.equals("nhs")) {
            pass &= report("Without NHS numbers (none on any record)", population, decider, false, seed, show);
        }
        System.out.printf(Locale.ROOT, "Total time %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return pass ? 0 : 1;
    }

    private static boolean report(String title, MatchAccuracyPopulation population, MatchDecider decider, boolean withNhs,
            long seed, int show) {
        List<MatchAccuracyPopulation.SourceRecord> records = population.records;
        int n = records.size();
        PreparedDemographics[] prepared = new PreparedDemographics[n];
        for (int i = 0; i < n; i++) {
            MatchAccuracyPopulation.SourceRecord r = records.get(i);
            prepared[i] = PreparedDemographics.of(withNhs ? r.withNhs() : r.withoutNhs());
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Map<String, int[]> index = new HashMap<>(n * 8);
        Map<String, Integer> indexSizes = new HashMap<>();
        int[] cluster = new int[n];
        int clusters = 0;
        int[] seen = new int[n];
        int stamp = 0;
        long candidatesTotal = 0;
        int candidatesMax = 0;
        long nanos = 0;
        int links = 0;
        int reviews = 0;
        int news = 0;
        int falseLinks = 0;
        int twinFalseLinks = 0;
        int namesakeFalseLinks = 0;
        List<String> falseLinkReports = new ArrayList<>();
        Map<String, Integer> reviewReasons = new HashMap<>();
        List<PreparedCandidate> candidates = new ArrayList<>();
        int missedShown = 0;
        for (int step = 0; step < n; step++) {
            int r = order[step];
            long start = System.nanoTime();
            stamp++;
            candidates.clear();
            for (String key : BlockingKeys.probe(prepared[r])) {
                int[] list = index.get(key);
                if (list == null) {
                    continue;
                }
                int size = list[0];
                for (int k = 1; k <= size; k++) {
                    int c = list[k];
                    if (seen[c] != stamp) {
                        seen[c] = stamp;
                        candidates.add(new PreparedCandidate(new UUID(0, cluster[c]), new UUID(1, c), prepared[c]));
                    }
                }
            }
            MatchDecision decision = decider.decidePrepared(prepared[r], candidates);
            nanos += System.nanoTime() - start;
            candidatesTotal += candidates.size();
            candidatesMax = Math.max(candidatesMax, candidates.size());
            if (decision.outcome() == MatchOutcome.LINK) {
                links++;
                cluster[r] = (int) decision.personId().getLeastSignificantBits();
                int matched = (int) decision.sourceRecordId().getLeastSignificantBits();
                int truthR = records.get(r).person();
                int truthM = records.get(matched).person();
                if (truthR != truthM) {
                    falseLinks++;
                    MatchAccuracyPopulation.Person pr = population.people.get(truthR);
                    boolean twins = pr.twinOf == truthM;
                    boolean namesakes = pr.namesakeOf == truthM;
                    if (twins) {
                        twinFalseLinks++;
                    }
                    if (namesakes) {
                        namesakeFalseLinks++;
                    }
                    if (falseLinkReports.size() < show) {
                        falseLinkReports.add(describe(falseLinks, records.get(r), records.get(matched), decision,
                                twins ? "twins" : namesakes ? "namesakes" : "unrelated"));
                    }
                }
            } else {
                cluster[r] = clusters++ + n;
                if (missedShown < showMissed && decision.sourceRecordId() != null) {
                    int best = (int) decision.sourceRecordId().getLeastSignificantBits();
                    boolean truthIndexed = false;
                    for (int s = 0; s < step; s++) {
                        if (records.get(order[s]).person() == records.get(r).person()) {
                            truthIndexed = true;
                            break;
                        }
                    }
                    if (truthIndexed && random.nextDouble() < 0.2) {
                        missedShown++;
                        System.out.println("MISSED " + decision.outcome() + " truth-best=" + (records.get(best).person() == records.get(r).person()) + "\n"
                                + describe(missedShown, records.get(r), records.get(best), decision, "missed"));
                    }
                }
                if (decision.outcome() == MatchOutcome.POSSIBLE_MATCH) {
                    reviews++;
                    String reason = decision.reason().replaceAll("[0-9.]+", "#");
                    reviewReasons.merge(reason, 1, Integer::sum);
                } else {
                    news++;
                }
            }
            for (String key : BlockingKeys.index(prepared[r])) {
                int[] list = index.get(key);
                if (list == null) {
                    list = new int[3];
                } else if (list[0] + 1 >= list.length) {
                    list = java.util.Arrays.copyOf(list, list.length * 2);
                }
                list[++list[0]] = r;
                index.put(key, list);
            }
        }
        // pairwise figures
        Map<Long, Integer> byClusterAndPerson = new HashMap<>();
        Map<Integer, Integer> byCluster = new HashMap<>();
        Map<Integer, Integer> byPerson = new HashMap<>();
        for (int r = 0; r < n; r++) {
            int person = records.get(r).person();
            byClusterAndPerson.merge(((long) cluster[r] << 32) | person, 1, Integer::sum);
            byCluster.merge(cluster[r], 1, Integer::sum);
            byPerson.merge(person, 1, Integer::sum);
        }
        double truePairs = pairs(byPerson);
        double predictedPairs = pairs(byCluster);
        double tp = 0;
        for (int c : byClusterAndPerson.values()) {
            tp += c * (c - 1) / 2.0;
        }
        double precision = predictedPairs == 0 ? 1 : tp / predictedPairs;
        double recall = truePairs == 0 ? 1 : tp / truePairs;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        double reviewShare = reviews / (double) n;
        long keyTotal = 0;
        for (int[] list : index.values()) {
            keyTotal += list[0];
        }
        // cost of decide() on raw demographics (normalising every candidate each time), on a sample
        long rawNanos = 0;
        int rawSamples = Math.min(2000, n);
        long rawCandidates = 0;
        for (int s = 0; s < rawSamples; s++) {
            int r = order[s * (n / rawSamples)];
            Demographics in = withNhsOrNot(records.get(r), withNhs);
            List<Candidate> raw = new ArrayList<>();
            stamp++;
            long start = System.nanoTime();
            for (String key : BlockingKeys.probe(in)) {
                int[] list = index.get(key);
                if (list == null) {
                    continue;
                }
                for (int k = 1; k <= list[0]; k++) {
                    int c = list[k];
                    if (c != r && seen[c] != stamp) {
                        seen[c] = stamp;
                        raw.add(new Candidate(new UUID(0, cluster[c]), new UUID(1, c), withNhsOrNot(records.get(c), withNhs)));
                    }
                }
            }
            decider.decide(in, raw);
            rawNanos += System.nanoTime() - start;
            rawCandidates += raw.size();
        }

        boolean pass = twinFalseLinks == 0 && precision >= 0.9999 && recall >= 0.97 && reviewShare <= 0.03;
        System.out.println("## " + title);
        System.out.println();
        System.out.println("| measure | value | target |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| source records | %,d | |%n", n);
        System.out.printf(Locale.ROOT, "| automatic links | %,d (%.2f %%) | |%n", links, 100.0 * links / n);
        System.out.printf(Locale.ROOT, "| sent to review (possible match) | %,d (%.2f %%) | <= 3 %% |%n", reviews, 100 * reviewShare);
        System.out.printf(Locale.ROOT, "| new person | %,d (%.2f %%) | |%n", news, 100.0 * news / n);
        System.out.printf(Locale.ROOT, "| pairwise precision | %.4f %% | >= 99.99 %% |%n", 100 * precision);
        System.out.printf(Locale.ROOT, "| pairwise recall | %.2f %% | >= 97 %% |%n", 100 * recall);
        System.out.printf(Locale.ROOT, "| pairwise F1 | %.4f | |%n", f1);
        System.out.printf(Locale.ROOT, "| false links (record linked to a record of another person) | %d | |%n", falseLinks);
        System.out.printf(Locale.ROOT, "| false links among twins | %d | 0 |%n", twinFalseLinks);
        System.out.printf(Locale.ROOT, "| false links among namesakes (same name and birth date) | %d | |%n", namesakeFalseLinks);
        System.out.printf(Locale.ROOT, "| candidates per probe, mean / max | %.1f / %d | |%n", candidatesTotal / (double) n,
                candidatesMax);
        System.out.printf(Locale.ROOT, "| index entries per record | %.1f | |%n", keyTotal / (double) n);
        System.out.printf(Locale.ROOT, "| time per match (probe + decide, prepared demographics) | %.1f µs | |%n",
                nanos / 1e3 / n);
        System.out.printf(Locale.ROOT, "| time per match (decide on raw demographics, %d samples, %.1f candidates) | %.1f µs | |%n",
                rawSamples, rawCandidates / (double) rawSamples, rawNanos / 1e3 / rawSamples);
        System.out.printf(Locale.ROOT, "| targets met | %s | |%n", pass ? "yes" : "NO");
        System.out.println();
        if (!reviewReasons.isEmpty()) {
            System.out.println("Review reasons:");
            reviewReasons.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                    .forEach(e -> System.out.printf(Locale.ROOT, "- %,d %s%n", e.getValue(), e.getKey()));
            System.out.println();
        }
        if (!falseLinkReports.isEmpty()) {
            System.out.printf(Locale.ROOT, "False links (first %d of %d):%n%n", falseLinkReports.size(), falseLinks);
            falseLinkReports.forEach(System.out::println);
        }
        return pass;
    }

    private static Demographics withNhsOrNot(MatchAccuracyPopulation.SourceRecord r, boolean withNhs) {
        return withNhs ? r.withNhs() : r.withoutNhs();
    }

    private static double pairs(Map<Integer, Integer> counts) {
        double p = 0;
        for (int c : counts.values()) {
            p += c * (c - 1) / 2.0;
        }
        return p;
    }

    private static String describe(int number, MatchAccuracyPopulation.SourceRecord incoming,
            MatchAccuracyPopulation.SourceRecord matched, MatchDecision decision, String relation) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d. %s, score %.1f (%s)%n", number, relation, decision.score(), decision.reason()));
        b.append("   incoming: person ").append(incoming.person()).append(' ').append(incoming.withNhs()).append('\n');
        b.append("   matched:  person ").append(matched.person()).append(' ').append(matched.withNhs()).append('\n');
        for (Evidence e : decision.evidence()) {
            b.append(String.format(Locale.ROOT, "   - %-9s %-17s %6.1f  %s%n", e.field(), e.comparison(), e.weight(), e.detail()));
        }
        return b.toString();
    }
}
