package org.opencarerecord.ingest.internal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.opencarerecord.ingest.IngestResponse;
import org.opencarerecord.ingest.QuarantineAdmin;
import org.opencarerecord.sources.Feed;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** {@link QuarantineAdmin}: a replay goes through the same door the payload first came in by. */
@Service
class QuarantineAdministration implements QuarantineAdmin {

    static final String HL7 = "application/hl7-v2";

    private final JdbcClient jdbc;
    private final Quarantine quarantine;
    private final FhirBundleIngestion fhir;
    private final Hl7Ingestion hl7;
    private final SourceRegistry sources;

    QuarantineAdministration(JdbcClient jdbc, Quarantine quarantine, FhirBundleIngestion fhir, Hl7Ingestion hl7,
            SourceRegistry sources) {
        this.jdbc = jdbc;
        this.quarantine = quarantine;
        this.fhir = fhir;
        this.hl7 = hl7;
        this.sources = sources;
    }

    private static final String COLUMNS = "id, feed_id, received_at, reason, content_type, octet_length(payload),"
            + " payload_truncated, status, decided_by, decided_at, decision_note";

    @Override
    public List<Item> list(String feedId, String status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM quarantine WHERE true");
        List<Object> params = new ArrayList<>();
        if (feedId != null) {
            sql.append(" AND feed_id = ?");
            params.add(feedId);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status);
        }
        sql.append(" ORDER BY received_at DESC, id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> item(rs, null)).list();
    }

    @Override
    public Optional<Item> get(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + ", payload FROM quarantine WHERE id = ?").param(id)
                .query((rs, n) -> item(rs, rs.getBytes(12))).optional();
    }

    private static Item item(ResultSet rs, byte[] payload) throws SQLException {
        Timestamp decided = rs.getTimestamp(10);
        return new Item(rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                rs.getString(5), rs.getInt(6), rs.getBoolean(7), rs.getString(8), rs.getString(9),
                decided == null ? null : decided.toInstant(), rs.getString(11), payload);
    }

    @Override
    public Replay replay(UUID id, byte[] fixed, String by, String note) {
        Item item = held(id);
        if (item.truncated() && fixed == null) {
            throw new IllegalStateException("Only the first " + item.bytes() + " bytes of this payload were kept; replay it"
                    + " with the complete (fixed) content");
        }
        byte[] payload = asBundle(item.contentType(), fixed != null ? fixed : item.payload());
        Map.Entry<String, List<String>> outcome;
        boolean stored;
        if (HL7.equals(item.contentType())) {
            outcome = quarantine.replaying(() -> new String(hl7.handle(payload), StandardCharsets.ISO_8859_1));
            String ack = outcome.getKey();
            stored = outcome.getValue().isEmpty() && ack.length() > 3 && ack.contains("MSA" + ack.charAt(3) + "AA");
        } else {
            Feed feed = sources.feed(item.feedId()).orElse(null);
            if (feed == null) {
                throw new IllegalStateException("This payload came from a sender no feed was registered for; it cannot be"
                        + " replayed as a feed's (register the feed, then have it send again)");
            }
            Map.Entry<IngestResponse, List<String>> r = quarantine.replaying(() -> fhir.ingest(feed, payload,
                    item.contentType() == null ? "application/fhir+json" : item.contentType()));
            outcome = Map.entry(r.getKey().json(), r.getValue());
            // a batch bundle whose other entries were stored counts as replayed: sending it again would
            // store them twice; the answer names the entries that failed
            stored = r.getKey().status() == 200;
        }
        if (stored) {
            jdbc.sql("""
                    UPDATE quarantine SET status = 'replayed', decided_by = ?, decided_at = ?, decision_note = ?,
                        replayed_payload = ?
                    WHERE id = ? AND status = 'held'""")
                    .params(by, Timestamp.from(Instant.now()), note, fixed, id).update();
        }
        String answer = outcome.getKey();
        if (!outcome.getValue().isEmpty()) {
            answer = "Not stored: " + String.join("; ", outcome.getValue()) + "\n" + answer;
        }
        return new Replay(stored, answer);
    }

    /** A batch file's line (one resource) goes in as a transaction of that resource; a CSV row cannot be replayed alone. */
    private static byte[] asBundle(String contentType, byte[] payload) {
        if (BatchFileLoader.CSV.equals(contentType)) {
            throw new IllegalStateException("A CSV row cannot be replayed on its own (its layout is the file's header):"
                    + " send a corrected file, then discard this row with that as the reason");
        }
        if (!BatchFileLoader.MEDIA.equals(contentType)) {
            return payload;
        }
        try {
            var resource = (com.fasterxml.jackson.databind.node.ObjectNode) org.opencarerecord.platform.FhirJson.MAPPER
                    .readTree(payload);
            return BatchFileLoader.bundle(java.util.List.of(resource)).toString().getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException | ClassCastException e) {
            throw new IllegalArgumentException("The line is not a FHIR resource in JSON; fix it before replaying");
        }
    }

    @Override
    public void discard(UUID id, String by, String reason) {
        held(id);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Say why it is discarded (reason)");
        }
        jdbc.sql("""
                UPDATE quarantine SET status = 'discarded', decided_by = ?, decided_at = ?, decision_note = ?
                WHERE id = ? AND status = 'held'""")
                .params(by, Timestamp.from(Instant.now()), reason, id).update();
    }

    private Item held(UUID id) {
        Item item = get(id).orElseThrow(() -> new IllegalArgumentException("No quarantined payload " + id));
        if (!"held".equals(item.status())) {
            throw new IllegalStateException("This payload was already " + item.status() + " by " + item.decidedBy()
                    + " at " + item.decidedAt());
        }
        return item;
    }
}
