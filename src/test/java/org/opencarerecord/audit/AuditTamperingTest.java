package org.opencarerecord.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.opencarerecord.audit.internal.ChainEntry;
import org.opencarerecord.platform.EmbeddedDatabaseProperties;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Someone with rights over the database, past the triggers, changes the log: each kind of change is
 * found and named by entry. Each test writes the newest entries of the log, tampers with them on its own
 * connection as a replication session (which fires no triggers) and puts them back afterwards, so the
 * chain is intact again for the tests that follow.
 */
class AuditTamperingTest extends IntegrationTest {

    @Autowired
    AuditLog audit;

    @Autowired
    DataSource dataSource;

    @Autowired
    EmbeddedDatabaseProperties embeddedDatabase;

    private String jdbcUrl;

    @BeforeEach
    void url() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            jdbcUrl = c.getMetaData().getURL();
        }
    }

    /** What a test tampers with and what it takes to put back. */
    private final class Tampered implements AutoCloseable {
        final long first;
        final long last;
        final List<ChainEntry> rows;
        final long headSeq;
        final byte[] headHash;

        Tampered(int entries) throws SQLException {
            AuditRecord r = null;
            long firstSeq = 0;
            for (int i = 0; i < entries; i++) {
                AuditRecord written = audit.record(new AuditEntry(i % 2 == 0 ? "record.open" : "record.search", "allowed",
                        AuditLogTest.clinician(), UUID.randomUUID(), "direct-care", "seen in clinic", "outpatient",
                        Map.of("shown", Map.of("results", i))));
                firstSeq = r == null ? written.seq() : firstSeq;
                r = written;
            }
            this.first = firstSeq;
            this.last = r.seq();
            assertThat(audit.verify().intact()).as("intact before tampering").isTrue();
            this.rows = entries(first, last);
            try (Connection c = connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit_head")) {
                rs.next();
                headSeq = rs.getLong(1);
                headHash = rs.getBytes(2);
            }
            assertThat(headSeq).as("these are the newest entries").isEqualTo(last);
        }

        ChainEntry row(long seq) {
            return rows.get((int) (seq - first));
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = connect()) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM audit_event WHERE seq >= ?")) {
                    delete.setLong(1, first);
                    delete.executeUpdate();
                }
                for (ChainEntry e : rows) {
                    insert(c, e);
                }
                try (PreparedStatement head = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ?")) {
                    head.setLong(1, headSeq);
                    head.setBytes(2, headHash);
                    head.executeUpdate();
                }
            }
            assertThat(audit.verify().problems()).as("put back").isEmpty();
        }
    }

    /** A connection that fires no triggers: what someone with the database's rights could open. */
    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        try (Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
        }
        return c;
    }

    private void sql(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }

    private List<ChainEntry> entries(long from, long to) throws SQLException {
        List<ChainEntry> rows = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT " + ChainEntry.COLUMNS + " FROM audit_event WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
            s.setLong(1, from);
            s.setLong(2, to);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(ChainEntry.read(rs));
                }
            }
        }
        return rows;
    }

    private static void insert(Connection c, ChainEntry e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_event (" + ChainEntry.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Object[] values = {e.seq(), e.id(), OffsetDateTime.ofInstant(e.recordedAt(), ZoneOffset.UTC), e.userId(),
                e.actorName(), e.actorRole(), e.actorOrganisation(), e.actorClientId(), e.actorChannel(), e.actorSession(),
                e.actorAddress(), e.action(), e.outcome(), e.personId(), e.reasonCode(), e.reasonText(), e.relationship(),
                e.details(), e.prevHash(), e.hash()};
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }

    /** An entry as a forger who knows the algorithm would write it: self-consistent, hash and all. */
    private static ChainEntry forged(long seq, ChainEntry copyOf, byte[] prevHash) {
        ChainEntry e = new ChainEntry(seq, UUID.randomUUID(), copyOf.recordedAt(), "u-forger", null, null, null, null,
                "page", null, null, "record.open", "allowed", copyOf.personId(), null, null, null, null, prevHash, null);
        return new ChainEntry(e.seq(), e.id(), e.recordedAt(), e.userId(), e.actorName(), e.actorRole(),
                e.actorOrganisation(), e.actorClientId(), e.actorChannel(), e.actorSession(), e.actorAddress(), e.action(),
                e.outcome(), e.personId(), e.reasonCode(), e.reasonText(), e.relationship(), e.details(), e.prevHash(),
                e.computeHash());
    }

    private List<String> problems() {
        AuditVerification v = audit.verify();
        assertThat(v.intact()).isEqualTo(v.problems().isEmpty());
        return v.problems();
    }

    @Test
    void aChangedFieldIsFoundAndNamedByEveryWayOfAsking() throws Exception {
        try (Tampered t = new Tampered(5)) {
            long k = t.first + 2;
            sql("UPDATE audit_event SET reason_text = 'routine check' WHERE seq = ?", k);
            assertThat(problems()).containsExactly("entry " + k + " was changed after it was written");

            Response http = get("http://localhost:" + port + "/admin/audit/verification");
            assertThat(http.status()).isEqualTo(200);
            assertThat(http.json().path("intact").asBoolean()).isFalse();
            assertThat(http.json().path("problems").get(0).asText()).isEqualTo("entry " + k + " was changed after it was written");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = AuditVerifyCommand.run(new String[] {"--jdbc-url", jdbcUrl, "--user", "postgres", "--password",
                "postgres"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            assertThat(status).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("NOT intact")
                    .contains("  - entry " + k + " was changed after it was written");
        }
    }

    @Test
    void everyKindOfFieldIsCovered() throws Exception {
        try (Tampered t = new Tampered(2)) {
            String[] changes = {"id = gen_random_uuid()", "recorded_at = recorded_at + interval '1 microsecond'",
                "actor_user_id = 'u-2'", "actor_name = 'Someone Else'", "actor_role = NULL", "actor_organisation = 'XTG'",
                "actor_client_id = 'api'", "actor_channel = 'api'", "actor_session = NULL", "actor_address = '10.0.0.8'",
                "action = 'person.search'", "outcome = 'denied'", "person_id = gen_random_uuid()", "reason_code = NULL",
                "reason_text = ''", "relationship = 'gp'", "details = '{\"shown\":{\"results\":9}}'",
                "prev_hash = sha256(prev_hash)"};
            for (String change : changes) {
                sql("UPDATE audit_event SET " + change + " WHERE seq = ?", t.last);
                assertThat(problems()).as(change).contains("entry " + t.last + " was changed after it was written");
                sql("DELETE FROM audit_event WHERE seq = ?", t.last);
                try (Connection c = connect()) {
                    insert(c, t.row(t.last));
                }
                assertThat(problems()).isEmpty();
            }
        }
    }

    @Test
    void aChangedEntryWhoseHashWasRecomputedBreaksTheLinkToTheNext() throws Exception {
        try (Tampered t = new Tampered(4)) {
            long k = t.first + 1;
            ChainEntry original = t.row(k);
            ChainEntry rewritten = forged(k, original, original.prevHash());
            sql("DELETE FROM audit_event WHERE seq = ?", k);
            try (Connection c = connect()) {
                insert(c, rewritten);
            }
            assertThat(problems()).containsExactly("entry " + (k + 1) + " does not follow entry " + k + " (inserted or reordered)");
        }
    }

    @Test
    void aDeletedEntryIsNamedAsMissing() throws Exception {
        try (Tampered t = new Tampered(5)) {
            long k = t.first + 2;
            sql("DELETE FROM audit_event WHERE seq = ?", k);
            assertThat(problems()).containsExactly("entry " + k + " is missing (deleted)");
            sql("DELETE FROM audit_event WHERE seq = ?", k + 1);
            assertThat(problems()).containsExactly("entries " + k + " to " + (k + 1) + " are missing (deleted)");
        }
    }

    @Test
    void aForgedEntryInsertedBetweenTwoIsFound() throws Exception {
        try (Tampered t = new Tampered(5)) {
            long k = t.first + 2;
            // make room at k, as a forger must (seq has no gaps), and insert a self-consistent entry there
            sql("UPDATE audit_event SET seq = -seq WHERE seq >= ?", k);
            sql("UPDATE audit_event SET seq = 1 - seq WHERE seq < 0");
            ChainEntry forged = forged(k, t.row(k), t.row(k - 1).hash());
            try (Connection c = connect()) {
                insert(c, forged);
            }
            sql("UPDATE audit_head SET seq = ?, hash = ?", t.last + 1, t.row(t.last).hash());
            List<String> problems = problems();
            assertThat(problems).first().isEqualTo("entry " + (k + 1) + " does not follow entry " + k + " (inserted or reordered)");
            assertThat(problems).doesNotContain("entry " + k + " was changed after it was written")
                    .contains("entry " + (k + 1) + " was changed after it was written");
        }
    }

    @Test
    void aForgedEntryAddedAtTheEndWithoutTheHeadIsFound() throws Exception {
        try (Tampered t = new Tampered(3)) {
            try (Connection c = connect()) {
                insert(c, forged(t.last + 1, t.row(t.last), t.row(t.last).hash()));
            }
            assertThat(problems()).containsExactly("the chain's head says " + t.last + " entries but the last is "
                    + (t.last + 1) + " (entries were added at the end without moving the head)");
        }
    }

    @Test
    void twoSwappedEntriesAreFound() throws Exception {
        try (Tampered t = new Tampered(5)) {
            long k = t.first + 1;
            sql("UPDATE audit_event SET seq = -1 WHERE seq = ?", k);
            sql("UPDATE audit_event SET seq = ? WHERE seq = ?", k, k + 1);
            sql("UPDATE audit_event SET seq = ? WHERE seq = -1", k + 1);
            assertThat(problems()).containsExactly(
                    "entry " + k + " does not follow entry " + (k - 1) + " (inserted or reordered)",
                    "entry " + k + " was changed after it was written",
                    "entry " + (k + 1) + " does not follow entry " + k + " (inserted or reordered)",
                    "entry " + (k + 1) + " was changed after it was written",
                    "entry " + (k + 2) + " does not follow entry " + (k + 1) + " (inserted or reordered)");
        }
    }

    @Test
    void theNewestEntriesDeletedAreFoundByTheHead() throws Exception {
        try (Tampered t = new Tampered(4)) {
            sql("DELETE FROM audit_event WHERE seq > ?", t.last - 2);
            assertThat(problems()).containsExactly("the chain's head says " + t.last + " entries but the last is "
                    + (t.last - 2) + " (entries at the end were deleted)");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(AuditVerifyCommand.run(new String[] {"--data-dir", embeddedDatabase.getDataDir()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("(entries at the end were deleted)");

            // the newest entries replaced by a forger who knows the algorithm but not how to move the head
            ChainEntry one = forged(t.last - 1, t.row(t.last - 1), t.row(t.last - 2).hash());
            ChainEntry two = forged(t.last, t.row(t.last), one.hash());
            try (Connection c = connect()) {
                insert(c, one);
                insert(c, two);
            }
            assertThat(problems()).containsExactly("the chain's head does not match entry " + t.last
                    + " (the last entry was replaced)");
        }
    }

    @Test
    void theCommandSaysIntactAndExitsZeroOrRefusesItsOptionsWithTwo() {
        audit.record(new AuditEntry("config.changed", "allowed", new AuditActor("ops", null, null, null, null, "system",
                null, null), null, null, null, null, Map.of("setting", "care-record.sources")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(AuditVerifyCommand.run(new String[] {"--jdbc-url", jdbcUrl, "--user", "postgres", "--password",
            "postgres"}, print, System.err)).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("The audit log is intact: ");
        out.reset();
        assertThat(AuditVerifyCommand.run(new String[] {"--data-dir", embeddedDatabase.getDataDir()}, print, System.err))
                .as("the running service's database, found by its data directory").isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("The audit log is intact: ");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream printErr = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(AuditVerifyCommand.run(new String[] {"--data-dir", "x", "--jdbc-url", jdbcUrl}, print, printErr))
                .isEqualTo(2);
        assertThat(AuditVerifyCommand.run(new String[] {"--verbose"}, print, printErr)).isEqualTo(2);
        assertThat(AuditVerifyCommand.run(new String[] {"--user", "postgres"}, print, printErr)).isEqualTo(2);
        assertThat(AuditVerifyCommand.run(new String[] {"--data-dir"}, print, printErr)).isEqualTo(2);
        assertThat(AuditVerifyCommand.run(new String[] {"--data-dir", System.getProperty("java.io.tmpdir")}, print,
                printErr)).as("no database there").isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not both").contains("unknown option --verbose")
                .contains("go with --jdbc-url").contains("needs a value").contains("no PostgreSQL data directory")
                .contains("usage: audit-verify");
    }
}
