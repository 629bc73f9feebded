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
import javax.sql.DataSource;
import org.opencarerecord.audit.AuditEntry;
import org.opencarerecord.audit.AuditLog;
import org.opencarerecord.audit.AuditRecord;
import org.opencarerecord.audit.AuditVerification;
import org.opencarerecord.platform.Uuid7;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The access log in PostgreSQL. An append takes the head row's lock (so that appends from every instance
 * of the service queue one behind the other and each gets the next seq), computes the entry's hash from
 * the head's and inserts it; a trigger moves the head in the same statement. Three round trips: lock and
 * read the head with the database's clock, insert, commit. Everything else (cleaning, canonical details)
 * is done before the lock is taken.
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

    private record Head(long seq, byte[] hash, Instant now) {
    }

    JdbcAuditLog(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public AuditRecord record(AuditEntry entry) {
        validate(entry);
        ChainEntry.Prepared prepared = ChainEntry.Prepared.of(entry);
        UUID id = Uuid7.next();
        ChainEntry stored = ownTransaction.execute(status -> {
            Head head = jdbc.sql(LOCK_HEAD)
                    .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant()))
                    .single();
            ChainEntry e = ChainEntry.append(head.seq() + 1, id, head.now(), prepared, head.hash());
            jdbc.sql(INSERT).params(e.insertParams()).update();
            return e;
        });
        return stored.toRecord();
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
        List<Object> params = new ArrayList<>();
        params.add(personId);
        return query("person_id = ?" + period(from, to, params), params, limit);
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
