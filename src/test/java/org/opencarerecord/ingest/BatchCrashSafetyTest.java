package org.opencarerecord.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test for files: a batch feed's file of 27,000 results killed with SIGKILL half-way
 * through its load, the service started again on the same data: the file's load resumes after the
 * last chunk committed, and every line is stored exactly once.
 */
class BatchCrashSafetyTest {

    private static final int PATIENTS = 3_000;
    private static final int RESULTS_EACH = 9;

    @TempDir
    Path dir;

    /** Lines of the results file in chunks committed so far (chunks commit out of order, on several workers). */
    private static final String LINES_COMMITTED = "SELECT coalesce(sum(c.last_line - c.first_line + 1), 0) FROM batch_chunk c"
            + " JOIN batch_file f ON f.id = c.file_id WHERE f.name = 'results.ndjson'";

    @Test
    void aFileWhoseLoadIsKilledHalfWayIsStoredExactlyOnceAfterARestart() throws Exception {
        Path drop = Files.createDirectories(dir.resolve("drop"));
        int http = ServiceProcess.freePort();
        int database = ServiceProcess.freePort();
        Process service = start(http, database, drop, "first.log");
        // written aside and moved in whole, as a sender should
        write(drop, "patients.ndjson", patients());
        write(drop, "results.ndjson", results());
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + database + "/postgres",
                "postgres", "postgres")) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (ServiceProcess.count(db, LINES_COMMITTED) < PATIENTS * RESULTS_EACH / 3) {
                assertThat(System.nanoTime()).as("the results file starts loading").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        service.destroyForcibly();
        assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Process restarted = start(http, database, drop, "second.log");
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + database + "/postgres",
                "postgres", "postgres")) {
            long cut = ServiceProcess.count(db, LINES_COMMITTED);
            assertThat(cut).as("killed half-way").isLessThan((long) PATIENTS * RESULTS_EACH);
            long resumed = System.nanoTime();
            long deadline = resumed + TimeUnit.MINUTES.toNanos(5);
            while (ServiceProcess.count(db, "SELECT count(*) FROM batch_file WHERE status = 'loaded'") < 2) {
                assertThat(System.nanoTime()).as("both files load").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(ServiceProcess.count(db, "SELECT count(*) FROM batch_file")).as("each file once").isEqualTo(2);
            assertThat(ServiceProcess.count(db, "SELECT lines_loaded FROM batch_file WHERE name = 'results.ndjson'"))
                    .isEqualTo((long) PATIENTS * RESULTS_EACH);
            assertThat(ServiceProcess.count(db, "SELECT count(*) FROM source_record WHERE feed_id = 'xtc-batch'")).isEqualTo(PATIENTS);
            assertThat(ServiceProcess.count(db, "SELECT count(*) FROM clinical_item WHERE feed_id = 'xtc-batch'"))
                    .as("every line, once").isEqualTo((long) PATIENTS * RESULTS_EACH);
            assertThat(ServiceProcess.count(db, "SELECT count(*) FROM clinical_item_version WHERE resource_type = 'Observation'"))
                    .as("nothing written twice").isZero();
            assertThat(ServiceProcess.count(db, "SELECT count(*) FROM quarantine")).isZero();
            double seconds = (System.nanoTime() - resumed) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "batch crash test: killed after %d of %d result lines; the other %d"
                    + " loaded after the restart in %.1f s (%.0f resources/s, one file, chunks of 1000)%n", cut,
                    PATIENTS * RESULTS_EACH, PATIENTS * RESULTS_EACH - cut, seconds, (PATIENTS * RESULTS_EACH - cut) / seconds);
        } finally {
            restarted.destroy();
            restarted.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(drop.resolve("processed").resolve("results.ndjson")).exists();
    }

    private static List<String> patients() {
        List<String> lines = new ArrayList<>();
        for (int p = 0; p < PATIENTS; p++) {
            lines.add("{\"resourceType\":\"Patient\",\"id\":\"cl-" + p + "\",\"identifier\":[{\"system\":"
                    + "\"https://fhir.xtc.example/Id/client\",\"value\":\"CL" + p + "\"}],\"name\":[{\"family\":\"Crashtest"
                    + (char) ('a' + p % 26) + (char) ('a' + p / 26 % 26) + (char) ('a' + p / 676 % 26)
                    + "\",\"given\":[\"Client\"]}],\"gender\":\"" + (p % 2 == 0 ? "female" : "male")
                    + "\",\"birthDate\":\"19" + (30 + p % 60) + "-0" + (1 + p % 9) + "-1" + (p % 9) + "\"}");
        }
        return lines;
    }

    private static List<String> results() {
        List<String> lines = new ArrayList<>();
        for (int p = 0; p < PATIENTS; p++) {
            for (int r = 0; r < RESULTS_EACH; r++) {
                lines.add("{\"resourceType\":\"Observation\",\"id\":\"wt-" + p + "-" + r + "\",\"status\":\"final\","
                        + "\"code\":{\"text\":\"Weight\"},\"subject\":{\"reference\":\"Patient/cl-" + p + "\"},"
                        + "\"effectiveDateTime\":\"2025-0" + (1 + r) + "-01\",\"valueQuantity\":{\"value\":" + (50 + p % 40)
                        + "." + r + "0,\"unit\":\"kg\"}}");
            }
        }
        return lines;
    }

    private static void write(Path drop, String name, List<String> lines) throws IOException {
        Path aside = drop.resolve("." + name);
        try (Writer w = Files.newBufferedWriter(aside, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
        Files.move(aside, drop.resolve(name));
    }

    private Process start(int http, int database, Path drop, String log) throws IOException, InterruptedException {
        return ServiceProcess.start(dir.resolve(log), http, List.of("--care-record.mllp.enabled=false",
                "--care-record.embedded-database.port=" + database, "--care-record.test-drop-dir=" + drop,
                "--care-record.ingest.batch-scan-interval-ms=200",
                "--care-record.embedded-database.data-dir=" + dir.resolve("postgres")));
    }
}
