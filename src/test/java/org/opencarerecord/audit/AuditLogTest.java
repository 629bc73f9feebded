package org.opencarerecord.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The access log as its callers use it: appends, a person's history, reports, and what it refuses. */
class AuditLogTest extends IntegrationTest {

    @Autowired
    AuditLog audit;

    @Autowired
    PlatformTransactionManager transactions;

    static AuditActor clinician() {
        return new AuditActor("u-1001", "Dr Asha Rao", "clinician", "XTA", "viewer", "page", "s-77", "10.0.0.7");
    }

    static AuditEntry open(UUID person, Map<String, Object> details) {
        return new AuditEntry("record.open", "allowed", clinician(), person, "direct-care", null, "inpatient", details);
    }

    private long headSeq() {
        return count("SELECT seq FROM audit_head");
    }

    @Test
    void anEntryIsStoredAsWrittenAndTheChainVerifies() {
        UUID person = UUID.randomUUID();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("shown", Map.of("problems", 3, "medications", 12));
        details.put("categories", List.of("problems", "medications"));
        details.put("items", List.of(UUID.fromString("0190a3c4-0000-7000-8000-000000000001")));
        details.put("withheld", 0);
        details.put("score", 0.875);
        details.put("note", "tab\there, \"quoted\", ü and 🙂 and a NUL\u0000 and half a pair \ud800");
        long before = headSeq();

        AuditRecord written = audit.record(open(person, details));

        assertThat(written.seq()).isEqualTo(before + 1);
        assertThat(written.entry().actor()).isEqualTo(clinician());
        assertThat(written.entry().personId()).isEqualTo(person);
        assertThat(written.entry().details()).containsEntry("withheld", 0).containsEntry("shown",
                Map.of("medications", 12, "problems", 3));
        assertThat(written.entry().details().get("items")).isEqualTo(List.of("0190a3c4-0000-7000-8000-000000000001"));
        assertThat(written.entry().details().get("note")).isEqualTo(
                "tab\there, \"quoted\", ü and 🙂 and a NUL\uFFFD and half a pair \uFFFD");
        assertThat(written.recordedAt()).isBefore(Instant.now().plusSeconds(1));
        assertThat(written.recordedAt().getNano() % 1000).as("to the microsecond").isZero();
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE seq = ?").param(written.seq()).query(String.class)
                .single()).as("keys sorted, no white space").startsWith("{\"categories\":[\"problems\",\"medications\"],"
                        + "\"items\":[\"0190a3c4-0000-7000-8000-000000000001\"],\"note\":");
        assertThat(audit.forPerson(person, null, null, 10)).containsExactly(written);

        AuditVerification verification = audit.verify();
        assertThat(verification.problems()).isEmpty();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.entriesChecked()).isEqualTo(headSeq());
    }

    @Test
    void aPersonsHistoryAndReportsComeNewestFirstWithinThePeriod() {
        UUID person = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        List<AuditRecord> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(audit.record(open(person, Map.of("n", i))));
            audit.record(open(other, Map.of("n", i)));
        }
        AuditRecord glass = audit.record(new AuditEntry("break-glass", "allowed", clinician(), person, "emergency",
                "unconscious on arrival", null, null));
        AuditRecord denied = audit.record(new AuditEntry("access.denied", "denied", clinician(), other, null, null, null,
                Map.of("why", "no legitimate relationship")));
        AuditRecord signIn = audit.record(new AuditEntry("sign-in", "allowed",
                new AuditActor("u-1001", null, null, null, null, null, null, null), null, null, null, null, null));
        mine.add(glass);
        List<AuditRecord> newestFirst = new ArrayList<>(mine);
        Collections.reverse(newestFirst);

        assertThat(audit.forPerson(person, null, null, 100)).containsExactlyElementsOf(newestFirst);
        assertThat(audit.forPerson(person, null, null, 2)).containsExactly(glass, mine.get(4));
        assertThat(audit.forPerson(person, mine.get(1).recordedAt(), mine.get(3).recordedAt(), 100))
                .as("from included, to excluded").containsExactly(mine.get(2), mine.get(1));
        assertThat(audit.forPerson(UUID.randomUUID(), null, null, 10)).isEmpty();

        Instant from = mine.get(0).recordedAt();
        assertThat(audit.find(List.of("break-glass", "access.denied"), from, null, 100)).containsExactly(denied, glass);
        assertThat(audit.find(List.of("sign-in"), from, signIn.recordedAt().plusNanos(1000), 100)).containsExactly(signIn);
        List<AuditRecord> all = audit.find(List.of(), from, null, 100);
        assertThat(all).hasSize(13).startsWith(signIn, denied, glass);
        assertThat(all).extracting(AuditRecord::seq).isSortedAccordingTo(Collections.reverseOrder());
        assertThat(audit.find(List.of(), from, null, 3)).containsExactly(signIn, denied, glass);
    }

    @Test
    void anEntryIsKeptWhenTheCallersTransactionRollsBack() {
        UUID person = UUID.randomUUID();
        AuditRecord written = new TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("CREATE TEMPORARY TABLE rolled_back_work (x int)").update();
            AuditRecord r = audit.record(open(person, null));
            status.setRollbackOnly();
            return r;
        });
        assertThat(audit.forPerson(person, null, null, 10)).containsExactly(written);
        assertThat(written.entry().details()).isNull();
    }

    @Test
    void anEntryWithoutWhatItNeedsIsRefusedAndNothingIsWritten() {
        long before = headSeq();
        UUID person = UUID.randomUUID();
        assertThatThrownBy(() -> audit.record(new AuditEntry("record.open", "maybe", clinician(), person, null, null, null,
                null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcome");
        assertThatThrownBy(() -> audit.record(new AuditEntry("record.open", null, clinician(), person, null, null, null,
                null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcome");
        assertThatThrownBy(() -> audit.record(new AuditEntry(" ", "allowed", clinician(), person, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("action");
        assertThatThrownBy(() -> audit.record(new AuditEntry("record.open", "allowed",
                new AuditActor(null, "Dr Asha Rao", null, null, null, "page", null, null), person, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user id");
        assertThatThrownBy(() -> audit.record(new AuditEntry("record.open", "allowed",
                new AuditActor("u-1", null, null, null, null, "fax", null, null), person, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel");
        assertThatThrownBy(() -> audit.record(open(person, Map.of("x", Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON");
        assertThatThrownBy(() -> audit.record(open(person, Map.of("x", new Object()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
        assertThat(headSeq()).isEqualTo(before);
        assertThat(audit.forPerson(person, null, null, 10)).isEmpty();
    }

    @Test
    void theApplicationCannotChangeOrRemoveEntriesNorMoveTheHead() {
        AuditRecord written = audit.record(open(UUID.randomUUID(), Map.of("n", 1)));
        long seq = written.seq();
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_event SET reason_text = 'x' WHERE seq = ?").param(seq).update())
                .hasMessageContaining("append-only").hasMessageContaining("UPDATE on audit_event");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_event WHERE seq = ?").param(seq).update())
                .hasMessageContaining("append-only").hasMessageContaining("DELETE on audit_event");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE audit_event").update())
                .hasMessageContaining("append-only").hasMessageContaining("TRUNCATE on audit_event");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_head").update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_head SET seq = seq - 1").update())
                .hasMessageContaining("one entry at a time");
        // an insert that does not follow the head (a forged entry in the middle or past a gap) is refused too
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO audit_event (seq, id, recorded_at, actor_user_id, action, outcome, prev_hash, hash)
                SELECT seq + 5, gen_random_uuid(), now(), 'u-x', 'record.open', 'allowed', hash, hash FROM audit_head""")
                .update()).hasMessageContaining("does not follow the head");
        assertThat(audit.forPerson(written.entry().personId(), null, null, 10)).containsExactly(written);
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void appendsFromManyThreadsAtOnceKeepOneUnbrokenChain() throws Exception {
        long before = headSeq();
        UUID person = UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<AuditRecord>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<AuditRecord> written = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        written.add(audit.record(open(person, Map.of("thread", thread, "i", i))));
                    }
                    return written;
                }));
            }
            List<Long> seqs = new ArrayList<>();
            for (Future<List<AuditRecord>> f : futures) {
                f.get().forEach(r -> seqs.add(r.seq()));
            }
            Collections.sort(seqs);
            List<Long> expected = new ArrayList<>();
            for (long s = before + 1; s <= before + 800; s++) {
                expected.add(s);
            }
            assertThat(seqs).as("each append its own place, none lost, no gaps").isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
        assertThat(headSeq()).isEqualTo(before + 800);
        assertThat(audit.forPerson(person, null, null, 1000)).hasSize(800);
        AuditVerification verification = audit.verify();
        assertThat(verification.problems()).isEmpty();
        assertThat(verification.intact()).isTrue();
        assertThat(verification.entriesChecked()).isEqualTo(before + 800);
    }

    @Test
    void privacyOfficersSeeTheVerificationOverHttp() {
        audit.record(open(UUID.randomUUID(), null));
        Response response = get("http://localhost:" + port + "/admin/audit/verification");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("intact").asBoolean()).isTrue();
        assertThat(response.json().path("entriesChecked").asLong()).isEqualTo(headSeq());
        assertThat(response.json().path("problems").isArray()).isTrue();
        assertThat(response.json().path("problems")).isEmpty();
    }
}
