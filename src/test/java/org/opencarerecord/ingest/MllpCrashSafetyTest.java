package org.opencarerecord.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencarerecord.benchmark.Hl7SendCommand;
import org.opencarerecord.synthetic.Hl7Streams;
import org.opencarerecord.synthetic.RegionGenerator;

/**
 * The crash test: 10,000 HL7 v2 messages streamed over 4 MLLP connections, the service
 * killed with SIGKILL in the middle, started again on the same data, and the sender left to resend
 * every message it had no AA for. Afterwards every message is stored exactly once.
 */
class MllpCrashSafetyTest {

    private static final int MESSAGES = 10_000;

    @TempDir
    Path dir;

    @Test
    void aServiceKilledMidStreamLosesNothingAndStoresNothingTwice() throws Exception {
        List<byte[]> messages = messages();
        int http = ServiceProcess.freePort();
        int mllp = ServiceProcess.freePort();
        int database = ServiceProcess.freePort();
        Process service = start(http, mllp, database, "first.log");
        AtomicLong answered = new AtomicLong();
        CompletableFuture<Hl7SendCommand.Result> sending = CompletableFuture.supplyAsync(
                () -> Hl7SendCommand.send(messages, "localhost", mllp, 4, answered));
        while (answered.get() < MESSAGES / 3 && !sending.isDone()) {
            Thread.sleep(20);
        }
        assertThat(sending.isDone()).as("still sending when the service is killed").isFalse();
        service.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
        assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long answeredBeforeKill = answered.get();

        Process restarted = start(http, mllp, database, "second.log");
        try {
            Hl7SendCommand.Result result = sending.get(10, TimeUnit.MINUTES);
            assertThat(result.reconnects()).as("the sender lost its connections and came back").isPositive();
            assertThat(answeredBeforeKill).isLessThan(MESSAGES);
            assertThat(result.accepted()).as(result.summary()).isEqualTo(MESSAGES);
            System.out.println("crash test: killed after " + answeredBeforeKill + " answers; " + result.summary());
            assertThat(java.nio.file.Files.readString(dir.resolve("second.log")))
                    .as("the killed service's PostgreSQL was found still running and stopped before the restart")
                    .contains("left running");

            Expected expected = expected(messages);
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + database + "/postgres",
                    "postgres", "postgres")) {
                assertThat(ServiceProcess.count(db, "SELECT count(*) FROM hl7_message WHERE feed_id = 'xta-hl7'"))
                        .as("every message's control id, once").isEqualTo(expected.controlIds);
                Map<String, Long> items = new HashMap<>();
                try (ResultSet rs = db.createStatement().executeQuery(
                        "SELECT resource_type, count(*) FROM clinical_item WHERE feed_id = 'xta-hl7' GROUP BY 1")) {
                    while (rs.next()) {
                        items.put(rs.getString(1), rs.getLong(2));
                    }
                }
                assertThat(items.get("Encounter")).as("every visit, once").isEqualTo(expected.visits);
                assertThat(items.get("DiagnosticReport")).as("every report, once").isEqualTo(expected.reports);
                assertThat(items.get("Observation")).as("every result, once").isEqualTo(expected.results);
                assertThat(ServiceProcess.count(db, "SELECT count(*) FROM source_record WHERE feed_id = 'xta-hl7'"))
                        .as("every patient, once").isEqualTo(expected.patients);
                assertThat(ServiceProcess.count(db, "SELECT count(*) FROM clinical_item WHERE feed_id = 'xta-hl7' AND resource_type ="
                        + " 'Encounter' AND resource LIKE '%\"status\":\"finished\"%'")).as("every discharge applied")
                        .isEqualTo(expected.discharged);
            }
        } finally {
            restarted.destroy();
            restarted.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** The first 10,000 messages of the generated region's main hospital, sent as the test profile's HL7 feed. */
    private static List<byte[]> messages() {
        List<byte[]> out = new ArrayList<>();
        RegionGenerator generator = new RegionGenerator(11);
        for (int person = 0; out.size() < MESSAGES; person++) {
            for (var bundle : generator.person(person)) {
                if (bundle.organisationCode().equals("XRM")) {
                    for (String m : Hl7Streams.messages(bundle)) {
                        if (out.size() < MESSAGES) {
                            out.add(m.replace("|PAS|XRM|", "|PAS|XTA-PAS|").getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        return out;
    }

    private record Expected(long controlIds, long visits, long discharged, long reports, long results, long patients) {
    }

    private static Expected expected(List<byte[]> messages) {
        Set<String> controlIds = new HashSet<>();
        Set<String> visits = new HashSet<>();
        Set<String> discharged = new HashSet<>();
        Set<String> reports = new HashSet<>();
        Set<String> results = new HashSet<>();
        Set<String> patients = new HashSet<>();
        for (byte[] bytes : messages) {
            String report = null;
            String type = null;
            for (String segment : new String(bytes, StandardCharsets.UTF_8).split("\r")) {
                String[] f = segment.split("\\|", -1);
                switch (f[0]) {
                    case "MSH" -> {
                        controlIds.add(f[9]);
                        type = f[8];
                    }
                    case "PID" -> patients.add(f[3].split("\\^")[0]);
                    case "PV1" -> {
                        if (f.length > 19 && !f[19].isEmpty()) {
                            visits.add(f[19]);
                            if (type.startsWith("ADT^A03")) {
                                discharged.add(f[19]);
                            }
                        }
                    }
                    case "OBR" -> {
                        report = f[3];
                        reports.add(report);
                    }
                    case "OBX" -> results.add(report + "-" + f[1]);
                    default -> { }
                }
            }
        }
        return new Expected(controlIds.size(), visits.size(), discharged.size(), reports.size(), results.size(),
                patients.size());
    }

    private Process start(int http, int mllp, int database, String log) throws IOException, InterruptedException {
        return ServiceProcess.start(dir.resolve(log), http, List.of("--care-record.mllp.port=" + mllp,
                "--care-record.embedded-database.port=" + database,
                "--care-record.embedded-database.data-dir=" + dir.resolve("postgres")));
    }
}
