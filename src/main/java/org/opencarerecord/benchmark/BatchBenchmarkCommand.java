package org.opencarerecord.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.synthetic.BulkExport;
import org.opencarerecord.synthetic.RegionGenerator;
import org.opencarerecord.synthetic.SourceBundle;

/**
 * {@code java -jar target/shared-care-record.jar batch-benchmark [--people 2000] [--warmup 2000] [--seed 11]
 * [--jvm-options "..."] [--service-options "--name=value ..."] [--keep-data]}: starts the service as a
 * child process on a fresh embedded database, writes the GP records of generated people as a FHIR
 * Bulk Data export (an NDJSON file per resource type) and the same people's council social care
 * records as the three CSV layouts, uploads each file to the demo region's batch feed
 * ({@code POST /batch/files}) and reports how fast each file and each kind of file loaded. A smaller
 * set of other people goes first, untimed, so that the service's JIT is warm.
 */
public final class BatchBenchmarkCommand {

    private static final String TOKEN = "demo-xmc-batch-token";
    private static final String[] SERVICES = {"Home care", "Day centre", "Meals at home", "Telecare", "Respite care",
        "Reablement", "Supported living", "Direct payment"};
    private static final String[] ALERTS = {"Lives alone", "Key safe: ask the office for the code", "Dog at the property",
        "Carer is the main contact", "Hard of hearing: face them when speaking", "Falls risk"};

    private BatchBenchmarkCommand() {
    }

    public static int run(String[] args) {
        return CommandOptions.run("batch-benchmark", "[--people N] [--warmup N] [--seed S] "
                + CommandOptions.SERVICE_USAGE, args, Set.of("keep-data"), Set.of("people", "warmup", "seed"),
                CommandOptions.SERVICE_OPTIONS, options -> benchmark(Integer.parseInt(options.getOrDefault("people", "2000")),
                        Integer.parseInt(options.getOrDefault("warmup", "2000")),
                        Long.parseLong(options.getOrDefault("seed", "11")),
                        options.getOrDefault("jvm-options", "-Xmx512m"),
                        options.getOrDefault("service-options", ""), options.containsKey("keep-data")));
    }

    /** One file of the export: its name, content type and lines (a CSV's first line is its header). */
    private record ExportFile(String name, String contentType, List<String> lines, boolean csv) {
        long rows() {
            return csv ? lines.size() - 1 : lines.size();
        }
    }

    private static int benchmark(int people, int warmup, long seed, String jvmOptions, String serviceOptions,
            boolean keepData) throws Exception {
        Path data = Files.createTempDirectory("care-record-batch-benchmark");
        int port = BenchmarkService.freePort();
        String base = "http://localhost:" + port;
        Report report = new Report();
        report.line("Batch file benchmark of the shared care record: the GP records of " + people + " generated people"
                + " (seed " + seed + ") as a Bulk Data NDJSON export and their social care records as CSV, after "
                + warmup + " other people to warm up; " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version"));
        report.serviceOptions(jvmOptions, serviceOptions);
        List<ExportFile> warm = export(new RegionGenerator(seed), 0, warmup, data.resolve("warmup"));
        List<ExportFile> measured = export(new RegionGenerator(seed), warmup, warmup + people, data.resolve("export"));
        BenchmarkService service = BenchmarkService.start(jvmOptions, serviceOptions, port, data);
        try {
            service.awaitReady(base);
            for (ExportFile file : warm) {
                upload(base, data.resolve("warmup"), file);
            }
            report.line("");
            report.line("| file | rows | loaded | rejected | seconds | rows/s |");
            report.line("|---|---|---|---|---|---|");
            Map<Boolean, long[]> totals = new LinkedHashMap<>(); // csv -> rows, nanos
            for (ExportFile file : measured) {
                long t0 = System.nanoTime();
                JsonNode r = upload(base, data.resolve("export"), file);
                long nanos = System.nanoTime() - t0;
                totals.computeIfAbsent(file.csv(), k -> new long[2])[0] += file.rows();
                totals.get(file.csv())[1] += nanos;
                report.line(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %.2f | %,.0f |", file.name(), file.rows(),
                        r.path("linesLoaded").asLong(), r.path("linesRejected").asLong(), nanos / 1e9,
                        file.rows() / (nanos / 1e9)));
            }
            report.line("");
            report.line("| figure | measured | target |");
            report.line("|---|---|---|");
            long[] ndjson = totals.getOrDefault(false, new long[2]);
            long[] csv = totals.getOrDefault(true, new long[2]);
            report.line(String.format(Locale.ROOT, "| batch NDJSON load (a Bulk Data export, every file) | %,.0f resources/s"
                    + " (%,d in %.1f s) | >= 10,000 resources/s |", ndjson[0] / (ndjson[1] / 1e9), ndjson[0], ndjson[1] / 1e9));
            report.line(String.format(Locale.ROOT, "| batch CSV load (social care: clients, care packages, alerts) | %,.0f rows/s"
                    + " (%,d in %.1f s) | >= 20,000 rows/s |", csv[0] / (csv[1] / 1e9), csv[0], csv[1] / 1e9));
        } finally {
            service.stop();
        }
        return BenchmarkService.finish(report, data, keepData);
    }

    /** Writes people [from, to) as export files into dir and returns them in load order. */
    private static List<ExportFile> export(RegionGenerator generator, int from, int to, Path dir) throws IOException {
        BulkExport bulk = new BulkExport();
        List<String> clients = new ArrayList<>(List.of(
                "client_id,nhs_number,family_name,given_names,birth_date,sex,postcode,address_line,phone"));
        List<String> packages = new ArrayList<>(List.of(
                "package_id,client_id,service,status,start_date,end_date,hours_per_week,provider"));
        List<String> alerts = new ArrayList<>(List.of("alert_id,client_id,alert,status,start_date,end_date"));
        for (int p = from; p < to; p++) {
            for (SourceBundle bundle : generator.person(p)) {
                if (!bundle.organisationCode().startsWith("XG")) {
                    continue; // the GP practice's record: every person has exactly one
                }
                bulk.add(bundle);
                JsonNode patient = bundle.tree().path("entry").get(0).path("resource");
                String client = "SC" + p;
                clients.add(csv(client, identifier(patient, "https://fhir.nhs.uk/Id/nhs-number"),
                        patient.path("name").get(0).path("family").asText(""),
                        givenNames(patient.path("name").get(0)),
                        patient.path("birthDate").asText(""), patient.path("gender").asText("unknown"),
                        patient.path("address").path(0).path("postalCode").asText(""),
                        patient.path("address").path(0).path("line").path(0).asText(""),
                        patient.path("telecom").path(0).path("value").asText("")));
                for (int k = 0; k < 6; k++) {
                    int n = p * 7 + k;
                    boolean ended = k < 4;
                    packages.add(csv("PK" + n, client, SERVICES[n % SERVICES.length], ended ? "ended" : "active",
                            String.format(Locale.ROOT, "%02d/%02d/20%02d", 1 + n % 28, 1 + k * 2, 18 + k),
                            ended ? String.format(Locale.ROOT, "%02d/%02d/20%02d", 1 + n % 28, 2 + k * 2, 19 + k) : "",
                            Integer.toString(2 + n % 20), "Mersey Care Agency " + (1 + n % 5)));
                }
                for (int k = 0; k < 3; k++) {
                    int n = p * 3 + k;
                    alerts.add(csv("AL" + n, client, ALERTS[n % ALERTS.length], k == 0 ? "inactive" : "active",
                            "2023-0" + (1 + k) + "-15", k == 0 ? "2024-01-31" : ""));
                }
            }
        }
        Files.createDirectories(dir);
        List<ExportFile> files = new ArrayList<>();
        bulk.files().forEach((type, lines) -> files.add(new ExportFile(type + ".ndjson", "application/fhir+ndjson",
                lines, false)));
        files.add(new ExportFile("clients.csv", "text/csv", clients, true));
        files.add(new ExportFile("care_packages.csv", "text/csv", packages, true));
        files.add(new ExportFile("alerts.csv", "text/csv", alerts, true));
        for (ExportFile f : files) {
            try (Writer w = Files.newBufferedWriter(dir.resolve(f.name()), StandardCharsets.UTF_8)) {
                for (String line : f.lines()) {
                    w.write(line);
                    w.write(f.csv() ? "\r\n" : "\n");
                }
            }
        }
        return files;
    }

    private static String givenNames(JsonNode name) {
        List<String> given = new ArrayList<>();
        name.path("given").forEach(g -> given.add(g.asText()));
        return String.join(" ", given);
    }

    private static String identifier(JsonNode patient, String system) {
        for (JsonNode id : patient.path("identifier")) {
            if (system.equals(id.path("system").asText())) {
                return id.path("value").asText("");
            }
        }
        return "";
    }

    private static String csv(String... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i];
            if (i > 0) {
                line.append(',');
            }
            line.append(f.contains(",") || f.contains("\"") ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        return line.toString();
    }

    private static JsonNode upload(String base, Path dir, ExportFile file) throws IOException, InterruptedException {
        HttpResponse<String> response = BenchmarkService.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/batch/files?name="
                        + URLEncoder.encode(file.name(), StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", file.contentType())
                .timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.ofFile(dir.resolve(file.name())))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(file.name() + " was answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode report = FhirJson.MAPPER.readTree(response.body());
        if (report.path("linesRejected").asLong() > 0) {
            System.err.println(file.name() + ": " + report.path("linesRejected").asLong()
                    + " rows rejected (see /admin/quarantine in the kept data)");
        }
        return report;
    }
}
