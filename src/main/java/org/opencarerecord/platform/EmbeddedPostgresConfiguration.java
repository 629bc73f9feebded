package org.opencarerecord.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The default run's database: a real PostgreSQL started from the jar, whose data directory
 * persists between runs. Used whenever {@code spring.datasource.url} is not set; set it (and
 * the user and password) to use an external PostgreSQL 15 or newer instead.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoExternalDatabase.class)
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
public class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) throws IOException {
        Path dataDir = Path.of(properties.getDataDir()).toAbsolutePath();
        Files.createDirectories(dataDir);
        stopOrphan(dataDir);
        long started = System.nanoTime();
        EmbeddedPostgres.Builder builder = durable();
        properties.getServerConfig().forEach(builder::setServerConfig);
        EmbeddedPostgres postgres = builder
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // Spring stops it, after the beans that use it: its own JVM hook would race them
                .setRegisterShutdownHook(false)
                .setPort(properties.getPort())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", properties.getSharedBuffers())
                .setServerConfig("synchronous_commit", properties.isSynchronousCommit() ? "on" : "off")
                .start();
        log.info("Embedded PostgreSQL ready on port {} with data in {} ({} ms)", postgres.getPort(), dataDir,
                (System.nanoTime() - started) / 1_000_000);
        return postgres;
    }

    /**
     * The embedded library's builder, with each commit flushed to disk: the library starts PostgreSQL
     * with -F (no fsync: a power cut would lose what a feed was told is stored); -c fsync=on comes after
     * it on the command line and wins.
     */
    static EmbeddedPostgres.Builder durable() {
        return EmbeddedPostgres.builder().setServerConfig("fsync", "on");
    }

    /**
     * A service killed hard (SIGKILL, a crashed JVM) leaves its PostgreSQL running on the data
     * directory, and a new one could not start there. That orphan is asked to shut down (SIGTERM:
     * PostgreSQL's smart shutdown, which completes at once as its clients are gone) and waited for;
     * what it had committed is on disk, so nothing is lost.
     */
    static void stopOrphan(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        java.util.List<String> lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        // only a postgres serving this very data directory (its -D argument): a reused process id is left alone
        String dir = dataDir.toString();
        java.util.Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> java.util.Arrays.asList(a).contains(dir)).orElse(false));
        if (orphan.isEmpty()) {
            return; // a stale lock file: PostgreSQL itself recovers from it
        }
        log.warn("A PostgreSQL left running on {} by a service that did not stop (process {}); stopping it first",
                dataDir, pid);
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("The PostgreSQL left running on " + dataDir + " (process " + pid
                    + ") did not stop within a minute; stop it and start again", e);
        }
    }

    /** The pool takes the same {@code spring.datasource.hikari.*} settings an external database gets. */
    @Bean
    DataSource dataSource(EmbeddedPostgres postgres, EmbeddedDatabaseProperties properties, Environment environment) {
        HikariConfig config = new HikariConfig();
        Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(config));
        config.setJdbcUrl("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(properties.getPoolSize());
        config.setPoolName("embedded");
        return new HikariDataSource(config);
    }

    static class NoExternalDatabase implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }
}
