package org.opencarerecord;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Generates synthetic patients with <a href="https://github.com/synthetichealth/synthea">Synthea</a>
 * ({@code org.mitre.synthea:synthea:3.3.0}) for tests, so that the FHIR API is exercised with data
 * nobody on the project wrote.
 *
 * <p>Synthea is never put on the test class path (it brings an old HAPI FHIR): its class path is
 * computed once with the project's Maven wrapper from {@code src/test/synthea/pom.xml} into
 * {@code target/synthea/classpath.txt}, and it runs as a separate JVM (the one running the tests)
 * with a fixed seed, clinician seed, reference date and end date, so its output is byte-for-byte
 * reproducible. An output directory that a previous run completed with the same arguments is reused.
 *
 * <p>The working directory must be the project root (as it is under Surefire). See
 * {@code docs/synthea-notes.md} for what Synthea sends.
 */
public final class SyntheaPatients {

    /** Synthea version, also pinned in {@code src/test/synthea/pom.xml}. */
    public static final String VERSION = "3.3.0";
    /** Simulation reference and end date: patients' ages and the last data are as of this day. */
    public static final String REFERENCE_DATE = "20260101";

    private static final Path POM = Path.of("src", "test", "synthea", "pom.xml");
    private static final Path WORK = Path.of("target", "synthea");
    private static final String MARKER = "synthea-complete.txt";
    private static final long CLASSPATH_TIMEOUT_MINUTES = 10;
    private static final long GENERATE_TIMEOUT_MINUTES = 5;

    private SyntheaPatients() {
    }

    /**
     * Returns the {@code fhir} directory of a Synthea run of {@code population} patients with the
     * given seed (used as both the population seed and the clinician seed), generating it first
     * unless a completed run with the same arguments is already under {@code target/synthea}.
     * With {@code -o false}, exactly {@code population} patient bundles are written (some patients
     * may be deceased).
     */
    public static synchronized Path generate(int population, long seed) {
        if (population < 1) {
            throw new IllegalArgumentException("population must be at least 1: " + population);
        }
        Path work = projectRoot().resolve(WORK);
        Path out = work.resolve("out-" + population + "-" + seed);
        Path fhir = out.resolve("fhir");
        List<String> syntheaArgs = syntheaArgs(population, seed, out);
        String fingerprint = "synthea " + VERSION + "\n" + String.join("\n", syntheaArgs) + "\n";
        Path marker = out.resolve(MARKER);
        try {
            if (Files.isRegularFile(marker) && Files.readString(marker).equals(fingerprint)
                    && !informationBundles(fhir).isEmpty() && !patientBundles(fhir).isEmpty()) {
                return fhir;
            }
            String classPath = classPath(work);
            deleteRecursively(out);
            Path log = work.resolve("synthea-" + population + "-" + seed + ".log");
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.add("-Xmx2g");
            command.add("App");
            command.addAll(syntheaArgs);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // Through the environment rather than -cp: ~140 jars would overflow a Windows command line.
            builder.environment().put("CLASSPATH", classPath);
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("JDK_JAVA_OPTIONS");
            run(builder, GENERATE_TIMEOUT_MINUTES, "Synthea", log);
            List<Path> info = informationBundles(fhir);
            List<Path> patients = patientBundles(fhir);
            if (info.isEmpty() || patients.size() != population) {
                throw new IllegalStateException("Synthea wrote " + info.size() + " information bundle(s) and "
                        + patients.size() + " patient bundle(s) (expected " + population + ") in " + fhir
                        + "; see " + log);
            }
            Files.writeString(marker, fingerprint);
            return fhir;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not generate Synthea patients in " + out, e);
        }
    }

    /**
     * The bundles of shared resources, to be posted before any patient bundle, in order:
     * {@code hospitalInformation*.json} (Organization, Location) then
     * {@code practitionerInformation*.json} (Practitioner, PractitionerRole).
     * They are {@code batch} bundles of conditional creates ({@code ifNoneExist}).
     */
    public static List<Path> informationBundles(Path fhirDir) {
        List<Path> result = new ArrayList<>();
        result.addAll(list(fhirDir, "hospitalInformation"));
        result.addAll(list(fhirDir, "practitionerInformation"));
        return result;
    }

    /** One {@code transaction} bundle per patient: every other {@code *.json} file, sorted by name. */
    public static List<Path> patientBundles(Path fhirDir) {
        List<Path> info = informationBundles(fhirDir);
        return list(fhirDir, "").stream().filter(p -> !info.contains(p)).toList();
    }

    private static List<Path> list(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(prefix) && name.endsWith(".json");
                    })
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + dir, e);
        }
    }

    private static List<String> syntheaArgs(int population, long seed, Path out) {
        return List.of(
                "-p", Integer.toString(population),
                "-s", Long.toString(seed),
                "-cs", Long.toString(seed),
                "-r", REFERENCE_DATE,
                // Without an end date Synthea simulates up to today, so the output would change daily.
                "-e", REFERENCE_DATE,
                // Exactly `population` records, some deceased, instead of retrying until that many are alive.
                "-o", "false",
                "--exporter.baseDirectory", out.toAbsolutePath() + File.separator,
                "--exporter.years_of_history", "10",
                "--exporter.fhir.export", "true",
                "--exporter.fhir.transaction_bundle", "true",
                "--exporter.fhir.bulk_data", "false",
                "--exporter.hospital.fhir.export", "true",
                "--exporter.practitioner.fhir.export", "true",
                "--exporter.groups.fhir.export", "false",
                "--exporter.fhir_stu3.export", "false",
                "--exporter.fhir_dstu2.export", "false",
                "--exporter.hospital.fhir_stu3.export", "false",
                "--exporter.hospital.fhir_dstu2.export", "false",
                "--exporter.practitioner.fhir_stu3.export", "false",
                "--exporter.practitioner.fhir_dstu2.export", "false",
                "--exporter.ccda.export", "false",
                "--exporter.csv.export", "false",
                "--exporter.json.export", "false",
                "--exporter.text.export", "false",
                "--exporter.cpcds.export", "false",
                "--exporter.bfd.export", "false",
                "--exporter.cdw.export", "false",
                "--exporter.clinical_note.export", "false",
                "--exporter.symptoms.csv.export", "false",
                "--exporter.symptoms.text.export", "false",
                "--exporter.metadata.export", "false",
                "--exporter.use_uuid_filenames", "false",
                "--exporter.subfolders_by_id_substring", "false",
                "--exporter.split_records", "false");
    }

    /** Computes (once) the Synthea class path with the project's Maven wrapper. */
    private static String classPath(Path work) throws IOException {
        Path file = work.resolve("classpath.txt");
        if (Files.isRegularFile(file)) {
            String cached = Files.readString(file).strip();
            if (isUsable(cached)) {
                return cached;
            }
        }
        Path root = projectRoot();
        Path pom = root.resolve(POM);
        if (!Files.isRegularFile(pom)) {
            throw new IllegalStateException("No " + pom + ": the working directory must be the project root");
        }
        Files.createDirectories(work);
        Path log = work.resolve("classpath.log");
        Path tmp = work.resolve("classpath.txt.tmp");
        Files.deleteIfExists(tmp);
        List<String> command = new ArrayList<>(mavenCommand(root));
        command.addAll(List.of("-q", "-B", "-f", pom.toString(),
                "dependency:build-classpath", "-Dmdep.outputFile=" + tmp.toAbsolutePath()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        run(builder, CLASSPATH_TIMEOUT_MINUTES, "Maven (Synthea class path)", log);
        String computed = Files.isRegularFile(tmp) ? Files.readString(tmp).strip() : "";
        if (!isUsable(computed)) {
            throw new IllegalStateException("Maven did not produce a usable Synthea class path in " + tmp
                    + "; see " + log);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        return computed;
    }

    private static boolean isUsable(String classPath) {
        if (classPath.isEmpty() || !classPath.contains("synthea-" + VERSION + ".jar")) {
            return false;
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!Files.exists(Path.of(entry))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> mavenCommand(Path root) {
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        if (windows) {
            Path cmd = root.resolve("mvnw.cmd");
            return List.of(Files.isRegularFile(cmd) ? cmd.toString() : "mvn.cmd");
        }
        Path mvnw = root.resolve("mvnw");
        if (Files.isRegularFile(mvnw)) {
            return Files.isExecutable(mvnw) ? List.of(mvnw.toString()) : List.of("sh", mvnw.toString());
        }
        return List.of("mvn");
    }

    private static String javaExecutable() {
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        Path java = bin.resolve("java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        Path exe = bin.resolve("java.exe");
        if (Files.isExecutable(exe)) {
            return exe.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void run(ProcessBuilder builder, long timeoutMinutes, String what, Path log) throws IOException {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + what + ": " + builder.command().get(0), e);
        }
        try {
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                throw new IllegalStateException(what + " did not finish within " + timeoutMinutes
                        + " minutes; see " + log + tail(log));
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted; see " + log, e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(what + " failed with exit code " + process.exitValue()
                    + "; see " + log + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n--- last lines of " + log.getFileName() + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Path projectRoot() {
        return Path.of("").toAbsolutePath();
    }
}
