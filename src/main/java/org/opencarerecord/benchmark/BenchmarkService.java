package org.opencarerecord.benchmark;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The service under test, as its own process on a fresh embedded database, as an operator would run it. */
final class BenchmarkService {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final long startedNanos;

    private BenchmarkService(Process process, long startedNanos) {
        this.process = process;
        this.startedNanos = startedNanos;
    }

    static BenchmarkService start(String jvmOptions, String serviceOptions, int port, Path data) throws IOException {
        return start(jvmOptions, serviceOptions, port, 0, data);
    }

    /** As {@link #start(String, String, int, Path)}, with the MLLP listener on {@code mllpPort} (0: any free port). */
    static BenchmarkService start(String jvmOptions, String serviceOptions, int port, int mllpPort, Path data)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty("java.class.path");
        if (!jar.endsWith(".jar") || jar.contains(File.pathSeparator)) {
            throw new IllegalStateException("run the benchmark from the built jar: java -jar target/shared-care-record.jar benchmark");
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        for (String option : jvmOptions.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-jar", jar, "--server.port=" + port,
                "--care-record.embedded-database.data-dir=" + data.resolve("postgres"),
                "--care-record.demo.enabled=false", "--care-record.mllp.port=" + mllpPort, "--logging.level.root=WARN"));
        for (String option : serviceOptions.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        Path log = data.resolve("service.log");
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new BenchmarkService(process, t0);
    }

    /** Milliseconds from launching the process until its readiness probe says UP. */
    long awaitReady(String base) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return (System.nanoTime() - startedNanos) / 1_000_000;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the service was not ready within 3 minutes");
    }

    /**
     * A token for the demo API client (a hospital clinician, application-demo.yml), from the service's
     * own issuer, as any API user would get one.
     */
    static String apiToken(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id=demo-api-client&client_secret=demo-api-secret"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no API token: " + r.statusCode() + " " + r.body());
        }
        return org.opencarerecord.platform.FhirJson.MAPPER.readTree(r.body()).path("access_token").asText();
    }

    long jvmRssKb() throws IOException {
        return rssKb(process.pid());
    }

    /**
     * Proportional set size of the embedded PostgreSQL (postmaster and its backends): pg_ctl
     * detaches the postmaster, so it is found by its pid file, not as a child of the JVM.
     */
    long postgresPssKb(Path data) throws IOException {
        Path pidFile = data.resolve("postgres").resolve("postmaster.pid");
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        return Stream.concat(Stream.of(postmaster), postmaster.descendants()).mapToLong(p -> {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException e) {
                // the backend ended meanwhile
            }
            return 0;
        }).sum();
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Removes the benchmark's data (or says where it was kept) and prints the report; 0, the exit code. */
    static int finish(Report report, Path data, boolean keepData) throws IOException {
        if (keepData) {
            report.line("Data kept in " + data);
        } else {
            deleteTree(data);
        }
        report.print();
        return 0;
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
