package org.opencarerecord.audit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import jakarta.annotation.PreDestroy;
import javax.sql.DataSource;
import org.opencarerecord.audit.AuditEntry;
import org.opencarerecord.audit.AuditLog;
import org.opencarerecord.audit.AuditRecord;
import org.opencarerecord.audit.AuditVerification;
import org.opencarerecord.platform.Uuid7;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The access log in PostgreSQL. An append takes the head row's lock (so that appends from every instance
 * of the service queue one behind the other and each gets the next seq), computes the entry's hash from
 * the head's and inserts it; a trigger moves the head in the same statement. Appends of this instance
 * are written by one writer thread in groups (group commit): the entries that arrived while the last
 * group was written go together, under one lock of the head, one batch of inserts and one commit, and
 * each caller waits until its entry is committed. Alone, an entry is three round trips: lock and read
 * the head with the database's clock, insert, commit. Cleaning and canonical details are done by the
 * caller, before it queues.
 */
@Service
class JdbcAuditLog implements AuditLog {

    private static final Set<String> OUTCOMES = Set.of("allowed", "denied");
    private static final Set<String> CHANNELS = Set.of("page", "api", "system");
    private static final String LOCK_HEAD = "SELECT seq, hash, clock_timestamp() FROM audit_head FOR UPDATE";
    private static final String INSERT = "INSERT INTO audit_event (" + ChainEntry.COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate ownTransaction;

    /** Most entries in one group. */
    private static final int MAX_GROUP = 256;
    /** How long a caller waits for its entry before giving up (and showing nothing). */
    private static final int WAIT_SECONDS = 10;

    private final JdbcTemplate batch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    private record Head(long seq, byte[] hash, Instant now) {
    }

    /** An entry waiting for the writer. */
    private record Pending(ChainEntry.Prepared prepared, UUID id, CompletableFuture<ChainEntry> stored) {
    }

    JdbcAuditLog(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.batch = new JdbcTemplate(dataSource);
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.writer = new Thread(this::write, "audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public AuditRecord record(AuditEntry entry) {
        validate(entry);
        Pending p = new Pending(ChainEntry.Prepared.of(entry), Uuid7.next(), new CompletableFuture<>());
        queue.add(p);
        if (!running && queue.remove(p)) {
            // queued after the writer's last drain: nobody would ever write it
            throw new IllegalStateException("the audit log is closed: the service is stopping");
        }
        try {
            return p.stored().get(WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS).toRecord();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the audit entry was written", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the audit entry was not written within " + WAIT_SECONDS + " s");
        }
    }

    private void write() {
        while (running) {
            List<Pending> group = new ArrayList<>();
            try {
                Pending first = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
            } catch (InterruptedException e) {
                continue; // only close() ends the writer, by clearing running
            }
            queue.drainTo(group, MAX_GROUP - 1);
            try {
                List<ChainEntry> stored = ownTransaction.execute(status -> append(group));
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).stored().complete(stored.get(i));
                }
            } catch (RuntimeException | Error e) {
                group.forEach(p -> p.stored().completeExceptionally(e));
            }
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            p.stored().completeExceptionally(new IllegalStateException("the audit log is closed: the service is stopping"));
        }
    }

    /** One group under one lock of the head: each entry chained to the one before, inserted in one batch. */
    private List<ChainEntry> append(List<Pending> group) {
        Head head = jdbc.sql(LOCK_HEAD)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2), rs.getObject(3, OffsetDateTime.class).toInstant()))
                .single();
        List<ChainEntry> entries = new ArrayList<>(group.size());
        byte[] previous = head.hash();
        long seq = head.seq();
        for (Pending p : group) {
            ChainEntry e = ChainEntry.append(++seq, p.id(), head.now(), p.prepared(), previous);
            entries.add(e);
            previous = e.hash();
        }
        if (entries.size() == 1) {
            jdbc.sql(INSERT).params(entries.get(0).insertParams()).update();
        } else {
            batch.batchUpdate(INSERT, entries.stream().map(ChainEntry::insertParams).toList());
        }
        return entries;
    }

    /** Stops taking entries, lets the group in flight finish, and fails what is still queued. */
    @PreDestroy
    void close() throws InterruptedException {
        running = false;
        writer.join(WAIT_SECONDS * 1000L);
    }

    private static void validate(AuditEntry entry) {
        if (entry == null) {
            throw new IllegalArgumentException("an audit entry is needed");
        }
        if (entry.action() == null || entry.action().isBlank()) {
            throw new IllegalArgumentException("an audit entry needs its action");
        }
        if (entry.outcome() == null || !OUTCOMES.contains(entry.outcome())) {
            throw new IllegalArgumentException("an audit entry's outcome is \"allowed\" or \"denied\"");
        }
        if (entry.actor() == null || entry.actor().userId() == null || entry.actor().userId().isBlank()) {
            throw new IllegalArgumentException("an audit entry needs its actor's user id");
        }
        if (entry.actor().channel() != null && !CHANNELS.contains(entry.actor().channel())) {
            throw new IllegalArgumentException("an audit entry's channel is \"page\", \"api\" or \"system\"");
        }
    }

    @Override
    public List<AuditRecord> forPerson(UUID personId, Instant from, Instant to, int limit) {
        if (personId == null) {
            throw new IllegalArgumentException("a person id is needed");
        }
        // the entries about the person, and the searches that returned them (their demographics were shown)
        List<Object> params = new ArrayList<>();
        params.add(personId);
        params.add(personId.toString());
        return query("(person_id = ? OR (action = 'person.search'"
                + " AND (details::jsonb) -> 'results' @> jsonb_build_array(?::text)))"
                + period(from, to, params), params, limit);
    }

    @Override
    public List<AuditRecord> find(Collection<String> actions, Instant from, Instant to, int limit) {
        List<Object> params = new ArrayList<>();
        String where = "true";
        if (actions != null && !actions.isEmpty()) {
            where = "action = ANY(?)";
            params.add(actions.toArray(String[]::new));
        }
        return query(where + period(from, to, params), params, limit);
    }

    /** The actions that show a person's record to someone. */
    private static final String[] ACCESSES = {"record.open", "record.read", "record.search", "record.sources"};

    @Override
    public List<AuditRecord> accessesOnReason(Instant from, Instant to, int limit) {
        List<Object> params = new ArrayList<>();
        params.add(ACCESSES);
        return query("action = ANY(?) AND outcome = 'allowed' AND reason_code IS NOT NULL AND relationship IS NULL"
                + period(from, to, params), params, limit);
    }

    @Override
    public List<AuditRecord> accessesOutOfHours(java.time.LocalTime start, java.time.LocalTime end, java.time.ZoneId zone,
            Instant from, Instant to, int limit) {
        List<Object> params = new ArrayList<>();
        params.add(ACCESSES);
        params.add(zone.getId());
        params.add(zone.getId());
        params.add(java.sql.Time.valueOf(start));
        params.add(zone.getId());
        params.add(java.sql.Time.valueOf(end));
        return query("action = ANY(?) AND (extract(isodow FROM recorded_at AT TIME ZONE ?) > 5"
                + " OR (recorded_at AT TIME ZONE ?)::time < ? OR (recorded_at AT TIME ZONE ?)::time >= ?)"
                + period(from, to, params), params, limit);
    }

    @Override
    public List<UserVolume> usersOpeningMoreThan(int threshold, Instant from, Instant to) {
        List<Object> params = new ArrayList<>();
        params.add(ACCESSES);
        String where = "action = ANY(?) AND outcome = 'allowed'" + period(from, to, params);
        params.add(threshold);
        return jdbc.sql("SELECT actor_user_id, max(actor_name), max(actor_role), max(actor_organisation),"
                        + " count(DISTINCT person_id) FROM audit_event WHERE " + where
                        + " GROUP BY actor_user_id HAVING count(DISTINCT person_id) > ? ORDER BY 5 DESC, 1")
                .params(params)
                .query((rs, n) -> new UserVolume(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5)))
                .list();
    }

    private static String period(Instant from, Instant to, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        if (from != null) {
            sql.append(" AND recorded_at >= ?");
            params.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        }
        if (to != null) {
            sql.append(" AND recorded_at < ?");
            params.add(OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        }
        return sql.toString();
    }

    private List<AuditRecord> query(String where, List<Object> params, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit is at least 1");
        }
        params.add(limit);
        return jdbc.sql("SELECT " + ChainEntry.COLUMNS + " FROM audit_event WHERE " + where
                        + " ORDER BY recorded_at DESC, seq DESC LIMIT ?")
                .params(params)
                .query((rs, n) -> ChainEntry.read(rs).toRecord())
                .list();
    }

    @Override
    public AuditVerification verify() {
        try (Connection connection = dataSource.getConnection()) {
            return ChainVerifier.verify(connection);
        } catch (SQLException e) {
            throw new UncategorizedSQLException("verifying the audit log", null, e);
        }
    }
}
