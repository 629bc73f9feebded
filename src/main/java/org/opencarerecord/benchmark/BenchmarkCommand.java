package org.opencarerecord.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.synthetic.RegionGenerator;
import org.opencarerecord.synthetic.SourceBundle;

/**
 * {@code java -jar target/shared-care-record.jar benchmark [--people 1000] [--warmup 200] [--seed 7] [--sample 200] [--reads-to-warm-up 2000]
 * [--jvm-options "-Xmx256m -XX:+UseSerialGC"] [--service-options "--name=value ..."] [--keep-data]}: starts the service as a child process on a fresh
 * embedded database, posts a generated region through {@code POST /fhir} with one client, then
 * measures {@code $everything} for random people with 1 and 8 clients, resident memory after the
 * load, and start-up to ready on the now-initialised database. Prints a Markdown report.
 */
public final class BenchmarkCommand {

    private BenchmarkCommand() {
    }

    public static int run(String[] args) {
        return CommandOptions.run("benchmark", "[--people N] [--warmup N] [--seed S] [--sample N] [--reads-to-warm-up N] "
                + CommandOptions.SERVICE_USAGE, args, Set.of("keep-data"), Set.of("people", "seed", "sample", "warmup", "reads-to-warm-up"),
                CommandOptions.SERVICE_OPTIONS, options -> new BenchmarkCommand().benchmark(
                        Integer.parseInt(options.getOrDefault("people", "1000")),
                        Integer.parseInt(options.getOrDefault("warmup", "200")),
                        Long.parseLong(options.getOrDefault("seed", "7")),
                        Integer.parseInt(options.getOrDefault("sample", "200")),
                        Integer.parseInt(options.getOrDefault("reads-to-warm-up", "2000")),
                        options.getOrDefault("jvm-options", "-Xmx256m -XX:+UseSerialGC"),
                        options.getOrDefault("service-options", ""), options.containsKey("keep-data")));
    }


    private int benchmark(int people, int warmup, long seed, int sample, int readsToWarmUp, String jvmOptions, String serviceOptions,
            boolean keepData)
            throws Exception {
        Path data = Files.createTempDirectory("care-record-benchmark");
        int port = BenchmarkService.freePort();
        String base = "http://localhost:" + port;
        Report report = new Report();
        report.line("Benchmark of the shared care record, " + people + " generated people (seed " + seed + ") after "
                + warmup + " more to warm up, "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
        report.serviceOptions(jvmOptions, serviceOptions);

        BenchmarkService service = BenchmarkService.start(jvmOptions, serviceOptions, port, data);
        try {
            long firstStart = service.awaitReady(base);
            report.line("First start (creates the database): " + firstStart + " ms");

            // ---- ingestion ----
            RegionGenerator generator = new RegionGenerator(seed);
            Map<String, String> tokens = DemoTokens.tokensByOrganisation();
            List<String> personIds = new ArrayList<>();
            long resources = 0;
            long bundles = 0;
            long nanos = 0;
            long coldResources = 0;
            long coldNanos = 0;
            // Everything is generated before the clock starts, so that the client's own work (and its
            // garbage collector) does not compete with the service for the machine's cores.
            List<List<Prepared>> region = new ArrayList<>();
            for (int p = 0; p < warmup + people; p++) {
                List<Prepared> bundlesOfPerson = new ArrayList<>();
                for (SourceBundle bundle : generator.person(p)) {
                    String token = tokens.get(bundle.organisationCode());
                    if (token == null) {
                        throw new IllegalStateException("no demo feed for " + bundle.organisationCode());
                    }
                    bundlesOfPerson.add(new Prepared(bundle.organisationCode(), token,
                            bundle.json().getBytes(StandardCharsets.UTF_8), entries(bundle.json())));
                }
                region.add(bundlesOfPerson);
            }
            System.gc();
            PlainHttpClient feedClient = new PlainHttpClient("localhost", port);
            for (int p = 0; p < warmup + people; p++) {
                String personId = null;
                for (Prepared bundle : region.get(p)) {
                    String token = bundle.token();
                    int entries = bundle.entries();
                    byte[] body = bundle.body();
                    long t0 = System.nanoTime();
                    PlainHttpClient.Response response = feedClient.post("/fhir", token, body);
                    long took = System.nanoTime() - t0;
                    if (response.status() != 200) {
                        throw new IllegalStateException("bundle for person " + p + " from " + bundle.organisationCode()
                                + " was refused: " + response.status() + " " + response.body());
                    }
                    if (p < warmup) {
                        coldResources += entries;
                        coldNanos += took;
                    } else {
                        resources += entries;
                        bundles++;
                        nanos += took;
                    }
                    if (personId == null) {
                        personId = firstPatient(response.body());
                    }
                }
                if (p >= warmup) {
                    personIds.add(personId);
                }
            }
            feedClient.close();
            region.clear();
            double seconds = nanos / 1e9;
            report.line("");
            report.line("| figure | measured | target |");
            report.line("|---|---|---|");
            report.line(String.format(Locale.ROOT, "| ingestion, %d transaction bundles of %.0f resources on average, one client | %,.0f resources/s (%,d resources in %.1f s) | >= 5,000 resources/s |",
                    bundles, (double) resources / bundles, resources / seconds, resources, seconds));
            if (warmup > 0) {
                report.line(String.format(Locale.ROOT, "| ingestion while the JVM warms up (the first %d people, right after start) | %,.0f resources/s (%,d resources in %.1f s) | |",
                        warmup, coldResources / (coldNanos / 1e9), coldResources, coldNanos / 1e9));
            }

            // ---- $everything, as the demo API client (a hospital clinician) stating a reason ----
            String token = BenchmarkService.apiToken(port);
            Random random = new Random(seed);
            List<String> chosen = new ArrayList<>();
            for (int i = 0; i < sample; i++) {
                chosen.add(personIds.get(random.nextInt(personIds.size())));
            }
            Map<String, Integer> sizes = new java.util.concurrent.ConcurrentHashMap<>();
            List<Long> single = new ArrayList<>();
            try (PlainHttpClient client = new PlainHttpClient("localhost", port)) {
                // the JIT compiles the read path while these run: measured after, the figures are the steady state
                for (int i = 0; i < readsToWarmUp; i++) {
                    everything(client, token, chosen.get(i % chosen.size()), sizes);
                }
                for (String id : chosen) {
                    single.add(everything(client, token, id, sizes));
                }
            }
            List<Long> concurrent = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int offset = c;
                futures.add(pool.submit(() -> {
                    try (PlainHttpClient client = new PlainHttpClient("localhost", port)) {
                        for (int i = 0; i < chosen.size(); i++) {
                            concurrent.add(everything(client, token, chosen.get((i + offset * 25) % chosen.size()), sizes));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            double meanItems = chosen.stream().mapToInt(sizes::get).average().orElse(0);
            report.line(String.format(Locale.ROOT, "| `$everything`, %d random people (mean %.0f entries), 1 client | p50 %.1f ms, p95 %.1f ms, p99 %.1f ms | p95 <= 20 ms |",
                    sample, meanItems, Report.percentileMillis(single, 50), Report.percentileMillis(single, 95), Report.percentileMillis(single, 99)));
            report.line(String.format(Locale.ROOT, "| `$everything`, same people, 8 concurrent clients (%d requests) | p50 %.1f ms, p95 %.1f ms, p99 %.1f ms | |",
                    concurrent.size(), Report.percentileMillis(concurrent, 50), Report.percentileMillis(concurrent, 95), Report.percentileMillis(concurrent, 99)));
            List<Long> around100 = new ArrayList<>();
            for (int i = 0; i < chosen.size(); i++) {
                int n = sizes.get(chosen.get(i));
                if (n >= 70 && n <= 130) {
                    around100.add(single.get(i));
                }
            }
            if (!around100.isEmpty()) {
                report.line(String.format(Locale.ROOT, "| `$everything`, the %d of them with 70 to 130 entries, 1 client | p50 %.1f ms, p95 %.1f ms | p95 <= 20 ms |",
                        around100.size(), Report.percentileMillis(around100, 50), Report.percentileMillis(around100, 95)));
            }

            // ---- memory ----
            System.gc();
            Thread.sleep(500);
            long jvmRss = service.jvmRssKb();
            long pgPss = service.postgresPssKb(data);
            report.line(String.format(Locale.ROOT, "| resident memory of the service JVM after the load | %,d MB | <= 512 MB |", jvmRss / 1024));
            report.line(String.format(Locale.ROOT, "| memory of the embedded PostgreSQL, all its processes (PSS: shared pages divided among them) | %,d MB | |", pgPss / 1024));
        } finally {
            service.stop();
        }

        // ---- start-up on the initialised database ----
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BenchmarkService again = BenchmarkService.start(jvmOptions, serviceOptions, port, data);
            try {
                starts.add(again.awaitReady(base));
            } finally {
                again.stop();
            }
        }
        Collections.sort(starts);
        report.line(String.format(Locale.ROOT, "| start-up to ready, database already initialised (median of 3: %s ms) | %.1f s | <= 10 s |",
                starts, starts.get(1) / 1000.0));
        return BenchmarkService.finish(report, data, keepData);
    }

    private record Prepared(String organisationCode, String token, byte[] body, int entries) {
    }

    private static long everything(PlainHttpClient client, String token, String personId, Map<String, Integer> sizes)
            throws IOException {
        long t0 = System.nanoTime();
        PlainHttpClient.Response response = client.get("/fhir/Patient/" + personId + "/$everything?_count=1000", token,
                "unplanned-care benchmark");
        long micros = (System.nanoTime() - t0) / 1000;
        if (response.status() != 200) {
            throw new IllegalStateException("$everything answered " + response.status());
        }
        sizes.computeIfAbsent(personId, id -> entries(response.body()));
        return micros;
    }

    private static int entries(String json) {
        try {
            return FhirJson.MAPPER.readTree(json).path("entry").size();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstPatient(String responseJson) throws IOException {
        for (JsonNode entry : FhirJson.MAPPER.readTree(responseJson).path("entry")) {
            String location = entry.path("response").path("location").asText();
            if (location.startsWith("Patient/")) {
                return location.substring("Patient/".length());
            }
        }
        throw new IllegalStateException("a person's first bundle answered with no Patient location");
    }


}
