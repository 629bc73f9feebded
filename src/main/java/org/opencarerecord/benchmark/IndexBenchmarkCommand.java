package org.opencarerecord.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.opencarerecord.identity.IncomingPatient;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.identity.PersonIndex;
import org.opencarerecord.identity.PersonIndexLoader;
import org.opencarerecord.identity.PersonQuery;
import org.opencarerecord.identity.PersonSearchResult;
import org.opencarerecord.identity.SourceRecordLink;
import org.opencarerecord.identity.internal.matching.NameFrequencies;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.sources.Feed;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code java -jar target/shared-care-record.jar index-benchmark [--people 2700000] [--seed 3] [--lookups 2000]
 * [--searches 1000] [--matches 1000] [--warmup 200] [--shared-buffers 512MB] [--work-dir DIR] [--keep-data]}:
 * the person index at the size of a region. Writes generated demographics (one source record per
 * person) to a CSV file, starts the application in-process without its web server on a fresh
 * embedded database, builds the index with {@link PersonIndexLoader}, then measures with the
 * production beans, one thread, after a warm-up: NHS number look-up, name and date of birth search
 * with a typo in the family name, and matching one incoming record (each in a transaction rolled
 * back). Prints a Markdown report. See docs/person-index-scale.md.
 */
public final class IndexBenchmarkCommand {

    private IndexBenchmarkCommand() {
    }

    /** For running the class directly (e.g. with Spring Boot's PropertiesLauncher and -Dloader.main). */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        Map<String, String> options;
        try {
            options = CommandOptions.parse(args, Set.of("keep-data"),
                    Set.of("people", "seed", "lookups", "searches", "matches", "warmup"), Set.of("shared-buffers", "work-dir"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: index-benchmark [--people N] [--seed S] [--lookups N] [--searches N] [--matches N]"
                    + " [--warmup N] [--shared-buffers 512MB] [--work-dir DIR] [--keep-data]");
            return 2;
        }
        try {
            return new IndexBenchmarkCommand().benchmark(options);
        } catch (Exception e) {
            System.err.println("index benchmark failed: " + e);
            e.printStackTrace();
            return 1;
        }
    }


    private int benchmark(Map<String, String> options) throws Exception {
        int people = Integer.parseInt(options.getOrDefault("people", "100000"));
        long seed = Long.parseLong(options.getOrDefault("seed", "3"));
        int lookups = Integer.parseInt(options.getOrDefault("lookups", "2000"));
        int searches = Integer.parseInt(options.getOrDefault("searches", "1000"));
        int matches = Integer.parseInt(options.getOrDefault("matches", "1000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));
        String sharedBuffers = options.getOrDefault("shared-buffers", "512MB");
        boolean keepData = options.containsKey("keep-data");
        Path parent = Path.of(options.getOrDefault("work-dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "care-record-index-benchmark");
        Report report = new Report();
        try {
            // ---- the generated file ----
            Path csv = work.resolve("demographics.csv");
            int sampleSize = lookups + searches + matches + 3 * warmup + 1000;
            long t0 = System.nanoTime();
            Population population = new Population(seed);
            List<Population.Person> sample = population.write(csv, people, sampleSize);
            double generateSeconds = (System.nanoTime() - t0) / 1e9;
            report.line("Person index at scale: " + String.format(Locale.ROOT, "%,d", people) + " generated people (seed "
                    + seed + "), one source record each; " + Runtime.getRuntime().availableProcessors() + " cores, "
                    + String.format(Locale.ROOT, "%.1f", totalMemoryGb()) + " GB memory, Java " + System.getProperty("java.version")
                    + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, embedded PostgreSQL shared_buffers "
                    + sharedBuffers);
            report.line(String.format(Locale.ROOT, "Generated %s (%,d MB) in %.1f s; %.1f%% of people have an NHS number",
                    csv.getFileName(), Files.size(csv) / (1024 * 1024), generateSeconds, 100.0 * population.withNhs / people));

            // ---- the application, without its web server ----
            String[] springArgs = {
                "--care-record.demo.enabled=false", "--care-record.mllp.enabled=false",
                "--care-record.embedded-database.data-dir=" + work.resolve("postgres"),
                "--care-record.embedded-database.shared-buffers=" + sharedBuffers,
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.org.opencarerecord.identity.internal.CopyPersonIndexLoader=INFO",
            };
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(IndexBenchmarkApplication.class)
                    .web(WebApplicationType.NONE).profiles("demo").logStartupInfo(false).run(springArgs)) {
                PersonIndexLoader loader = context.getBean(PersonIndexLoader.class);
                PersonIndex index = context.getBean(PersonIndex.class);
                DataSource dataSource = context.getBean(DataSource.class);
                TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
                List<Feed> feeds = context.getBean(SourceRegistry.class).feeds();
                if (feeds.size() < 2) {
                    throw new IllegalStateException("the demo profile's sources are needed (at least two feeds)");
                }
                Feed feed = feeds.get(0);
                Feed other = feeds.stream().filter(f -> !f.organisationCode().equals(feed.organisationCode())).findFirst()
                        .orElseThrow();
                report.line("Loaded as the records of " + feed.organisationCode() + " (feed " + feed.id()
                        + "); incoming records to match come from " + other.organisationCode() + "; " + postgresVersion(dataSource));

                // ---- the build ----
                HeapSampler sampler = new HeapSampler();
                sampler.start();
                long b0 = System.nanoTime();
                long loaded = loader.load(csv, feed.organisationCode(), feed.id(), localIdSystem(feed.organisationCode()));
                double buildSeconds = (System.nanoTime() - b0) / 1e9;
                sampler.stop();
                if (loaded != people) {
                    throw new IllegalStateException("loaded " + loaded + " records, not " + people);
                }
                Map<String, Long> sizes = sizes(dataSource);

                // ---- the people to ask about ----
                SplittableRandom random = new SplittableRandom(seed * 7919 + 17);
                List<Population.Person> withNhs = new ArrayList<>();
                List<Population.Person> rest = new ArrayList<>();
                for (Population.Person p : sample) {
                    (p.nhs() != null && withNhs.size() < lookups + warmup ? withNhs : rest).add(p);
                }
                if (withNhs.size() < lookups + warmup || rest.size() < searches + matches + 2 * warmup) {
                    throw new IllegalStateException("the population is too small for the samples asked for");
                }
                List<Population.Person> searchPeople = rest.subList(0, searches + warmup);
                List<Population.Person> matchPeople = rest.subList(searches + warmup, searches + matches + 2 * warmup);
                Map<String, UUID> personOf = new HashMap<>();
                for (Population.Person p : sample) {
                    personOf.put(p.sourceId(), index.sourceRecordBySourceId(feed.organisationCode(), p.sourceId())
                            .orElseThrow(() -> new IllegalStateException("a loaded record was not found by its source id"))
                            .personId());
                }

                // ---- NHS number look-up ----
                List<Long> lookupMicros = new ArrayList<>();
                int lookupFound = 0;
                for (int i = 0; i < withNhs.size(); i++) {
                    Population.Person p = withNhs.get(i);
                    long s = System.nanoTime();
                    List<UUID> found = index.findByIdentifier(NhsNumber.SYSTEM, p.nhs());
                    long micros = (System.nanoTime() - s) / 1000;
                    if (i >= warmup) {
                        lookupMicros.add(micros);
                        lookupFound += found.equals(List.of(personOf.get(p.sourceId()))) ? 1 : 0;
                    }
                }

                // ---- name and date of birth search, one typo in the family name ----
                List<Long> searchMicros = new ArrayList<>();
                int searchFound = 0;
                int searchTruncated = 0;
                long searchResults = 0;
                for (int i = 0; i < searchPeople.size(); i++) {
                    Population.Person p = searchPeople.get(i);
                    PersonQuery q = new PersonQuery(Population.typo(p.family(), random), p.given(), p.dob(), null, null,
                            null, null);
                    long s = System.nanoTime();
                    PersonSearchResult result = index.search(q, 50);
                    long micros = (System.nanoTime() - s) / 1000;
                    if (i >= warmup) {
                        searchMicros.add(micros);
                        UUID expected = personOf.get(p.sourceId());
                        searchFound += result.matches().stream().anyMatch(m -> m.personId().equals(expected)) ? 1 : 0;
                        searchTruncated += result.truncated() ? 1 : 0;
                        searchResults += result.matches().size();
                    }
                }

                // ---- matching one incoming record, rolled back ----
                Instant received = Instant.now();
                String[] kinds = {"family name typo", "nickname", "no NHS number"};
                Map<String, List<Long>> matchByKind = new HashMap<>();
                List<Long> matchMicros = new ArrayList<>();
                List<Long> matchTxMicros = new ArrayList<>();
                int matchRight = 0;
                for (int i = 0; i < matchPeople.size(); i++) {
                    Population.Person p = matchPeople.get(i);
                    String kind = kinds[i % 3];
                    IncomingPatient incoming = incoming(p, kind, other, "BENCH" + i, received, random);
                    long[] took = new long[1];
                    long s = System.nanoTime();
                    SourceRecordLink link = tx.execute(status -> {
                        status.setRollbackOnly();
                        long a = System.nanoTime();
                        SourceRecordLink l = index.accept(incoming);
                        took[0] = (System.nanoTime() - a) / 1000;
                        return l;
                    });
                    long txMicros = (System.nanoTime() - s) / 1000;
                    if (i >= warmup) {
                        matchMicros.add(took[0]);
                        matchTxMicros.add(txMicros);
                        matchByKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(took[0]);
                        matchRight += link.personId().equals(personOf.get(p.sourceId())) ? 1 : 0;
                    }
                }
                long left = count(dataSource, "SELECT count(*) FROM source_record WHERE organisation_code = '"
                        + other.organisationCode() + "'");
                if (left != 0) {
                    throw new IllegalStateException("the rolled-back matches left " + left + " records behind");
                }

                System.gc();
                long heapAfter = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

                // ---- the report ----
                report.line("");
                report.line("| figure | measured | target |");
                report.line("|---|---|---|");
                report.line(String.format(Locale.ROOT, "| building the index of %,d people from the generated file (`PersonIndexLoader.load`: COPY, constraints and indexes, VACUUM ANALYZE) | %.1f s (%,.0f people/s) | <= 15 min for 2.7 M |",
                        people, buildSeconds, people / buildSeconds));
                report.line(String.format(Locale.ROOT, "| NHS number look-up (`findByIdentifier`), %d random known numbers | p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (%d of %d found the right person) | p95 <= 5 ms |",
                        lookupMicros.size(), Report.percentileMillis(lookupMicros, 50), Report.percentileMillis(lookupMicros, 95), Report.percentileMillis(lookupMicros, 99), lookupFound, lookupMicros.size()));
                report.line(String.format(Locale.ROOT, "| name + date of birth search with one typo in the family name (`search`, limit 50), %d random people | p50 %.2f ms, p95 %.2f ms, p99 %.2f ms | p95 <= 50 ms |",
                        searchMicros.size(), Report.percentileMillis(searchMicros, 50), Report.percentileMillis(searchMicros, 95), Report.percentileMillis(searchMicros, 99)));
                report.line(String.format(Locale.ROOT, "| ... those searches whose results include the right person | %.1f%% (mean %.1f results, %d cut short) | |",
                        100.0 * searchFound / searchMicros.size(), (double) searchResults / searchMicros.size(), searchTruncated));
                report.line(String.format(Locale.ROOT, "| matching one incoming record (`accept`, rolled back), %d corrupted copies of known people | p50 %.2f ms, p95 %.2f ms, p99 %.2f ms | p95 <= 10 ms |",
                        matchMicros.size(), Report.percentileMillis(matchMicros, 50), Report.percentileMillis(matchMicros, 95), Report.percentileMillis(matchMicros, 99)));
                for (String kind : kinds) {
                    List<Long> m = matchByKind.getOrDefault(kind, List.of());
                    if (!m.isEmpty()) {
                        report.line(String.format(Locale.ROOT, "| ... %s (%d) | p50 %.2f ms, p95 %.2f ms, p99 %.2f ms | |",
                                kind, m.size(), Report.percentileMillis(m, 50), Report.percentileMillis(m, 95), Report.percentileMillis(m, 99)));
                    }
                }
                report.line(String.format(Locale.ROOT, "| ... including the transaction's begin and rollback | p50 %.2f ms, p95 %.2f ms, p99 %.2f ms | |",
                        Report.percentileMillis(matchTxMicros, 50), Report.percentileMillis(matchTxMicros, 95), Report.percentileMillis(matchTxMicros, 99)));
                report.line(String.format(Locale.ROOT, "| ... linked to the right person | %.1f%% | |", 100.0 * matchRight / matchMicros.size()));
                report.line(String.format(Locale.ROOT, "| database size on disk | %,d MB (person %,d MB, source_record %,d MB, source_record_identifier %,d MB, match_key %,d MB, with indexes) | |",
                        mb(sizes.get("database")), mb(sizes.get("person")), mb(sizes.get("source_record")),
                        mb(sizes.get("source_record_identifier")), mb(sizes.get("match_key"))));
                report.line(String.format(Locale.ROOT, "| match keys per source record | %.1f | |",
                        (double) count(dataSource, "SELECT count(*) FROM match_key") / people));
                report.line(String.format(Locale.ROOT, "| JVM heap used | %,d MB at most during the build (sampled), %,d MB after the measurements and a GC | |",
                        mb(sampler.peak.get()), mb(heapAfter)));
            }
        } finally {
            if (!keepData) {
                BenchmarkService.deleteTree(work);
            } else {
                report.line("Data kept in " + work);
            }
        }
        report.print();
        return 0;
    }

    static String localIdSystem(String organisationCode) {
        return "https://fhir." + organisationCode.toLowerCase(Locale.ROOT) + ".example.nhs.uk/Id/local-patient-id";
    }

    /** A slightly corrupted copy of a known person, as another organisation would send it. */
    private static IncomingPatient incoming(Population.Person p, String kind, Feed feed, String sourceId, Instant received,
            SplittableRandom random) {
        String family = p.family();
        String given = p.given();
        String nhs = p.nhs();
        switch (kind) {
            case "family name typo" -> family = Population.typo(family, random);
            case "nickname" -> {
                List<String> nicks = Population.NICKNAMES.get(given.toLowerCase(Locale.ROOT));
                if (nicks != null) {
                    String n = nicks.get(random.nextInt(nicks.size()));
                    given = Character.toUpperCase(n.charAt(0)) + n.substring(1);
                } else {
                    given = Population.typo(given, random);
                }
            }
            default -> nhs = null;
        }
        List<String> givenNames = p.middle() == null ? List.of(given) : List.of(given, p.middle());
        List<String> identifiers = new ArrayList<>();
        if (nhs != null) {
            identifiers.add(NhsNumber.SYSTEM + "|" + nhs);
        }
        identifiers.add(localIdSystem(feed.organisationCode()) + "|" + sourceId);
        ObjectNode r = FhirJson.MAPPER.createObjectNode();
        r.put("id", sourceId);
        ArrayNode ids = r.putArray("identifier");
        for (String i : identifiers) {
            ids.addObject().put("system", i.substring(0, i.indexOf('|'))).put("value", i.substring(i.indexOf('|') + 1));
        }
        ObjectNode name = r.putArray("name").addObject().put("use", "official").put("family", family);
        givenNames.forEach(name.putArray("given")::add);
        r.put("gender", p.sex()).put("birthDate", p.dob().toString());
        ObjectNode address = r.putArray("address").addObject();
        address.putArray("line").add(p.address());
        address.put("postalCode", p.postcode());
        String json;
        try {
            json = FhirJson.MAPPER.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new IncomingPatient(feed.organisationCode(), feed.id(), sourceId, identifiers,
                nhs == null ? null : new NhsNumber(nhs), family, givenNames, p.dob(), p.sex(), p.postcode(), p.address(),
                null, received, json, FhirJson.sha256(json));
    }

    private static Map<String, Long> sizes(DataSource dataSource) throws SQLException {
        Map<String, Long> sizes = new HashMap<>();
        sizes.put("database", count(dataSource, "SELECT pg_database_size(current_database())"));
        for (String table : List.of("person", "source_record", "source_record_identifier", "match_key")) {
            sizes.put(table, count(dataSource, "SELECT pg_total_relation_size('" + table + "')"));
        }
        return sizes;
    }

    private static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String postgresVersion(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1);
        }
    }

    private static double totalMemoryGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / (1024.0 * 1024.0);
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return 0;
    }

    private static long mb(Long bytes) {
        return bytes == null ? 0 : bytes / (1024 * 1024);
    }



    /** The most heap in use while the build runs, sampled every 100 ms. */
    private static final class HeapSampler {
        final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        void start() {
            thread = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join();
        }
    }

    /**
     * A streamed synthetic population: households sharing a family name, postcode and address, names
     * drawn by their UK frequency (NameFrequencies) plus a long tail of rare ones (the generated
     * names of MatchAccuracyPopulation), ages 0 to 100, postcodes of Cheshire and Merseyside
     * districts (about 40 people per postcode unit, as in the real region), 90% with a valid NHS
     * number starting with 9 (never issued to patients; the 999 range alone holds only 909,091
     * valid numbers, too few for the region).
     */
    static final class Population {

        record Person(String sourceId, String nhs, String family, String given, String middle, LocalDate dob, String sex,
                String postcode, String address) {
        }

        static final Map<String, List<String>> NICKNAMES = new HashMap<>();

        static {
            for (String[] pair : MatchAccuracyPopulation.NICKNAMES) {
                NICKNAMES.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
            }
        }

        private static final String INWARD = "ABDEFGHJLNPQRSTUWXYZ";
        private static final LocalDate TODAY = LocalDate.of(2025, 1, 1);

        private final SplittableRandom random;
        private final SplittableRandom sampling;
        private final String[] rareSurnames;
        private final String[] districts;
        private final long nhsA;
        private final long nhsB;
        private long nhsNext;
        private int next;
        long withNhs;

        Population(long seed) {
            random = new SplittableRandom(seed);
            sampling = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
            rareSurnames = NamePools.rareSurnameCandidates().stream().distinct().toArray(String[]::new);
            List<String> d = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                d.add("L" + i);
            }
            for (int i = 1; i <= 8; i++) {
                d.add("CH" + i);
            }
            for (int i = 41; i <= 66; i++) {
                d.add("CH" + i);
            }
            for (int i = 1; i <= 16; i++) {
                d.add("WA" + i);
            }
            for (int i = 1; i <= 12; i++) {
                d.add("CW" + i);
            }
            d.addAll(List.of("PR8", "PR9", "WN8", "SK9", "SK10", "SK11", "SK12"));
            districts = d.toArray(new String[0]);
            SplittableRandom nhsRandom = new SplittableRandom(seed * 31 + 11);
            long a;
            do {
                a = 1 + nhsRandom.nextLong(99_999_999L);
            } while (a % 2 == 0 || a % 5 == 0);
            nhsA = a;
            nhsB = nhsRandom.nextLong(100_000_000L);
        }

        /** Writes {@code size} people to {@code csv}; returns a uniform random sample of {@code sampleSize} of them. */
        List<Person> write(Path csv, int size, int sampleSize) throws IOException {
            List<Person> sample = new ArrayList<>(sampleSize);
            try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                out.write(PersonIndexLoader.HEADER);
                out.write('\n');
                StringBuilder line = new StringBuilder(160);
                int seen = 0;
                while (next < size) {
                    for (Person p : household(size - next)) {
                        line.setLength(0);
                        line.append(p.sourceId()).append(',').append(p.nhs() == null ? "" : p.nhs()).append(',')
                                .append(p.family()).append(',').append(p.given());
                        if (p.middle() != null) {
                            line.append('|').append(p.middle());
                        }
                        line.append(',').append(p.dob()).append(',').append(p.sex()).append(',').append(p.postcode())
                                .append(',').append(p.address()).append('\n');
                        out.append(line);
                        // reservoir sampling: every person equally likely to be asked about
                        seen++;
                        if (sample.size() < sampleSize) {
                            sample.add(p);
                        } else {
                            int j = sampling.nextInt(seen);
                            if (j < sampleSize) {
                                sample.set(j, p);
                            }
                        }
                    }
                }
            }
            for (int i = sample.size() - 1; i > 0; i--) {
                int j = sampling.nextInt(i + 1);
                Person t = sample.get(i);
                sample.set(i, sample.get(j));
                sample.set(j, t);
            }
            return sample;
        }

        private List<Person> household(int room) {
            double r = random.nextDouble();
            int members = Math.min(room, r < 0.30 ? 1 : r < 0.64 ? 2 : r < 0.80 ? 3 : r < 0.93 ? 4 : 5);
            String district = districts[random.nextInt(districts.length)];
            int sector = random.nextInt(10);
            int unit = random.nextInt(60);
            String postcode = district + " " + sector + INWARD.charAt(unit / 20 * 3 % 20) + INWARD.charAt(unit % 20);
            int h = (district + sector + unit).hashCode() & 0x7fffffff;
            String street = MatchAccuracyPopulation.STREETS[h % MatchAccuracyPopulation.STREETS.length] + " "
                    + MatchAccuracyPopulation.STREET_TYPES[(h / 97) % MatchAccuracyPopulation.STREET_TYPES.length];
            String address = (1 + random.nextInt(random.nextDouble() < 0.7 ? 80 : 300)) + " " + street;
            String family = NamePools.surname(random, rareSurnames);
            List<Person> out = new ArrayList<>(members);
            int headAge = 18 + random.nextInt(83);
            String headSex = random.nextBoolean() ? "male" : "female";
            out.add(person(family, headSex, dob(headAge), postcode, address));
            if (members >= 2) {
                String partnerFamily = random.nextDouble() < 0.75 ? family : NamePools.surname(random, rareSurnames);
                int age = Math.max(18, Math.min(100, headAge + random.nextInt(-7, 8)));
                out.add(person(partnerFamily, headSex.equals("male") ? "female" : "male", dob(age), postcode, address));
            }
            for (int c = 2; c < members; c++) {
                int age = headAge < 20 ? random.nextInt(0, 18) : Math.max(0, headAge - random.nextInt(18, 40));
                out.add(person(family, random.nextBoolean() ? "male" : "female", dob(age), postcode, address));
            }
            return out;
        }

        private Person person(String family, String sex, LocalDate dob, String postcode, String address) {
            String given = NamePools.givenName(sex, random);
            String middle = null;
            if (random.nextDouble() < 0.6) {
                do {
                    middle = NamePools.givenName(sex, random);
                } while (middle.equals(given));
            }
            String nhs = null;
            if (random.nextDouble() < 0.9) {
                nhs = nhsNumber();
                withNhs++;
            }
            String sourceId = "L" + (10_000_000 + next++);
            return new Person(sourceId, nhs, family, given, middle, dob, sex, postcode, address);
        }

        private LocalDate dob(int age) {
            return TODAY.minusYears(age).minusDays(random.nextInt(365));
        }

        /** The next unused valid NHS number 9xxxxxxxxx: an affine permutation of the nine-digit stems, skipping invalid ones. */
        private String nhsNumber() {
            while (true) {
                long stem = 900_000_000L + Math.floorMod(nhsA * nhsNext++ + nhsB, 100_000_000L);
                String nine = Long.toString(stem);
                Integer check = NhsNumber.checkDigit(nine);
                if (check != null) {
                    return nine + check;
                }
            }
        }

        /** One typo inside the name (never the first or last letter): two letters swapped, one changed or one dropped. */
        static String typo(String s, SplittableRandom random) {
            if (s.length() < 4) {
                return s;
            }
            int i = 1 + random.nextInt(s.length() - 2);
            char[] c = s.toCharArray();
            switch (random.nextInt(3)) {
                case 0 -> {
                    if (i + 1 >= c.length - 1 || c[i] == c[i + 1]) {
                        return s.substring(0, i) + s.substring(i + 1);
                    }
                    char t = c[i];
                    c[i] = c[i + 1];
                    c[i + 1] = t;
                    return new String(c);
                }
                case 1 -> {
                    char n;
                    do {
                        n = (char) ('a' + random.nextInt(26));
                    } while (n == Character.toLowerCase(c[i]));
                    c[i] = n;
                    return new String(c);
                }
                default -> {
                    return s.substring(0, i) + s.substring(i + 1);
                }
            }
        }

    }

    /**
     * The service's beans, found as the application finds them, without naming the application
     * class (which names this command: the two packages would depend on each other).
     */
    @org.springframework.boot.SpringBootConfiguration
    @org.springframework.boot.autoconfigure.EnableAutoConfiguration
    @org.springframework.context.annotation.ComponentScan(basePackages = "org.opencarerecord",
            excludeFilters = @org.springframework.context.annotation.ComponentScan.Filter(
                    type = org.springframework.context.annotation.FilterType.ANNOTATION,
                    classes = org.springframework.boot.autoconfigure.SpringBootApplication.class))
    static class IndexBenchmarkApplication {
    }
}
