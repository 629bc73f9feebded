package org.opencarerecord.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The service as its own process (test profile), for the tests that kill it; and what they need around it. */
final class ServiceProcess {

    private ServiceProcess() {
    }

    /** Starts the service with these extra arguments, its output to {@code log}, and waits until it is ready. */
    static Process start(Path log, int http, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.opencarerecord.CareRecordApplication",
                "--spring.profiles.active=test", "--server.port=" + http));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the service runs (see " + log + ")").isTrue();
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + http
                        + "/actuator/health/readiness").toURL().openConnection();
                if (c.getResponseCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("the service did not become ready within two minutes");
    }

    static long count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
