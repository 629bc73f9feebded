package org.opencarerecord.identity.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.opencarerecord.identity.IncomingPatient;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.identity.Person;
import org.opencarerecord.identity.PersonIndex;
import org.opencarerecord.identity.SourceRecord;
import org.opencarerecord.identity.SourceRecordLink;
import org.opencarerecord.identity.SourceRecordRelinked;
import org.opencarerecord.platform.Uuid7;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Service
class JdbcPersonIndex implements PersonIndex {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    JdbcPersonIndex(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    private record Existing(UUID id, UUID personId, int version, byte[] hash) {
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public SourceRecordLink accept(IncomingPatient p) {
        Existing existing = findExisting(p);
        UUID personId = personFor(p, existing);
        if (existing != null) {
            if (existing.personId().equals(personId) && Arrays.equals(existing.hash(), p.contentSha256())) {
                return new SourceRecordLink(existing.id(), personId, existing.version(), false);
            }
            int version = existing.version() + 1;
            jdbc.sql("""
                    INSERT INTO source_record_version (source_record_id, version, received_at, resource)
                    SELECT id, version, received_at, resource FROM source_record WHERE id = ?""")
                    .param(existing.id()).update();
            jdbc.sql("""
                    UPDATE source_record SET person_id = ?, feed_id = ?, nhs_number = ?, family = ?, given = ?,
                        birth_date = ?, gender = ?, postcode = ?, version = ?, content_sha256 = ?, recorded_at = ?,
                        received_at = ?, resource = ?::jsonb
                    WHERE id = ?""")
                    .params(personId, p.feedId(), nhs(p), p.family(), p.given(), date(p.birthDate()), p.gender(),
                            p.postcode(), version, p.contentSha256(), ts(p.recordedAt()), ts(p.receivedAt()),
                            p.resourceJson(), existing.id())
                    .update();
            saveIdentifiers(p, existing.id(), true);
            if (!existing.personId().equals(personId)) {
                events.publishEvent(new SourceRecordRelinked(existing.id(), existing.personId(), personId));
            }
            return new SourceRecordLink(existing.id(), personId, version, true);
        }
        UUID id = Uuid7.next();
        jdbc.sql("""
                INSERT INTO source_record (id, person_id, organisation_code, feed_id, source_id, nhs_number, family, given,
                    birth_date, gender, postcode, version, content_sha256, recorded_at, received_at, resource)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?::jsonb)""")
                .params(id, personId, p.organisationCode(), p.feedId(), p.sourceId(), nhs(p), p.family(), p.given(),
                        date(p.birthDate()), p.gender(), p.postcode(), p.contentSha256(), ts(p.recordedAt()),
                        ts(p.receivedAt()), p.resourceJson())
                .update();
        saveIdentifiers(p, id, false);
        return new SourceRecordLink(id, personId, 1, true);
    }

    private Existing findExisting(IncomingPatient p) {
        Optional<Existing> bySourceId = jdbc.sql("""
                SELECT id, person_id, version, content_sha256 FROM source_record
                WHERE organisation_code = ? AND source_id = ?""")
                .params(p.organisationCode(), p.sourceId())
                .query(JdbcPersonIndex::existing).optional();
        if (bySourceId.isPresent()) {
            return bySourceId.get();
        }
        List<String> local = p.identifiers().stream().filter(i -> !i.startsWith(NhsNumber.SYSTEM + "|")).toList();
        if (local.isEmpty()) {
            return null;
        }
        String[] systems = local.stream().map(i -> i.substring(0, i.indexOf('|'))).toArray(String[]::new);
        String[] values = local.stream().map(i -> i.substring(i.indexOf('|') + 1)).toArray(String[]::new);
        return jdbc.sql("""
                SELECT r.id, r.person_id, r.version, r.content_sha256
                FROM unnest(?::text[], ?::text[]) AS k(system, value)
                CROSS JOIN LATERAL (
                    -- one primary-key probe per identifier, however many identifiers the organisation holds
                    SELECT source_record_id FROM source_record_identifier
                    WHERE organisation_code = ? AND system = k.system AND value = k.value) i
                JOIN source_record r ON r.id = i.source_record_id
                ORDER BY r.id LIMIT 1""")
                .params(systems, values, p.organisationCode())
                .query(JdbcPersonIndex::existing).optional().orElse(null);
    }

    private static Existing existing(ResultSet rs, int row) throws SQLException {
        return new Existing(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3), rs.getBytes(4));
    }

    /** A verified NHS number decides the person; without one a source record keeps its person or gets a new one. */
    private UUID personFor(IncomingPatient p, Existing existing) {
        if (p.nhsNumber() == null) {
            return existing != null ? existing.personId() : newPerson(null);
        }
        String nhs = p.nhsNumber().value();
        Optional<UUID> holder = jdbc.sql("SELECT id FROM person WHERE nhs_number = ?").param(nhs)
                .query(UUID.class).optional();
        if (holder.isPresent()) {
            return holder.get();
        }
        if (existing != null) {
            // The person this record already belongs to has no NHS number yet, or had a different one
            // that this source has now corrected: take the number if nobody else's records say otherwise.
            long others = jdbc.sql("""
                    SELECT count(*) FROM source_record
                    WHERE person_id = ? AND id <> ? AND nhs_number IS NOT NULL AND nhs_number <> ?""")
                    .params(existing.personId(), existing.id(), nhs).query(Long.class).single();
            if (others == 0) {
                jdbc.sql("UPDATE person SET nhs_number = ? WHERE id = ?").params(nhs, existing.personId()).update();
                return existing.personId();
            }
        }
        return newPerson(nhs);
    }

    private UUID newPerson(String nhs) {
        UUID id = Uuid7.next();
        jdbc.sql("INSERT INTO person (id, nhs_number, created_at) VALUES (?, ?, now())").params(id, nhs).update();
        return id;
    }

    private void saveIdentifiers(IncomingPatient p, UUID sourceRecordId, boolean replace) {
        if (replace) {
            jdbc.sql("DELETE FROM source_record_identifier WHERE source_record_id = ?").param(sourceRecordId).update();
        }
        if (p.identifiers().isEmpty()) {
            return;
        }
        String[] systems = p.identifiers().stream().map(i -> i.substring(0, i.indexOf('|'))).toArray(String[]::new);
        String[] values = p.identifiers().stream().map(i -> i.substring(i.indexOf('|') + 1)).toArray(String[]::new);
        jdbc.sql("""
                INSERT INTO source_record_identifier (organisation_code, system, value, source_record_id)
                SELECT DISTINCT ?, s, v, ?::uuid FROM unnest(?::text[], ?::text[]) AS t(s, v)
                ON CONFLICT (organisation_code, system, value) DO UPDATE SET source_record_id = excluded.source_record_id""")
                .params(p.organisationCode(), sourceRecordId, systems, values)
                .update();
    }

    @Override
    public Optional<SourceRecordLink> sourceRecordBySourceId(String organisationCode, String sourceId) {
        return jdbc.sql("SELECT id, person_id, version FROM source_record WHERE organisation_code = ? AND source_id = ?")
                .params(organisationCode, sourceId).query(JdbcPersonIndex::link).optional();
    }

    @Override
    public Optional<SourceRecordLink> sourceRecordByIdentifier(String organisationCode, String identifier) {
        int bar = identifier.indexOf('|');
        if (bar < 0) {
            return jdbc.sql("""
                    SELECT r.id, r.person_id, r.version FROM source_record_identifier i
                    JOIN source_record r ON r.id = i.source_record_id
                    WHERE i.organisation_code = ? AND i.value = ? ORDER BY r.id LIMIT 1""")
                    .params(organisationCode, identifier).query(JdbcPersonIndex::link).optional();
        }
        return jdbc.sql("""
                SELECT r.id, r.person_id, r.version FROM source_record_identifier i
                JOIN source_record r ON r.id = i.source_record_id
                WHERE i.organisation_code = ? AND i.system = ? AND i.value = ?""")
                .params(organisationCode, identifier.substring(0, bar), identifier.substring(bar + 1))
                .query(JdbcPersonIndex::link).optional();
    }

    @Override
    public Optional<SourceRecordLink> sourceRecordOfPerson(String organisationCode, UUID personId) {
        return jdbc.sql("""
                SELECT id, person_id, version FROM source_record WHERE person_id = ? AND organisation_code = ?
                ORDER BY received_at DESC LIMIT 1""")
                .params(personId, organisationCode).query(JdbcPersonIndex::link).optional();
    }

    private static SourceRecordLink link(ResultSet rs, int row) throws SQLException {
        return new SourceRecordLink(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3), false);
    }

    @Override
    public Optional<Person> person(UUID personId) {
        Optional<String> nhs = jdbc.sql("SELECT coalesce(nhs_number, '') FROM person WHERE id = ?").param(personId)
                .query(String.class).optional();
        if (nhs.isEmpty()) {
            return Optional.empty();
        }
        List<SourceRecord> records = jdbc.sql("""
                SELECT id, person_id, organisation_code, feed_id, source_id, version, recorded_at, received_at, resource::text
                FROM source_record WHERE person_id = ? ORDER BY received_at DESC, id""")
                .param(personId)
                .query((rs, row) -> new SourceRecord(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), instant(rs.getTimestamp(7)),
                        instant(rs.getTimestamp(8)), rs.getString(9)))
                .list();
        return Optional.of(new Person(personId, NhsNumber.parse(nhs.get()).orElse(null), records));
    }

    @Override
    public List<UUID> findByIdentifier(String system, String value) {
        if (NhsNumber.SYSTEM.equals(system) || system == null) {
            Optional<NhsNumber> nhs = NhsNumber.parse(value);
            if (nhs.isPresent()) {
                List<UUID> byNhs = jdbc.sql("SELECT id FROM person WHERE nhs_number = ?").param(nhs.get().value())
                        .query(UUID.class).list();
                if (!byNhs.isEmpty() || system != null) {
                    return byNhs;
                }
            } else if (system != null) {
                return List.of();
            }
        }
        if (system == null) {
            return jdbc.sql("""
                    SELECT DISTINCT r.person_id FROM source_record_identifier i JOIN source_record r ON r.id = i.source_record_id
                    WHERE i.value = ?""").param(value).query(UUID.class).list();
        }
        return jdbc.sql("""
                SELECT DISTINCT r.person_id FROM source_record_identifier i JOIN source_record r ON r.id = i.source_record_id
                WHERE i.value = ? AND i.system = ?""").params(value, system).query(UUID.class).list();
    }

    @Override
    public List<UUID> findByDemographics(String family, String given, LocalDate birthDateFrom, LocalDate birthDateTo,
            int limit) {
        StringBuilder sql = new StringBuilder("SELECT person_id FROM source_record WHERE true");
        List<Object> params = new ArrayList<>();
        if (family != null) {
            sql.append(" AND family = ?");
            params.add(family.toLowerCase());
        }
        if (given != null) {
            sql.append(" AND (' ' || given) LIKE ?");
            params.add("% " + likeEscape(given.toLowerCase()) + "%");
        }
        if (birthDateFrom != null) {
            sql.append(" AND birth_date >= ?");
            params.add(Date.valueOf(birthDateFrom));
        }
        if (birthDateTo != null) {
            sql.append(" AND birth_date <= ?");
            params.add(Date.valueOf(birthDateTo));
        }
        sql.append(" GROUP BY person_id ORDER BY person_id LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(UUID.class).list();
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String nhs(IncomingPatient p) {
        return p.nhsNumber() == null ? null : p.nhsNumber().value();
    }

    private static Date date(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
