package org.opencarerecord.audit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.opencarerecord.audit.internal.ChainVerifier;
import org.opencarerecord.platform.DataDirectoryDatabase;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * {@code java -jar target/shared-care-record.jar audit-verify [--data-dir DIR | --jdbc-url URL [--user U]
 * [--password P]]}: verifies the access log's hash chain without starting the service, on a plain
 * connection with the service's own verification. By default it reads the embedded database in
 * {@code ./data/postgres}: the running service's PostgreSQL if it has one there, else one started for the
 * command. Prints the result; exits 0 when the chain is intact, 1 when it is not (or could not be read),
 * 2 on a usage error. It changes nothing.
 */
public final class AuditVerifyCommand {

    static final String USAGE = "usage: audit-verify [--data-dir DIR | --jdbc-url URL [--user U] [--password P]]";
    private static final Set<String> OPTIONS = Set.of("data-dir", "jdbc-url", "user", "password");
    private static final String DEFAULT_DATA_DIR = "./data/postgres";

    private AuditVerifyCommand() {
    }

    public static int run(String[] args) {
        LoggingSystem logging = LoggingSystem.get(AuditVerifyCommand.class.getClassLoader());
        logging.beforeInitialize();
        logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
        return run(args, System.out, System.err);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            err.println("audit-verify: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            AuditVerification result;
            if (options.containsKey("jdbc-url")) {
                try (Connection connection = DriverManager.getConnection(options.get("jdbc-url"),
                        options.get("user"), options.get("password"))) {
                    result = ChainVerifier.verify(connection);
                }
            } else {
                Path dataDir = Path.of(options.getOrDefault("data-dir", DEFAULT_DATA_DIR));
                try (DataDirectoryDatabase database = DataDirectoryDatabase.open(dataDir);
                        Connection connection = database.connect()) {
                    result = ChainVerifier.verify(connection);
                }
            }
            print(result, out);
            return result.intact() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            err.println("audit-verify: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // undefined table
                err.println("audit-verify: this database has no audit log (the service has not run on it since the"
                        + " audit log was added)");
            } else {
                err.println("audit-verify: could not verify the audit log: " + e.getMessage());
            }
            return 1;
        } catch (Exception e) {
            err.println("audit-verify: could not verify the audit log: " + e);
            return 1;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (options.put(name, args[++i]) != null) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        if (options.containsKey("data-dir") && options.containsKey("jdbc-url")) {
            throw new IllegalArgumentException("give --data-dir or --jdbc-url, not both");
        }
        if (!options.containsKey("jdbc-url") && (options.containsKey("user") || options.containsKey("password"))) {
            throw new IllegalArgumentException("--user and --password go with --jdbc-url");
        }
        return options;
    }

    static void print(AuditVerification result, PrintStream out) {
        if (result.intact()) {
            out.println("The audit log is intact: " + result.entriesChecked() + " entries checked.");
            return;
        }
        out.println("The audit log is NOT intact: " + result.entriesChecked() + " entries checked, "
                + result.problems().size() + (result.problems().size() == 1 ? " problem:" : " problems:"));
        result.problems().forEach(p -> out.println("  - " + p));
    }
}
