package org.opencarerecord.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.opencarerecord.identity.NhsNumber;

/**
 * {@code viewer-benchmark}: how long the service takes to render the viewer's record page of a
 * person with a large record (1,000 items by default: problems, medicines from two sources,
 * allergies, a long history of results, encounters, letters, care plans), measured at the client
 * over loopback with the access checks and the audit write included, for the summary, the
 * timeline (every item in one page) and the results (a trend chart per test).
 */
public final class ViewerBenchmarkCommand {

    private ViewerBenchmarkCommand() {
    }

    public static int run(String[] args) {
        return CommandOptions.run("viewer-benchmark", "[--items N] [--reads N] [--warm-up N] " + CommandOptions.SERVICE_USAGE,
                args, Set.of("keep-data"), Set.of("items", "reads", "warm-up"), CommandOptions.SERVICE_OPTIONS,
                options -> new ViewerBenchmarkCommand().benchmark(Integer.parseInt(options.getOrDefault("items", "1000")),
                        Integer.parseInt(options.getOrDefault("reads", "200")),
                        Integer.parseInt(options.getOrDefault("warm-up", "300")),
                        options.getOrDefault("jvm-options", "-Xmx256m -XX:+UseSerialGC"),
                        options.getOrDefault("service-options", ""), options.containsKey("keep-data")));
    }

    private int benchmark(int items, int reads, int warmUp, String jvmOptions, String serviceOptions, boolean keepData)
            throws Exception {
        Path data = Files.createTempDirectory("care-record-viewer-benchmark");
        int port = BenchmarkService.freePort();
        Report report = new Report();
        report.line("Viewer benchmark: the record page of one person with " + items + " items, rendered by the server, "
                + reads + " reads of each view after " + warmUp + " to warm up, one client, "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
        report.serviceOptions(jvmOptions, serviceOptions);
        BenchmarkService service = BenchmarkService.start(jvmOptions, serviceOptions, port, data);
        try {
            service.awaitReady("http://localhost:" + port);
            Map<String, String> tokens = DemoTokens.tokensByOrganisation();
            String personId;
            try (PlainHttpClient feed = new PlainHttpClient("localhost", port)) {
                personId = load(feed, tokens, items);
            }
            String token = BenchmarkService.apiToken(port);
            report.line("");
            report.line("| view of the record page | page size | p50 | p95 | p99 | target |");
            report.line("|---|---|---|---|---|---|");
            try (PlainHttpClient client = new PlainHttpClient("localhost", port)) {
                for (String view : List.of("", "/timeline", "/results", "/medications")) {
                    String path = "/record/" + personId + view;
                    int size = 0;
                    for (int i = 0; i < warmUp; i++) {
                        size = read(client, token, path).length();
                    }
                    List<Long> micros = new ArrayList<>();
                    for (int i = 0; i < reads; i++) {
                        long t0 = System.nanoTime();
                        read(client, token, path);
                        micros.add((System.nanoTime() - t0) / 1000);
                    }
                    report.line(String.format(Locale.ROOT, "| %s | %,d kB | %.1f ms | %.1f ms | %.1f ms | p95 <= 100 ms |",
                            view.isEmpty() ? "summary" : view.substring(1), size / 1024,
                            Report.percentileMillis(micros, 50), Report.percentileMillis(micros, 95),
                            Report.percentileMillis(micros, 99)));
                }
            }
        } finally {
            service.stop();
        }
        return BenchmarkService.finish(report, data, keepData);
    }

    private static String read(PlainHttpClient client, String token, String path) throws Exception {
        PlainHttpClient.Response r = client.page(path, token, "unplanned-care viewer benchmark");
        if (r.status() != 200 || !r.body().contains("Sources of this record")) {
            throw new IllegalStateException(path + " answered " + r.status() + ": "
                    + r.body().substring(0, Math.min(500, r.body().length())));
        }
        return r.body();
    }

    /**
     * One person's record from their GP practice and the main hospital, {@code items} items in all,
     * sent as transactions of at most 500 entries. Returns the person's id.
     */
    private static String load(PlainHttpClient feed, Map<String, String> tokens, int items) throws Exception {
        Random random = new Random(11);
        String nhs = nhsNumber(random);
        String gp = "XG1001";
        String hospital = "XRM";
        List<String> gpItems = new ArrayList<>();
        List<String> hospitalItems = new ArrayList<>();
        String[][] tests = {{"4548-4", "HbA1c", "mmol/mol", "20", "42"}, {"2160-0", "Creatinine", "umol/L", "45", "84"},
            {"6298-4", "Potassium", "mmol/L", "3.5", "5.3"}, {"2951-2", "Sodium", "mmol/L", "133", "146"},
            {"718-7", "Haemoglobin", "g/L", "115", "165"}, {"6690-2", "White cell count", "10*9/L", "4.0", "11.0"},
            {"777-3", "Platelets", "10*9/L", "150", "400"}, {"1988-5", "C reactive protein", "mg/L", "0", "5"},
            {"2093-3", "Cholesterol", "mmol/L", "0", "5"}, {"33914-3", "eGFR", "mL/min/1.73m2", "90", "120"}};
        LocalDate start = LocalDate.now().minusYears(12);
        int n = 0;
        while (gpItems.size() + hospitalItems.size() < items) {
            LocalDate day = start.plusDays(random.nextInt(12 * 365));
            int kind = n++ % 20;
            String id = "b" + n;
            List<String> target = kind % 3 == 0 ? hospitalItems : gpItems;
            String patient = "Patient/" + (target == gpItems ? "bench-gp" : "bench-hosp");
            String resource;
            if (kind < 11) {
                String[] t = tests[random.nextInt(tests.length)];
                double low = Double.parseDouble(t[3]);
                double high = Double.parseDouble(t[4]);
                double value = Math.round((low + (high - low) * (random.nextDouble() * 1.4 - 0.2)) * 10) / 10.0;
                String flag = value > high ? "H" : value < low ? "L" : "N";
                resource = """
                        {"resourceType":"Observation","id":"%s","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"%s","display":"%s"}]},
                         "subject":{"reference":"%s"},"effectiveDateTime":"%sT09:30:00Z","valueQuantity":{"value":%s,"unit":"%s"},
                         "referenceRange":[{"low":{"value":%s},"high":{"value":%s}}],
                         "interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"%s"}]}]}"""
                        .formatted(id, t[0], t[1], patient, day, value, t[2], t[3], t[4], flag);
            } else if (kind < 14) {
                resource = """
                        {"resourceType":"Encounter","id":"%s","status":"finished","class":{"code":"AMB","display":"ambulatory"},
                         "type":[{"text":"Review appointment"}],"subject":{"reference":"%s"},"period":{"start":"%sT10:00:00Z"}}"""
                        .formatted(id, patient, day);
            } else if (kind < 16) {
                resource = """
                        {"resourceType":"Condition","id":"%s","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"%s"}]},
                         "code":{"coding":[{"system":"http://snomed.info/sct","code":"%d","display":"Condition %d"}]},
                         "subject":{"reference":"%s"},"onsetDateTime":"%s"}"""
                        .formatted(id, n % 4 == 0 ? "active" : "resolved", 100000 + n, n, patient, day);
            } else if (kind < 18) {
                resource = """
                        {"resourceType":"MedicationStatement","id":"%s","status":"%s",
                         "medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"%d","display":"Medicine %d 10mg tablets"}]},
                         "subject":{"reference":"%s"},"effectivePeriod":{"start":"%s"},"dosage":[{"text":"One tablet daily"}]}"""
                        .formatted(id, n % 3 == 0 ? "active" : "completed", 300000 + n % 40, n % 40, patient, day);
            } else if (kind < 19) {
                String letter = java.util.Base64.getEncoder().encodeToString(("Clinic letter " + n + "\n\nSeen in clinic. "
                        + "Plan discussed and agreed. Review in six months.").getBytes(StandardCharsets.UTF_8));
                resource = """
                        {"resourceType":"DocumentReference","id":"%s","status":"current","type":{"text":"Clinic letter"},
                         "subject":{"reference":"%s"},"date":"%sT12:00:00Z","content":[{"attachment":{"contentType":"text/plain","data":"%s"}}]}"""
                        .formatted(id, patient, day, letter);
            } else {
                resource = """
                        {"resourceType":"AllergyIntolerance","id":"%s","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},
                         "code":{"text":"Allergen %d"},"patient":{"reference":"%s"},"recordedDate":"%s"}"""
                        .formatted(id, n, patient, day);
            }
            target.add(resource);
        }
        String patient = """
                {"resourceType":"Patient","id":"%s","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}],
                 "name":[{"use":"official","family":"Benchmark","given":["Large","Record"]}],"gender":"female","birthDate":"1950-01-01",
                 "address":[{"use":"home","line":["1 Long Road"],"postalCode":"CH41 1AA"}],"generalPractitioner":[{"display":"The practice"}]}""";
        String personId = send(feed, tokens.get(gp), patient.formatted("bench-gp", nhs), gpItems);
        send(feed, tokens.get(hospital), patient.formatted("bench-hosp", nhs), hospitalItems);
        return personId;
    }

    private static String send(PlainHttpClient feed, String token, String patient, List<String> resources) throws Exception {
        String personId = null;
        for (int from = 0; from < resources.size() || from == 0; from += 500) {
            StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
            b.append(entry(patient));
            for (String r : resources.subList(from, Math.min(resources.size(), from + 500))) {
                b.append(',').append(entry(r));
            }
            PlainHttpClient.Response response = feed.post("/fhir", token, b.append("]}").toString().getBytes(StandardCharsets.UTF_8));
            if (response.status() != 200) {
                throw new IllegalStateException("the record was refused: " + response.status() + " " + response.body());
            }
            if (personId == null) {
                int at = response.body().indexOf("Patient/");
                personId = response.body().substring(at + 8, response.body().indexOf('"', at));
                personId = personId.contains("/") ? personId.substring(0, personId.indexOf('/')) : personId;
            }
        }
        return personId;
    }

    private static String entry(String resource) {
        String type = resource.replaceAll("(?s).*?\"resourceType\":\"([A-Za-z]+)\".*", "$1");
        String id = resource.replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
        return "{\"resource\":" + resource + ",\"request\":{\"method\":\"PUT\",\"url\":\"" + type + "/" + id + "\"}}";
    }

    private static String nhsNumber(Random random) {
        while (true) {
            String stem = "9" + String.format("%08d", random.nextInt(100_000_000));
            Integer check = NhsNumber.checkDigit(stem);
            if (check != null) {
                return stem + check;
            }
        }
    }
}
