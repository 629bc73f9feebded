package org.opencarerecord.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The database in an embedded data directory, for a command of the jar that reads it beside the service
 * or instead of it: the PostgreSQL a running service started there, found by its {@code postmaster.pid}
 * and never stopped or disturbed; otherwise one started on the directory for the command and stopped
 * when it closes. It never creates a database: a directory without one is refused.
 */
public final class DataDirectoryDatabase implements AutoCloseable {

    private final EmbeddedPostgres startedHere;
    private final int port;

    private DataDirectoryDatabase(EmbeddedPostgres startedHere, int port) {
        this.startedHere = startedHere;
        this.port = port;
    }

    /** IllegalArgumentException when the directory holds no PostgreSQL data. */
    public static DataDirectoryDatabase open(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("PG_VERSION"))) {
            throw new IllegalArgumentException("there is no PostgreSQL data directory at " + dir);
        }
        Optional<Integer> running = runningPort(dir);
        if (running.isPresent()) {
            return new DataDirectoryDatabase(null, running.get());
        }
        EmbeddedPostgres postgres = EmbeddedPostgresConfiguration.durable()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(true)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        return new DataDirectoryDatabase(postgres, postgres.getPort());
    }

    /**
     * The port of a PostgreSQL that serves this directory now: its postmaster.pid names a live postgres
     * process and, on its fourth line, the port.
     */
    static Optional<Integer> runningPort(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 4) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            boolean alive = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true))
                    .isPresent();
            return alive ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** A connection as the embedded database's superuser (the only user it has). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
    }

    /** Stops the PostgreSQL this started; one the service started is left running. */
    @Override
    public void close() throws IOException {
        if (startedHere != null) {
            startedHere.close();
        }
    }
}
