package org.opencarerecord.identity.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.opencarerecord.identity.LinkEvent;
import org.opencarerecord.identity.internal.matching.Evidence;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.platform.Uuid7;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The append-only history of link decisions and the review queue. */
@Repository
class LinkLog {

    /** A review row as stored; the public view adds both sides' demographics. */
    record StoredReview(UUID id, UUID sourceRecordId, UUID candidatePersonId, double score, String reason,
            String evidenceJson, byte[] recordSha256, String status, Instant openedAt, String decidedBy, Instant decidedAt,
            String note) {
    }

    private final JdbcClient jdbc;

    LinkLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One decision about a record, to be written to the history with it. */
    record Event(String action, String decidedBy, Double score, String reason, List<Evidence> evidence) {

        String evidenceJson() {
            return evidence == null ? null : json(evidence);
        }
    }

    void event(UUID sourceRecordId, UUID personId, Event e) {
        event(sourceRecordId, personId, e.action(), e.decidedBy(), e.score(), e.reason(), e.evidence());
    }

    void event(UUID sourceRecordId, UUID personId, String action, String decidedBy, Double score, String reason,
            List<Evidence> evidence) {
        jdbc.sql("""
                INSERT INTO link_event (id, source_record_id, person_id, action, decided_by, decided_at, score, reason, evidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")
                .params(Uuid7.next(), sourceRecordId, personId, action, decidedBy, Timestamp.from(Instant.now()), score,
                        reason, evidence == null ? null : json(evidence))
                .update();
    }

    List<LinkEvent> history(UUID personId) {
        return jdbc.sql("""
                SELECT id, source_record_id, person_id, action, decided_by, decided_at, score, reason, evidence::text
                FROM link_event
                WHERE source_record_id IN (SELECT source_record_id FROM link_event WHERE person_id = ?
                                           UNION SELECT id FROM source_record WHERE person_id = ?)
                ORDER BY decided_at, id""")
                .params(personId, personId)
                .query((rs, n) -> new LinkEvent(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(),
                        (Double) rs.getObject(7), rs.getString(8), rs.getString(9)))
                .list();
    }

    /** Opens a question unless one is open for the pair, or a reviewer already said no to this very content. */
    boolean openReview(UUID sourceRecordId, UUID candidatePersonId, double score, String reason, List<Evidence> evidence,
            byte[] recordSha256) {
        long answered = jdbc.sql("""
                SELECT count(*) FROM match_review WHERE source_record_id = ? AND candidate_person_id = ?
                AND (status = 'open' OR (status = 'rejected' AND record_sha256 = ?))""")
                .params(sourceRecordId, candidatePersonId, recordSha256).query(Long.class).single();
        if (answered > 0) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO match_review (id, source_record_id, candidate_person_id, score, reason, evidence, record_sha256,
                    status, opened_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, 'open', ?)""")
                .params(Uuid7.next(), sourceRecordId, candidatePersonId, score, reason, json(evidence), recordSha256,
                        Timestamp.from(Instant.now()))
                .update();
        return true;
    }

    /** Persons a reviewer has said (or an unlink has said) this record does not belong to. */
    List<UUID> rejectedPersons(UUID sourceRecordId) {
        return jdbc.sql("SELECT candidate_person_id FROM match_review WHERE source_record_id = ? AND status = 'rejected'")
                .param(sourceRecordId).query(UUID.class).list();
    }

    void recordRejection(UUID sourceRecordId, UUID personId, byte[] recordSha256, String by, String note) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                INSERT INTO match_review (id, source_record_id, candidate_person_id, score, reason, evidence, record_sha256,
                    status, opened_at, decided_by, decided_at, note)
                VALUES (?, ?, ?, 0, 'unlinked', '[]'::jsonb, ?, 'rejected', ?, ?, ?, ?)""")
                .params(Uuid7.next(), sourceRecordId, personId, recordSha256, now, by, now, note).update();
    }

    /** Open questions about a record that a new decision has answered some other way. */
    void supersedeOpen(UUID sourceRecordId) {
        jdbc.sql("""
                UPDATE match_review SET status = 'superseded', decided_at = ?, decided_by = 'matcher'
                WHERE source_record_id = ? AND status = 'open'""")
                .params(Timestamp.from(Instant.now()), sourceRecordId).update();
    }

    Optional<StoredReview> review(UUID id) {
        return jdbc.sql(REVIEW_SELECT + " WHERE id = ?").param(id).query(LinkLog::review).optional();
    }

    List<StoredReview> reviews(String status, int limit) {
        if (status == null) {
            return jdbc.sql(REVIEW_SELECT + " ORDER BY opened_at DESC LIMIT ?").param(limit).query(LinkLog::review).list();
        }
        return jdbc.sql(REVIEW_SELECT + " WHERE status = ? ORDER BY opened_at DESC LIMIT ?").params(status, limit)
                .query(LinkLog::review).list();
    }

    /** Closes an open question; false if it was no longer open (someone else decided first). */
    boolean decide(UUID id, String status, String by, String note) {
        return jdbc.sql("""
                UPDATE match_review SET status = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ? AND status = 'open'""")
                .params(status, by, Timestamp.from(Instant.now()), note, id).update() == 1;
    }

    private static final String REVIEW_SELECT = """
            SELECT id, source_record_id, candidate_person_id, score, reason, evidence::text, record_sha256, status,
                opened_at, decided_by, decided_at, note FROM match_review""";

    private static StoredReview review(ResultSet rs, int n) throws SQLException {
        Timestamp decided = rs.getTimestamp(11);
        return new StoredReview(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getDouble(4), rs.getString(5), rs.getString(6), rs.getBytes(7), rs.getString(8),
                rs.getTimestamp(9).toInstant(), rs.getString(10), decided == null ? null : decided.toInstant(),
                rs.getString(12));
    }

    private static String json(List<Evidence> evidence) {
        try {
            return FhirJson.MAPPER.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
