package org.opencarerecord.record.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.opencarerecord.identity.SourceRecordRelinked;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.record.ClinicalStore;
import org.opencarerecord.record.ExistingResource;
import org.opencarerecord.record.InvalidResourceException;
import org.opencarerecord.record.ItemProvenance;
import org.opencarerecord.record.ItemCounts;
import org.opencarerecord.record.ItemQuery;
import org.opencarerecord.record.ItemVisibility;
import org.opencarerecord.record.ProvenanceExtension;
import org.opencarerecord.record.ResourceScope;
import org.opencarerecord.record.ResourceWrite;
import org.opencarerecord.record.SourceKey;
import org.opencarerecord.record.StoredResource;
import org.opencarerecord.record.WriteResult;
import org.opencarerecord.record.WriteResult.Outcome;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Service
class JdbcClinicalStore implements ClinicalStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    JdbcClinicalStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    // ---- looking up what a source already sent ----

    @Override
    public Map<SourceKey, ExistingResource> existingItems(String organisationCode, Collection<SourceKey> keys) {
        return existing("clinical_item", "person_id", organisationCode, keys);
    }

    @Override
    public Map<SourceKey, ExistingResource> existingShared(String organisationCode, Collection<SourceKey> keys) {
        return existing("shared_resource", "NULL::uuid", organisationCode, keys);
    }

    private Map<SourceKey, ExistingResource> existing(String table, String personColumn, String organisationCode,
            Collection<SourceKey> keys) {
        Map<SourceKey, ExistingResource> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        String[] types = keys.stream().map(SourceKey::resourceType).toArray(String[]::new);
        String[] ids = keys.stream().map(SourceKey::sourceId).toArray(String[]::new);
        // LATERAL with LIMIT (the key is unique): one index probe per key. As a plain join, the plan for
        // a thousand keys read every row the organisation had sent, slower with every file it sent.
        jdbc.sql("SELECT t.resource_type, t.source_id, t.id, " + personColumn + ", t.version, t.retired"
                        + " FROM unnest(?::text[], ?::text[]) AS k(resource_type, source_id)"
                        + " CROSS JOIN LATERAL (SELECT * FROM " + table + " i WHERE i.organisation_code = ?"
                        + " AND i.resource_type = k.resource_type AND i.source_id = k.source_id LIMIT 1) t")
                .params(types, ids, organisationCode)
                .query(rs -> {
                    found.put(new SourceKey(rs.getString(1), rs.getString(2)), new ExistingResource(rs.getString(1),
                            rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getInt(5), rs.getBoolean(6)));
                });
        return found;
    }

    @Override
    public Map<SourceKey, ExistingResource> currentFromFeed(String feedId, Collection<UUID> personIds) {
        Map<SourceKey, ExistingResource> found = new HashMap<>();
        if (personIds.isEmpty()) {
            return found;
        }
        jdbc.sql("SELECT resource_type, source_id, id, person_id, version FROM clinical_item"
                        + " WHERE person_id = ANY(?) AND feed_id = ? AND NOT retired")
                .params(personIds.toArray(UUID[]::new), feedId)
                .query(rs -> {
                    found.put(new SourceKey(rs.getString(1), rs.getString(2)), new ExistingResource(rs.getString(1),
                            rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getInt(5), false));
                });
        return found;
    }

    @Override
    public List<ExistingResource> sharedByIdentifier(String organisationCode, String resourceType, String identifier) {
        return jdbc.sql("""
                SELECT resource_type, id, version, retired FROM shared_resource
                WHERE organisation_code = ? AND resource_type = ? AND identifiers @> ARRAY[?]::text[] AND NOT retired
                ORDER BY id LIMIT 2""")
                .params(organisationCode, resourceType, identifier)
                .query((rs, n) -> new ExistingResource(rs.getString(1), rs.getObject(2, UUID.class), null, rs.getInt(3),
                        rs.getBoolean(4)))
                .list();
    }

    @Override
    public Optional<ExistingResource> byId(String resourceType, UUID id) {
        if (ResourceScope.isShared(resourceType)) {
            return jdbc.sql("SELECT resource_type, id, version, retired FROM shared_resource WHERE id = ? AND resource_type = ?")
                    .params(id, resourceType)
                    .query((rs, n) -> new ExistingResource(rs.getString(1), rs.getObject(2, UUID.class), null,
                            rs.getInt(3), rs.getBoolean(4)))
                    .optional();
        }
        return jdbc.sql("SELECT resource_type, id, person_id, version, retired FROM clinical_item WHERE id = ? AND resource_type = ?")
                .params(id, resourceType)
                .query((rs, n) -> new ExistingResource(rs.getString(1), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getInt(4), rs.getBoolean(5)))
                .optional();
    }

    // ---- writing ----

    private record Current(int version, byte[] hash, boolean retired, UUID personId) {
    }

    private record Row(ResourceWrite write, int version, byte[] hash, String json, ItemColumns.Columns columns,
            String sourceVersion, Instant recordedAt, Instant receivedAt) {
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public List<WriteResult> write(List<ResourceWrite> writes) {
        Map<UUID, Current> current = current(writes);
        List<WriteResult> results = new ArrayList<>(writes.size());
        List<Row> itemInserts = new ArrayList<>();
        List<Row> itemUpdates = new ArrayList<>();
        List<Row> sharedInserts = new ArrayList<>();
        List<Row> sharedUpdates = new ArrayList<>();
        Instant lastReceived = null;
        String receivedText = null;
        for (ResourceWrite w : writes) {
            ObjectNode resource = w.resource();
            resource.remove("resourceType");
            resource.remove("id"); // the source's id is kept in the provenance
            JsonNode sourceMeta = resource.remove("meta");
            // Serialised once: the body is hashed as it is and stored behind our id and meta.
            String body = toJson(resource);
            byte[] hash = FhirJson.sha256(sourceMeta == null ? body : toJson(sourceMeta) + body);
            Current now = current.get(w.id());
            if (now != null && !now.retired() && Arrays.equals(now.hash(), hash)
                    && (w.personId() == null || w.personId().equals(now.personId()))) {
                results.add(new WriteResult(w.resourceType(), w.id(), now.version(), Outcome.UNCHANGED, null));
                continue;
            }
            int version = now == null ? 1 : now.version() + 1;
            boolean clinical = w.personId() != null;
            if (sourceMeta != null) {
                resource.set("meta", sourceMeta);
            }
            ItemColumns.Columns columns;
            try {
                columns = clinical ? ItemColumns.of(w.resourceType(), resource, w.codes()) : null;
            } catch (InvalidResourceException e) {
                throw new InvalidResourceException(w.id(), e.element(), e.getMessage());
            }
            resource.remove("meta");
            String sourceVersion = w.provenance().sourceVersion() != null ? w.provenance().sourceVersion()
                    : sourceMeta != null && sourceMeta.hasNonNull("versionId") ? sourceMeta.get("versionId").asText() : null;
            Instant recorded = w.provenance().recordedAtSource() != null ? w.provenance().recordedAtSource()
                    : columns != null ? columns.recorded() : lastUpdated(sourceMeta);
            Instant received = w.provenance().receivedAt().truncatedTo(ChronoUnit.MILLIS);
            String author = w.provenance().author() != null ? w.provenance().author()
                    : columns != null ? columns.author() : null;
            if (!received.equals(lastReceived)) { // one instant for a whole delivery: written out once
                lastReceived = received;
                receivedText = received.toString();
            }
            String json = "{\"id\":\"" + w.id() + "\",\"meta\":"
                    + metaJson(sourceMeta, w.provenance(), version, sourceVersion, recorded, receivedText, author)
                    + (body.length() <= 2 ? "}" : "," + body.substring(1));
            Row row = new Row(w, version, hash, json, columns, sourceVersion, recorded, received);
            (clinical ? (now == null ? itemInserts : itemUpdates) : (now == null ? sharedInserts : sharedUpdates)).add(row);
            results.add(new WriteResult(w.resourceType(), w.id(), version, now == null ? Outcome.CREATED : Outcome.UPDATED,
                    received));
        }
        insertItems(itemInserts);
        updateItems(itemUpdates);
        insertShared(sharedInserts);
        updateShared(sharedUpdates);
        return results;
    }

    private Map<UUID, Current> current(List<ResourceWrite> writes) {
        Map<UUID, Current> current = new HashMap<>();
        UUID[] items = writes.stream().filter(w -> !w.newId() && w.personId() != null).map(ResourceWrite::id)
                .toArray(UUID[]::new);
        UUID[] shared = writes.stream().filter(w -> !w.newId() && w.personId() == null).map(ResourceWrite::id)
                .toArray(UUID[]::new);
        if (items.length > 0) {
            jdbc.sql("SELECT id, version, content_sha256, retired, person_id FROM clinical_item WHERE id = ANY(?)")
                    .param(items)
                    .query(rs -> {
                        current.put(rs.getObject(1, UUID.class), new Current(rs.getInt(2), rs.getBytes(3),
                                rs.getBoolean(4), rs.getObject(5, UUID.class)));
                    });
        }
        if (shared.length > 0) {
            jdbc.sql("SELECT id, version, content_sha256, retired FROM shared_resource WHERE id = ANY(?)")
                    .param(shared)
                    .query(rs -> {
                        current.put(rs.getObject(1, UUID.class), new Current(rs.getInt(2), rs.getBytes(3),
                                rs.getBoolean(4), null));
                    });
        }
        return current;
    }

    /** Our version and the provenance go into meta; the source's own versionId and lastUpdated move into the provenance. */
    private static String metaJson(JsonNode sourceMeta, ItemProvenance p, int version, String sourceVersion,
            Instant recorded, String received, String author) {
        StringWriter out = new StringWriter(640);
        try (JsonGenerator g = FhirJson.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("versionId", Integer.toString(version));
            g.writeStringField("lastUpdated", received);
            g.writeStringField("source", ProvenanceExtension.metaSource(p.organisationCode(), p.feedId()));
            if (sourceMeta != null) {
                for (String keep : List.of("profile", "security", "tag")) {
                    if (sourceMeta.has(keep)) {
                        g.writeFieldName(keep);
                        g.writeTree(sourceMeta.get(keep));
                    }
                }
            }
            g.writeArrayFieldStart("extension");
            ProvenanceExtension.write(g, p, sourceVersion, recorded, received, author);
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Instant lastUpdated(JsonNode sourceMeta) {
        if (sourceMeta == null || !sourceMeta.hasNonNull("lastUpdated")) {
            return null;
        }
        return ItemColumns.parseFhirDate("meta.lastUpdated", sourceMeta.get("lastUpdated").asText());
    }

    /** Separates the codes of one row inside a single text value (no FHIR code contains it). */
    private static final String UNIT_SEPARATOR = "\u001f";

    /**
     * New items go in as one statement over arrays, one array per column: a fixed, small statement
     * that is cheap to plan however many items a bundle carries.
     */
    private void insertItems(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        UUID[] personIds = new UUID[n];
        UUID[] ids = new UUID[n];
        String[] types = new String[n];
        UUID[] sourceRecords = new UUID[n];
        String[] organisations = new String[n];
        String[] feeds = new String[n];
        String[] sourceIds = new String[n];
        String[] sourceVersions = new String[n];
        Integer[] versions = new Integer[n];
        String[] categories = new String[n];
        String[] codes = new String[n];
        // instants as text with their offset: the driver writes an array's timestamps in local time
        // without one, which is ambiguous in the hour clocks go back
        String[] effective = new String[n];
        String[] recorded = new String[n];
        String[] received = new String[n];
        String[] authors = new String[n];
        String[] sensitivities = new String[n];
        byte[][] hashes = new byte[n][];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            ResourceWrite w = r.write();
            personIds[i] = w.personId();
            ids[i] = w.id();
            types[i] = w.resourceType();
            sourceRecords[i] = w.sourceRecordId();
            organisations[i] = w.provenance().organisationCode();
            feeds[i] = w.provenance().feedId();
            sourceIds[i] = w.provenance().sourceId();
            sourceVersions[i] = r.sourceVersion();
            versions[i] = r.version();
            categories[i] = String.join(UNIT_SEPARATOR, r.columns().categories());
            codes[i] = String.join(UNIT_SEPARATOR, r.columns().codes());
            effective[i] = text(r.columns().effective());
            recorded[i] = text(r.recordedAt());
            received[i] = text(r.receivedAt());
            authors[i] = r.columns().author();
            sensitivities[i] = r.columns().sensitivity();
            hashes[i] = r.hash();
        }
        template.update(connection -> {
            PreparedStatement ps = connection.prepareStatement("""
                    INSERT INTO clinical_item (person_id, id, resource_type, source_record_id, organisation_code, feed_id,
                        source_id, source_version, version, category, codes, effective, recorded_at, received_at, author,
                        sensitivity, retired, content_sha256, resource)
                    SELECT u.person_id, u.id, u.resource_type, u.source_record_id, u.organisation_code, u.feed_id,
                        u.source_id, u.source_version, u.version, string_to_array(u.category, E'\\x1f'),
                        string_to_array(u.codes, E'\\x1f'), u.effective, u.recorded_at, u.received_at, u.author,
                        u.sensitivity, false, u.sha, u.resource
                    FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::int[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::text[],
                        ?::text[], ?::bytea[], string_to_array(?::text, E'\\x1f'))
                        AS u(person_id, id, resource_type, source_record_id, organisation_code, feed_id, source_id,
                             source_version, version, category, codes, effective, recorded_at, received_at, author,
                             sensitivity, sha, resource)""");
            Object[][] columns = {personIds, ids, types, sourceRecords, organisations, feeds, sourceIds, sourceVersions,
                versions, categories, codes, effective, recorded, received, authors, sensitivities, hashes};
            String[] sqlTypes = {"uuid", "uuid", "text", "uuid", "text", "text", "text", "text", "int4", "text", "text",
                "text", "text", "text", "text", "text", "bytea"};
            for (int c = 0; c < columns.length; c++) {
                ps.setArray(c + 1, connection.createArrayOf(sqlTypes[c], columns[c]));
            }
            ps.setString(columns.length + 1, FhirJson.joinForSplit(rows.stream().map(Row::json).toList()));
            return ps;
        });
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private void updateItems(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                INSERT INTO clinical_item_version (person_id, id, version, resource_type, source_version, received_at,
                    retired, resource)
                SELECT person_id, id, version, resource_type, source_version, received_at, retired, resource
                FROM clinical_item WHERE id = ?""", rows, rows.size(), (ps, r) -> ps.setObject(1, r.write().id()));
        template.batchUpdate("""
                UPDATE clinical_item SET person_id = ?, source_record_id = ?, feed_id = ?, source_version = ?, version = ?,
                    category = ?, codes = ?, effective = ?, recorded_at = ?, received_at = ?, author = ?, sensitivity = ?,
                    retired = false, content_sha256 = ?, resource = ?
                WHERE id = ?""", rows, rows.size(),
                (ps, r) -> {
                    ResourceWrite w = r.write();
                    ps.setObject(1, w.personId());
                    ps.setObject(2, w.sourceRecordId());
                    ps.setString(3, w.provenance().feedId());
                    ps.setString(4, r.sourceVersion());
                    ps.setInt(5, r.version());
                    ps.setArray(6, textArray(ps.getConnection(), r.columns().categories()));
                    ps.setArray(7, textArray(ps.getConnection(), r.columns().codes()));
                    setInstant(ps, 8, r.columns().effective());
                    setInstant(ps, 9, r.recordedAt());
                    setInstant(ps, 10, r.receivedAt());
                    ps.setString(11, r.columns().author());
                    ps.setString(12, r.columns().sensitivity());
                    ps.setBytes(13, r.hash());
                    ps.setString(14, r.json());
                    ps.setObject(15, w.id());
                });
    }

    private void insertShared(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                INSERT INTO shared_resource (id, resource_type, organisation_code, feed_id, source_id, identifiers, version,
                    content_sha256, received_at, retired, resource)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?)""", rows, rows.size(),
                (ps, r) -> {
                    ResourceWrite w = r.write();
                    ps.setObject(1, w.id());
                    ps.setString(2, w.resourceType());
                    ps.setString(3, w.provenance().organisationCode());
                    ps.setString(4, w.provenance().feedId());
                    ps.setString(5, w.provenance().sourceId());
                    ps.setArray(6, textArray(ps.getConnection(),
                            ItemColumns.identifiers(w.resource()).toArray(String[]::new)));
                    ps.setInt(7, r.version());
                    ps.setBytes(8, r.hash());
                    setInstant(ps, 9, r.receivedAt());
                    ps.setString(10, r.json());
                });
    }

    private void updateShared(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                INSERT INTO shared_resource_version (id, version, received_at, resource)
                SELECT id, version, received_at, resource FROM shared_resource WHERE id = ?""", rows, rows.size(),
                (ps, r) -> ps.setObject(1, r.write().id()));
        template.batchUpdate("""
                UPDATE shared_resource SET feed_id = ?, identifiers = ?, version = ?, content_sha256 = ?, received_at = ?,
                    retired = false, resource = ?
                WHERE id = ?""", rows, rows.size(),
                (ps, r) -> {
                    ps.setString(1, r.write().provenance().feedId());
                    ps.setArray(2, textArray(ps.getConnection(),
                            ItemColumns.identifiers(r.write().resource()).toArray(String[]::new)));
                    ps.setInt(3, r.version());
                    ps.setBytes(4, r.hash());
                    setInstant(ps, 5, r.receivedAt());
                    ps.setString(6, r.json());
                    ps.setObject(7, r.write().id());
                });
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public WriteResult retire(ExistingResource resource, ItemProvenance provenance, String reason) {
        Instant received = provenance.receivedAt().truncatedTo(ChronoUnit.MILLIS);
        if (resource.retired()) {
            return new WriteResult(resource.resourceType(), resource.id(), resource.version(), Outcome.UNCHANGED, null);
        }
        int version = resource.version() + 1;
        String retiredNote = ProvenanceExtension.retiredJson(provenance, received, reason).toString();
        if (resource.personId() == null) {
            jdbc.sql("""
                    INSERT INTO shared_resource_version (id, version, received_at, resource)
                    SELECT id, version, received_at, resource FROM shared_resource WHERE id = ?""").param(resource.id()).update();
            jdbc.sql("""
                    UPDATE shared_resource SET retired = true, version = ?, received_at = ?,
                        resource = jsonb_set(jsonb_set(resource::jsonb, '{meta,versionId}', to_jsonb(?::text)), '{meta,extension}',
                            coalesce(resource::jsonb->'meta'->'extension', '[]'::jsonb) || ?::jsonb)::text
                    WHERE id = ?""")
                    .params(version, Timestamp.from(received), Integer.toString(version), retiredNote, resource.id()).update();
        } else {
            jdbc.sql("""
                    INSERT INTO clinical_item_version (person_id, id, version, resource_type, source_version, received_at,
                        retired, resource)
                    SELECT person_id, id, version, resource_type, source_version, received_at, retired, resource
                    FROM clinical_item WHERE id = ?""").param(resource.id()).update();
            jdbc.sql("""
                    UPDATE clinical_item SET retired = true, version = ?, received_at = ?,
                        resource = jsonb_set(jsonb_set(resource::jsonb, '{meta,versionId}', to_jsonb(?::text)), '{meta,extension}',
                            coalesce(resource::jsonb->'meta'->'extension', '[]'::jsonb) || ?::jsonb)::text
                    WHERE id = ?""")
                    .params(version, Timestamp.from(received), Integer.toString(version), retiredNote, resource.id()).update();
        }
        return new WriteResult(resource.resourceType(), resource.id(), version, Outcome.RETIRED, received);
    }

    /** What a source record brought moves with it when it is linked to another person. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(SourceRecordRelinked relinked) {
        String from = "\"Patient/" + relinked.fromPersonId() + "\"";
        String to = "\"Patient/" + relinked.toPersonId() + "\"";
        jdbc.sql("""
                UPDATE clinical_item SET person_id = ?, resource = replace(resource, ?, ?)
                WHERE person_id = ? AND source_record_id = ?""")
                .params(relinked.toPersonId(), from, to, relinked.fromPersonId(), relinked.sourceRecordId()).update();
    }

    // ---- reading ----

    @Override
    public List<StoredResource> everything(UUID personId, UUID after, int limit, Collection<String> types, Instant since,
            ItemVisibility visibility) {
        StringBuilder sql = new StringBuilder("SELECT " + STORED + " FROM clinical_item WHERE person_id = ? AND NOT retired");
        List<Object> params = new ArrayList<>(List.of(personId));
        filters(sql, params, types, since);
        visible(sql, params, visibility);
        if (after != null) {
            sql.append(" AND id > ?");
            params.add(after);
        }
        sql.append(" ORDER BY id LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(JdbcClinicalStore::stored).list();
    }

    /** Only what the reader may see, filtered in the query so nothing hidden leaves the database. */
    private static void visible(StringBuilder sql, List<Object> params, ItemVisibility visibility) {
        if (visibility.visiblePairs() != null) {
            sql.append(" AND (resource_type || '|' || organisation_code) = ANY(?)");
            params.add(visibility.visiblePairs().toArray(String[]::new));
        }
        if (!visibility.hiddenCodes().isEmpty()) {
            sql.append(" AND NOT (codes && ?::text[])");
            params.add(visibility.hiddenCodes().toArray(String[]::new));
        }
    }

    @Override
    public Map<String, SourceHoldings> holdingsBySource(UUID personId, ItemVisibility visibility) {
        Map<String, SourceHoldings> out = new java.util.TreeMap<>();
        StringBuilder sql = new StringBuilder("SELECT organisation_code, count(*), max(received_at) FROM clinical_item"
                + " WHERE person_id = ? AND NOT retired");
        List<Object> params = new ArrayList<>(List.of(personId));
        visible(sql, params, visibility);
        jdbc.sql(sql.append(" GROUP BY organisation_code").toString())
                .params(params)
                .query(rs -> {
                    out.put(rs.getString(1), new SourceHoldings(rs.getLong(2), rs.getTimestamp(3).toInstant()));
                });
        return out;
    }

    @Override
    public ItemCounts countEverything(UUID personId, Collection<String> types, Instant since, ItemVisibility visibility) {
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        List<Object> params = new ArrayList<>();
        if (visibility.all()) {
            sql.append(", 0");
        } else {
            // what the reader may not see: another pair of type and source, or a sensitive code
            sql.append(", count(*) FILTER (WHERE ");
            if (visibility.visiblePairs() != null) {
                sql.append("(resource_type || '|' || organisation_code) <> ALL(?) OR ");
                params.add(visibility.visiblePairs().toArray(String[]::new));
            }
            sql.append("codes && ?::text[])");
            params.add(visibility.hiddenCodes().toArray(String[]::new));
        }
        sql.append(" FROM clinical_item WHERE person_id = ? AND NOT retired");
        params.add(personId);
        filters(sql, params, types, since);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new ItemCounts(rs.getLong(1) - rs.getLong(2), rs.getLong(2))).single();
    }

    @Override
    public Optional<String> contactWith(UUID personId, String organisationCode, Instant since) {
        return jdbc.sql("""
                SELECT CASE resource_type WHEN 'Encounter' THEN 'encounter' WHEN 'Appointment' THEN 'appointment'
                         WHEN 'EpisodeOfCare' THEN 'open episode of care' ELSE 'open referral' END
                FROM clinical_item
                WHERE person_id = ? AND organisation_code = ? AND NOT retired
                  AND ((resource_type IN ('Encounter', 'Appointment') AND effective >= ?)
                    OR (resource_type IN ('EpisodeOfCare', 'ServiceRequest') AND resource::jsonb ->> 'status' = 'active'))
                LIMIT 1""")
                .params(personId, organisationCode, Timestamp.from(since)).query(String.class).optional();
    }

    private static void filters(StringBuilder sql, List<Object> params, Collection<String> types, Instant since) {
        if (types != null && !types.isEmpty()) {
            sql.append(" AND resource_type = ANY(?)");
            params.add(types.toArray(String[]::new));
        }
        if (since != null) {
            sql.append(" AND received_at >= ?");
            params.add(Timestamp.from(since));
        }
    }

    @Override
    public Optional<StoredResource> read(String resourceType, UUID id) {
        String sql = ResourceScope.isShared(resourceType)
                ? "SELECT resource_type, id, NULL::uuid, version, retired, resource, organisation_code, NULL::timestamptz,"
                        + " NULL::text[] FROM shared_resource"
                        + " WHERE id = ? AND resource_type = ?"
                : "SELECT " + STORED + " FROM clinical_item WHERE id = ? AND resource_type = ?";
        return jdbc.sql(sql).params(id, resourceType).query(JdbcClinicalStore::stored).optional();
    }

    @Override
    public List<StoredResource> search(ItemQuery q, ItemVisibility visibility) {
        StringBuilder sql = new StringBuilder("SELECT " + STORED + " FROM clinical_item"
                + " WHERE person_id = ? AND resource_type = ? AND NOT retired");
        List<Object> params = new ArrayList<>(List.of(q.personId(), q.resourceType()));
        visible(sql, params, visibility);
        if (q.codes() != null && !q.codes().isEmpty()) {
            sql.append(" AND codes && ?::text[]");
            params.add(q.codes().toArray(String[]::new));
        }
        if (q.categories() != null && !q.categories().isEmpty()) {
            sql.append(" AND category && ?::text[]");
            params.add(q.categories().toArray(String[]::new));
        }
        if (q.effectiveFrom() != null) {
            sql.append(" AND effective >= ?");
            params.add(Timestamp.from(q.effectiveFrom()));
        }
        if (q.effectiveBefore() != null) {
            sql.append(" AND effective < ?");
            params.add(Timestamp.from(q.effectiveBefore()));
        }
        sql.append(" ORDER BY effective DESC NULLS LAST, id LIMIT ?");
        params.add(q.limit());
        return jdbc.sql(sql.toString()).params(params).query(JdbcClinicalStore::stored).list();
    }

    @Override
    public List<StoredResource> sharedWithIdentifier(String resourceType, String identifier, int limit) {
        return jdbc.sql("""
                SELECT resource_type, id, NULL::uuid, version, retired, resource, organisation_code, NULL::timestamptz,
                       NULL::text[]
                FROM shared_resource
                WHERE resource_type = ? AND identifiers @> ARRAY[?]::text[] AND NOT retired ORDER BY id LIMIT ?""")
                .params(resourceType, identifier, limit).query(JdbcClinicalStore::stored).list();
    }

    private static final String STORED = "resource_type, id, person_id, version, retired, resource, organisation_code,"
            + " coalesce(recorded_at, effective), codes";

    private static StoredResource stored(ResultSet rs, int row) throws SQLException {
        return new StoredResource(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getInt(4),
                rs.getBoolean(5), rs.getString(6), rs.getString(7),
                rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(),
                rs.getArray(9) == null ? List.of() : List.of((String[]) rs.getArray(9).getArray()));
    }

    // ---- helpers ----

    private static String toJson(JsonNode node) {
        try {
            return FhirJson.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Array textArray(Connection connection, String[] values) throws SQLException {
        return connection.createArrayOf("text", values);
    }

    private static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(index, Timestamp.from(instant));
        }
    }
}
