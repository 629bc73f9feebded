package org.opencarerecord;

import java.util.Arrays;
import org.opencarerecord.access.LaunchLinkCommand;
import org.opencarerecord.audit.AuditVerifyCommand;
import org.opencarerecord.benchmark.BatchBenchmarkCommand;
import org.opencarerecord.benchmark.BenchmarkCommand;
import org.opencarerecord.benchmark.Hl7SendCommand;
import org.opencarerecord.benchmark.IndexBenchmarkCommand;
import org.opencarerecord.benchmark.MatchAccuracyCommand;
import org.opencarerecord.benchmark.MllpBenchmarkCommand;
import org.opencarerecord.benchmark.ViewerBenchmarkCommand;
import org.opencarerecord.synthetic.GenerateCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The shared care record. With no arguments (or Spring options only) it runs the service;
 * {@code generate ...} writes a synthetic region, {@code benchmark ...} measures the service and
 * {@code audit-verify ...} checks the access log's hash chain and {@code launch-link ...} writes a
 * signed in-context launch form.
 */
@SpringBootApplication
public class CareRecordApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("generate")) {
            System.exit(GenerateCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("match-accuracy")) {
            System.exit(MatchAccuracyCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("index-benchmark")) {
            System.exit(IndexBenchmarkCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("send-hl7")) {
            System.exit(Hl7SendCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("mllp-benchmark")) {
            System.exit(MllpBenchmarkCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("batch-benchmark")) {
            System.exit(BatchBenchmarkCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("audit-verify")) {
            System.exit(AuditVerifyCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("viewer-benchmark")) {
            System.exit(ViewerBenchmarkCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("launch-link")) {
            System.exit(LaunchLinkCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("benchmark")) {
            System.exit(BenchmarkCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(CareRecordApplication.class, args);
    }
}
