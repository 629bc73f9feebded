package org.opencarerecord.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.opencarerecord.synthetic.Hl7Streams;
import org.opencarerecord.synthetic.RegionGenerator;
import org.opencarerecord.synthetic.SourceBundle;

/**
 * {@code java -jar target/shared-care-record.jar mllp-benchmark [--people 6000] [--warmup 2000] [--seed 13]
 * [--connections 4] [--jvm-options "..."] [--service-options "--name=value ..."] [--keep-data]}: starts
 * the service as a child process on a fresh embedded database and sends the demo region's acute trust
 * (XRM) the HL7 v2 messages its systems would have sent about generated people (ADT admissions,
 * transfers, discharges and updates, and ORU results, as {@code generate --hl7} writes them) over
 * MLLP, as {@code send-hl7} does: each connection waits for the AA (sent only after the commit) before
 * its next message, and one patient's messages share a connection. The messages of other people go
 * first, untimed, so that the service's JIT is warm. Prints the rate and the acknowledgement latency.
 */
public final class MllpBenchmarkCommand {

    private MllpBenchmarkCommand() {
    }

    public static int run(String[] args) {
        return CommandOptions.run("mllp-benchmark", "[--people N] [--warmup N] [--seed S] [--connections 4] "
                + CommandOptions.SERVICE_USAGE, args, Set.of("keep-data"), Set.of("people", "warmup", "seed", "connections"),
                CommandOptions.SERVICE_OPTIONS, options -> benchmark(Integer.parseInt(options.getOrDefault("people", "6000")),
                        Integer.parseInt(options.getOrDefault("warmup", "2000")),
                        Long.parseLong(options.getOrDefault("seed", "13")),
                        Integer.parseInt(options.getOrDefault("connections", "4")),
                        options.getOrDefault("jvm-options", "-Xmx512m"),
                        options.getOrDefault("service-options", ""), options.containsKey("keep-data")));
    }

    private static int benchmark(int people, int warmup, long seed, int connections, String jvmOptions,
            String serviceOptions, boolean keepData) throws Exception {
        RegionGenerator generator = new RegionGenerator(seed);
        List<byte[]> warm = messages(generator, 0, warmup);
        List<byte[]> measured = messages(generator, warmup, warmup + people);
        long results = measured.stream().filter(m -> new String(m, 0, Math.min(m.length, 200), StandardCharsets.ISO_8859_1)
                .contains("|ORU^R01")).count();
        Path data = Files.createTempDirectory("care-record-mllp-benchmark");
        int port = BenchmarkService.freePort();
        int mllp = BenchmarkService.freePort();
        Report report = new Report();
        report.line("MLLP benchmark of the shared care record: the HL7 v2 messages of " + people + " generated people"
                + " (seed " + seed + ") from one acute trust, " + connections + " connections, after " + warm.size()
                + " messages of " + warmup + " other people to warm up; "
                + Runtime.getRuntime().availableProcessors() + " cores (the sender runs on them too), Java "
                + System.getProperty("java.version"));
        report.serviceOptions(jvmOptions, serviceOptions);
        BenchmarkService service = BenchmarkService.start(jvmOptions, serviceOptions, port, mllp, data);
        try {
            service.awaitReady("http://localhost:" + port);
            Hl7SendCommand.Result w = Hl7SendCommand.send(warm, "localhost", mllp, connections);
            if (w.accepted() != warm.size()) {
                throw new IllegalStateException("warm-up: " + w.summary());
            }
            Hl7SendCommand.Result r = Hl7SendCommand.send(measured, "localhost", mllp, connections);
            report.line("");
            report.line("| figure | measured | target |");
            report.line("|---|---|---|");
            report.line(String.format(Locale.ROOT, "| HL7 v2 over MLLP, %,d messages (%,d ADT, %,d ORU^R01), AA after"
                            + " commit, %d connections | %,.0f messages/s (%.1f s; %,d AA, %,d AE, %,d AR) | >= 2,000"
                            + " messages/s |", measured.size(), measured.size() - results, results, connections,
                    r.perSecond(), r.seconds(), r.accepted(), r.errors(), r.rejected()));
            report.line(String.format(Locale.ROOT, "| acknowledgement latency | p50 %.1f ms, p95 %.1f ms, p99 %.1f ms | |",
                    Report.percentileMillis(r.latenciesMicros(), 50),
                    Report.percentileMillis(r.latenciesMicros(), 95), Report.percentileMillis(r.latenciesMicros(), 99)));
            if (!r.firstProblems().isEmpty()) {
                report.line("First problems: " + String.join(" / ", r.firstProblems()));
            }
        } finally {
            service.stop();
        }
        return BenchmarkService.finish(report, data, keepData);
    }

    /** The acute trust's messages about people [from, to), person by person. */
    private static List<byte[]> messages(RegionGenerator generator, int from, int to) {
        List<byte[]> out = new ArrayList<>();
        for (int p = from; p < to; p++) {
            for (SourceBundle bundle : generator.person(p)) {
                if (bundle.organisationCode().equals("XRM")) {
                    for (String m : Hl7Streams.messages(bundle)) {
                        out.add(m.getBytes(StandardCharsets.UTF_8)); // as generate --hl7 writes them
                    }
                }
            }
        }
        return out;
    }
}
