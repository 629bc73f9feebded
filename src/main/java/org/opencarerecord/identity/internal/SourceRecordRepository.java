package org.opencarerecord.identity.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.opencarerecord.identity.DemographicsView;
import org.opencarerecord.identity.IncomingPatient;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.identity.internal.matching.BlockingKeys;
import org.opencarerecord.identity.internal.matching.Candidate;
import org.opencarerecord.identity.internal.matching.Demographics;
import org.opencarerecord.identity.internal.matching.NameNormaliser;
import org.opencarerecord.identity.internal.matching.Phonetic;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.platform.Uuid7;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of source records: the records, their identifiers, their blocking keys and earlier versions. */
@Repository
class SourceRecordRepository {

    record Existing(UUID id, UUID personId, int version, byte[] hash) {
    }

    private static final String DEMOGRAPHICS = "r.id, r.person_id, r.organisation_code, r.source_id, r.nhs_number,"
            + " r.family_name, r.given_names, r.birth_date, r.gender, r.postcode, r.address_line";

    private final JdbcClient jdbc;

    SourceRecordRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static Demographics demographics(IncomingPatient p) {
        return new Demographics(p.nhsNumber() == null ? null : p.nhsNumber().value(), p.family(), p.given(),
                p.birthDate(), p.gender(), p.postcode(), p.addressLine());
    }

    /** The record this organisation already holds for this patient: by its source id, else by one of its local identifiers. */
    Existing find(IncomingPatient p) {
        // Two plain statements, the second only for a record not found by its id: every statement is
        // planned for its parameters (decision 0006), and one query answering both took longer to plan
        // than to run.
        Existing bySourceId = jdbc.sql("""
                SELECT id, person_id, version, content_sha256 FROM source_record
                WHERE organisation_code = ? AND source_id = ?""")
                .params(p.organisationCode(), p.sourceId()).query(SourceRecordRepository::existing).optional().orElse(null);
        List<String> local = localIdentifiers(p);
        if (bySourceId != null || local.isEmpty()) {
            return bySourceId;
        }
        String[] systems = local.stream().map(i -> i.substring(0, i.indexOf('|'))).toArray(String[]::new);
        String[] values = local.stream().map(i -> i.substring(i.indexOf('|') + 1)).toArray(String[]::new);
        return jdbc.sql("""
                SELECT r.id, r.person_id, r.version, r.content_sha256 FROM unnest(?::text[], ?::text[]) AS k(system, value)
                CROSS JOIN LATERAL (
                    -- one primary-key probe per identifier, however many identifiers the organisation holds
                    SELECT source_record_id FROM source_record_identifier
                    WHERE organisation_code = ? AND system = k.system AND value = k.value LIMIT 1) i
                JOIN source_record r ON r.id = i.source_record_id
                ORDER BY r.id LIMIT 1""")
                .params(systems, values, p.organisationCode())
                .query(SourceRecordRepository::existing).optional().orElse(null);
    }

    /** The records this organisation holds under these source ids, by source id. */
    Map<String, Existing> findBySourceIds(String organisationCode, Collection<String> sourceIds) {
        Map<String, Existing> found = new HashMap<>();
        if (!sourceIds.isEmpty()) {
            jdbc.sql("SELECT id, person_id, version, content_sha256, source_id FROM source_record"
                            + " WHERE organisation_code = ? AND source_id = ANY(?)")
                    .params(organisationCode, sourceIds.toArray(String[]::new))
                    .query(rs -> {
                        found.put(rs.getString(5), existing(rs, 0));
                    });
        }
        return found;
    }

    /** The records this organisation holds under these identifiers ({@code system|value}), by identifier. */
    Map<String, Existing> findByIdentifiers(String organisationCode, Collection<String> identifiers) {
        Map<String, Existing> found = new HashMap<>();
        if (!identifiers.isEmpty()) {
            String[] systems = identifiers.stream().map(i -> i.substring(0, i.indexOf('|'))).toArray(String[]::new);
            String[] values = identifiers.stream().map(i -> i.substring(i.indexOf('|') + 1)).toArray(String[]::new);
            jdbc.sql("""
                    SELECT r.id, r.person_id, r.version, r.content_sha256, k.system || '|' || k.value
                    FROM unnest(?::text[], ?::text[]) AS k(system, value)
                    JOIN source_record_identifier i
                        ON i.organisation_code = ? AND i.system = k.system AND i.value = k.value
                    JOIN source_record r ON r.id = i.source_record_id""")
                    .params(systems, values, organisationCode)
                    .query(rs -> {
                        found.put(rs.getString(5), existing(rs, 0));
                    });
        }
        return found;
    }

    /** The identifiers a source gave its record, other than the NHS number ({@code system|value}). */
    static List<String> localIdentifiers(IncomingPatient p) {
        return p.identifiers().stream().filter(i -> !i.startsWith(NhsNumber.SYSTEM + "|")).toList();
    }

    private static Existing existing(ResultSet rs, int row) throws SQLException {
        return new Existing(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3), rs.getBytes(4));
    }

    /** Writes a record's identifiers and blocking keys (replacing none): two statements of a WITH. */
    private static final String IDENTIFIERS_AND_KEYS = """
            identifiers AS (
                INSERT INTO source_record_identifier (organisation_code, system, value, source_record_id)
                SELECT DISTINCT ?, s, v, ?::uuid FROM unnest(?::text[], ?::text[]) AS t(s, v)
                ON CONFLICT (organisation_code, system, value) DO UPDATE SET source_record_id = excluded.source_record_id),
            keys AS (
                INSERT INTO match_key (key, source_record_id) SELECT DISTINCT k, ?::uuid FROM unnest(?::text[]) AS t(k)
                ON CONFLICT DO NOTHING)""";

    /**
     * A record not seen before, where the index placed it: {@code newPerson} when it founds a person
     * (who takes {@code personNhs}, null for none); {@code event} the decision to log, or null.
     */
    record NewRecord(UUID id, IncomingPatient patient, UUID personId, boolean newPerson, String personNhs,
            LinkLog.Event event) {
    }

    /**
     * New records in one statement (one round trip however many a chunk of a file brings): the
     * persons they found, the records, their identifiers and blocking keys, and the decisions that
     * placed them. An identifier two of them carry ends with the later one, as if written one by one.
     */
    void insert(List<NewRecord> news) {
        int n = news.size();
        List<UUID> personIds = new ArrayList<>();
        List<String> personNhs = new ArrayList<>();
        Object[][] columns = new Object[18][n];
        Map<String, Object[]> identifiers = new LinkedHashMap<>(); // org, system, value -> the later record
        List<String> keys = new ArrayList<>();
        List<UUID> keyRecords = new ArrayList<>();
        List<NewRecord> decided = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NewRecord r = news.get(i);
            IncomingPatient p = r.patient();
            if (r.newPerson()) {
                personIds.add(r.personId());
                personNhs.add(r.personNhs());
            }
            Object[] row = {r.id(), r.personId(), p.organisationCode(), p.feedId(), p.sourceId(), nhs(p), p.family(),
                json(p.given()), normalisedFamily(p), json(Arrays.asList(familyPhonetic(p.family()))), normalisedGiven(p),
                date(p.birthDate()), p.gender(), NameNormaliser.postcode(p.postcode()), p.addressLine(), p.contentSha256(),
                instantText(p.recordedAt()), instantText(p.receivedAt())};
            for (int c = 0; c < row.length; c++) {
                columns[c][i] = row[c];
            }
            for (String identifier : p.identifiers()) {
                int bar = identifier.indexOf('|');
                identifiers.remove(p.organisationCode() + "|" + identifier);
                identifiers.put(p.organisationCode() + "|" + identifier, new Object[] {p.organisationCode(),
                    identifier.substring(0, bar), identifier.substring(bar + 1), r.id()});
            }
            for (String key : BlockingKeys.index(demographics(p))) {
                keys.add(key);
                keyRecords.add(r.id());
            }
            if (r.event() != null) {
                decided.add(r);
            }
        }
        String resources = FhirJson.joinForSplit(news.stream().map(r -> r.patient().resourceJson()).toList());
        List<Object> params = new ArrayList<>();
        params.add(personIds.toArray(UUID[]::new));
        params.add(personNhs.toArray(String[]::new));
        String[] types = {"uuid", "uuid", "text", "text", "text", "text", "text", "text", "text", "text", "text", "date",
            "text", "text", "text", "bytea", "timestamptz", "timestamptz"};
        for (int c = 0; c < columns.length; c++) {
            params.add(typed(types[c], columns[c]));
        }
        params.add(resources);
        for (int c = 0; c < 4; c++) {
            int column = c;
            params.add(identifiers.values().stream().map(v -> v[column]).toArray(c == 3 ? UUID[]::new : String[]::new));
        }
        params.add(keys.toArray(String[]::new));
        params.add(keyRecords.toArray(UUID[]::new));
        params.add(Timestamp.from(Instant.now()));
        params.add(decided.stream().map(r -> Uuid7.next()).toArray(UUID[]::new));
        params.add(decided.stream().map(NewRecord::id).toArray(UUID[]::new));
        params.add(decided.stream().map(NewRecord::personId).toArray(UUID[]::new));
        params.add(decided.stream().map(r -> r.event().action()).toArray(String[]::new));
        params.add(decided.stream().map(r -> r.event().decidedBy()).toArray(String[]::new));
        params.add(decided.stream().map(r -> r.event().score()).toArray(Double[]::new));
        params.add(decided.stream().map(r -> r.event().reason()).toArray(String[]::new));
        params.add(decided.stream().map(r -> r.event().evidenceJson()).toArray(String[]::new));
        jdbc.sql("""
                WITH new_person AS (
                    INSERT INTO person (id, nhs_number, created_at) SELECT u.id, u.nhs, now()
                    FROM unnest(?::uuid[], ?::text[]) AS u(id, nhs)),
                record AS (
                    INSERT INTO source_record (id, person_id, organisation_code, feed_id, source_id, nhs_number, family_name,
                        given_names, family, family_phonetic, given, birth_date, gender, postcode, address_line, version,
                        content_sha256, recorded_at, received_at, resource)
                    SELECT u.id, u.person_id, u.org, u.feed, u.source_id, u.nhs, u.family_name,
                        ARRAY(SELECT e FROM jsonb_array_elements_text(u.given_names::jsonb) WITH ORDINALITY AS n(e, i)
                            ORDER BY i), u.family,
                        ARRAY(SELECT e FROM jsonb_array_elements_text(u.family_phonetic::jsonb) WITH ORDINALITY AS n(e, i)
                            ORDER BY i), u.given, u.birth_date, u.gender,
                        u.postcode, u.address_line, 1, u.sha, u.recorded_at, u.received_at, u.resource
                    FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::text[], ?::bytea[],
                        ?::timestamptz[], ?::timestamptz[], string_to_array(?::text, E'\\x1f'))
                        AS u(id, person_id, org, feed, source_id, nhs, family_name, given_names, family, family_phonetic,
                             given, birth_date, gender, postcode, address_line, sha, recorded_at, received_at, resource)),
                identifiers AS (
                    INSERT INTO source_record_identifier (organisation_code, system, value, source_record_id)
                    SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::uuid[])
                    ON CONFLICT (organisation_code, system, value) DO UPDATE SET source_record_id = excluded.source_record_id),
                keys AS (
                    -- the records are new, so their keys cannot be there yet: a plain insert, without the
                    -- arbiter probe and confirmation record an ON CONFLICT clause costs every row
                    INSERT INTO match_key (key, source_record_id) SELECT DISTINCT * FROM unnest(?::text[], ?::uuid[]))
                INSERT INTO link_event (id, source_record_id, person_id, action, decided_by, decided_at, score, reason, evidence)
                SELECT u.id, u.record, u.person, u.action, u.decided_by, ?::timestamptz, u.score, u.reason, u.evidence::jsonb
                FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::float8[], ?::text[], ?::text[])
                    AS u(id, record, person, action, decided_by, score, reason, evidence)""")
                .params(params)
                .update();
    }

    /**
     * A column of values as the typed array the driver sends. Instants go as text with their offset
     * (the driver writes an array's timestamps in local time without one, which is ambiguous in the
     * hour clocks go back).
     */
    private static Object typed(String type, Object[] values) {
        Class<? extends Object[]> as = switch (type) {
            case "uuid" -> UUID[].class;
            case "date" -> Date[].class;
            case "bytea" -> byte[][].class;
            default -> String[].class;
        };
        return Arrays.copyOf(values, values.length, as);
    }

    /** A list of names as a JSON array, which the statement turns back into a text[] (names may hold any character). */
    private static String json(List<String> values) {
        try {
            return FhirJson.MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    int update(IncomingPatient p, Existing existing, UUID personId) {
        int version = existing.version() + 1;
        jdbc.sql("""
                INSERT INTO source_record_version (source_record_id, version, received_at, resource)
                SELECT id, version, received_at, resource FROM source_record WHERE id = ?""")
                .param(existing.id()).update();
        jdbc.sql("""
                UPDATE source_record SET person_id = ?, feed_id = ?, nhs_number = ?, family_name = ?, given_names = ?,
                    family = ?, family_phonetic = ?, given = ?, birth_date = ?, gender = ?, postcode = ?, address_line = ?,
                    version = ?, content_sha256 = ?, recorded_at = ?, received_at = ?, resource = ?
                WHERE id = ?""")
                .params(personId, p.feedId(), nhs(p), p.family(), p.given().toArray(String[]::new), normalisedFamily(p),
                        familyPhonetic(p.family()), normalisedGiven(p), date(p.birthDate()), p.gender(), NameNormaliser.postcode(p.postcode()),
                        p.addressLine(), version, p.contentSha256(), ts(p.recordedAt()), ts(p.receivedAt()),
                        p.resourceJson(), existing.id())
                .update();
        replaceIdentifiersAndKeys(p, existing.id());
        return version;
    }

    void moveToPerson(UUID sourceRecordId, UUID personId) {
        jdbc.sql("UPDATE source_record SET person_id = ? WHERE id = ?").params(personId, sourceRecordId).update();
    }

    /**
     * Replaces the record's identifiers and blocking keys: the old ones go first, in a statement of
     * their own (an insert in the same statement would still see them as conflicts).
     */
    private void replaceIdentifiersAndKeys(IncomingPatient p, UUID sourceRecordId) {
        jdbc.sql("""
                WITH old_keys AS (DELETE FROM match_key WHERE source_record_id = ?)
                DELETE FROM source_record_identifier WHERE source_record_id = ?""")
                .params(sourceRecordId, sourceRecordId).update();
        jdbc.sql("WITH " + IDENTIFIERS_AND_KEYS + " SELECT 1").params(identifiersAndKeys(p, sourceRecordId))
                .query(Integer.class).single();
    }

    /** The parameters of {@link #IDENTIFIERS_AND_KEYS}. */
    private static List<Object> identifiersAndKeys(IncomingPatient p, UUID sourceRecordId) {
        String[] systems = p.identifiers().stream().map(i -> i.substring(0, i.indexOf('|'))).toArray(String[]::new);
        String[] values = p.identifiers().stream().map(i -> i.substring(i.indexOf('|') + 1)).toArray(String[]::new);
        String[] keys = BlockingKeys.index(demographics(p)).toArray(String[]::new);
        return Arrays.asList(p.organisationCode(), sourceRecordId, systems, values, sourceRecordId, keys);
    }

    /** Source records that share a blocking key with these probe keys, this record itself left out. */
    List<Candidate> candidates(Collection<String> probeKeys, UUID except, int limit) {
        if (probeKeys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + DEMOGRAPHICS + " FROM source_record r WHERE r.id IN ("
                        + " SELECT DISTINCT k.source_record_id FROM match_key k WHERE k.key = ANY(?))"
                        + " AND r.id <> ? LIMIT ?")
                .params(probeKeys.toArray(String[]::new), except == null ? new UUID(0, 0) : except, limit)
                .query((rs, n) -> new Candidate(rs.getObject(2, UUID.class), rs.getObject(1, UUID.class),
                        demographics(rs)))
                .list();
    }

    /** The person who holds an NHS number, with their records. */
    record Holder(UUID personId, List<Candidate> records) {
    }

    /** The person who holds this NHS number and all their source records, in one round trip. */
    Optional<Holder> holderOf(String nhsNumber) {
        UUID[] person = new UUID[1];
        List<Candidate> held = new ArrayList<>();
        jdbc.sql("SELECT " + DEMOGRAPHICS + ", p.id FROM person p LEFT JOIN source_record r ON r.person_id = p.id"
                        + " WHERE p.nhs_number = ? ORDER BY r.id")
                .param(nhsNumber)
                .query(rs -> {
                    person[0] = rs.getObject(12, UUID.class);
                    if (rs.getObject(1) != null) {
                        held.add(new Candidate(person[0], rs.getObject(1, UUID.class), demographics(rs)));
                    }
                });
        return person[0] == null ? Optional.empty() : Optional.of(new Holder(person[0], held));
    }

    /** The holders of these NHS numbers with their records, by NHS number (numbers nobody holds are left out). */
    Map<String, Holder> holdersOf(Collection<String> nhsNumbers) {
        Map<String, UUID> persons = new HashMap<>();
        Map<String, List<Candidate>> held = new HashMap<>();
        if (!nhsNumbers.isEmpty()) {
            jdbc.sql("SELECT " + DEMOGRAPHICS + ", p.id, p.nhs_number FROM person p"
                            + " LEFT JOIN source_record r ON r.person_id = p.id WHERE p.nhs_number = ANY(?) ORDER BY r.id")
                    .param(nhsNumbers.toArray(String[]::new))
                    .query(rs -> {
                        UUID person = rs.getObject(12, UUID.class);
                        String nhs = rs.getString(13);
                        persons.put(nhs, person);
                        List<Candidate> records = held.computeIfAbsent(nhs, n -> new ArrayList<>());
                        if (rs.getObject(1) != null) {
                            records.add(new Candidate(person, rs.getObject(1, UUID.class), demographics(rs)));
                        }
                    });
        }
        Map<String, Holder> holders = new HashMap<>();
        persons.forEach((nhs, person) -> holders.put(nhs, new Holder(person, held.get(nhs))));
        return holders;
    }

    /**
     * The records under each of these blocking keys, by key: at most {@code perKey + 1} for a key,
     * so that a caller can tell a key that holds more than {@code perKey}.
     */
    Map<String, List<Candidate>> candidatesByKey(Collection<String> keys, int perKey) {
        Map<String, List<Candidate>> found = new HashMap<>();
        if (!keys.isEmpty()) {
            jdbc.sql("SELECT " + DEMOGRAPHICS + ", q.key FROM unnest(?::text[]) AS q(key)"
                            + " CROSS JOIN LATERAL (SELECT k.source_record_id FROM match_key k WHERE k.key = q.key LIMIT ?) k"
                            + " JOIN source_record r ON r.id = k.source_record_id")
                    .params(keys.toArray(String[]::new), perKey + 1)
                    .query(rs -> {
                        found.computeIfAbsent(rs.getString(12), k -> new ArrayList<>())
                                .add(new Candidate(rs.getObject(2, UUID.class), rs.getObject(1, UUID.class), demographics(rs)));
                    });
        }
        return found;
    }

    List<DemographicsView> viewsOfPerson(UUID personId) {
        return jdbc.sql("SELECT " + DEMOGRAPHICS + " FROM source_record r WHERE r.person_id = ? ORDER BY r.id")
                .param(personId).query((rs, n) -> view(rs)).list();
    }

    Optional<DemographicsView> view(UUID sourceRecordId) {
        return jdbc.sql("SELECT " + DEMOGRAPHICS + " FROM source_record r WHERE r.id = ?")
                .param(sourceRecordId).query((rs, n) -> view(rs)).optional();
    }

    Optional<UUID> personOf(UUID sourceRecordId) {
        return jdbc.sql("SELECT person_id FROM source_record WHERE id = ?").param(sourceRecordId).query(UUID.class).optional();
    }

    Optional<byte[]> contentHash(UUID sourceRecordId) {
        return jdbc.sql("SELECT content_sha256 FROM source_record WHERE id = ?").param(sourceRecordId)
                .query((rs, n) -> rs.getBytes(1)).optional();
    }

    long recordsOfPerson(UUID personId) {
        return jdbc.sql("SELECT count(*) FROM source_record WHERE person_id = ?").param(personId).query(Long.class).single();
    }

    private static Demographics demographics(ResultSet rs) throws SQLException {
        return new Demographics(rs.getString(5), rs.getString(6), strings(rs.getArray(7)), localDate(rs.getDate(8)),
                rs.getString(9), rs.getString(10), rs.getString(11));
    }

    private static DemographicsView view(ResultSet rs) throws SQLException {
        return new DemographicsView(rs.getObject(1, UUID.class), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), strings(rs.getArray(7)), localDate(rs.getDate(8)), rs.getString(9), rs.getString(10),
                rs.getString(11));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }

    /** Phonetic codes of every part of a family name (double-barrelled names give several). */
    static String[] familyPhonetic(String family) {
        if (family == null) {
            return new String[0];
        }
        return NameNormaliser.surnameParts(family).stream().map(Phonetic::code).filter(c -> !c.isEmpty()).distinct()
                .toArray(String[]::new);
    }

    /**
     * Records for a search: by date of birth (or its day and month swapped), by the sound of the
     * family name within a range of birth dates, or by postcode; at most {@code limit}.
     */
    List<Candidate> searchCandidates(List<LocalDate> birthDates, Collection<String> probeKeys, LocalDate bornFrom,
            LocalDate bornTo, String[] familyCodes, String postcode, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + DEMOGRAPHICS + " FROM source_record r WHERE ");
        List<Object> params = new java.util.ArrayList<>();
        if (!birthDates.isEmpty()) {
            // the date of birth as typed (or swapped), or the matcher's blocking keys, which tolerate a slipped digit;
            // a UNION of two index look-ups (an OR across them would scan the whole table)
            sql.append("r.id IN (SELECT b.id FROM source_record b WHERE b.birth_date = ANY(?)"
                    + " UNION SELECT k.source_record_id FROM match_key k WHERE k.key = ANY(?))");
            params.add(birthDates.stream().map(Date::valueOf).toArray(Date[]::new));
            params.add(probeKeys.toArray(String[]::new));
        } else if (familyCodes.length > 0) {
            sql.append("r.family_phonetic && ?::text[]");
            params.add(familyCodes);
            if (bornFrom != null) {
                sql.append(" AND r.birth_date >= ? AND r.birth_date <= ?");
                params.add(Date.valueOf(bornFrom));
                params.add(Date.valueOf(bornTo));
            }
        } else {
            sql.append("r.postcode = ?");
            params.add(postcode);
        }
        if (!birthDates.isEmpty() && postcode != null && familyCodes.length == 0) {
            sql.append(" AND r.postcode = ?");
            params.add(postcode);
        }
        sql.append(" LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Candidate(rs.getObject(2, UUID.class), rs.getObject(1, UUID.class), demographics(rs)))
                .list();
    }

    private static String normalisedFamily(IncomingPatient p) {
        return p.family() == null ? null : NameNormaliser.normalise(p.family());
    }

    private static String normalisedGiven(IncomingPatient p) {
        return p.given().isEmpty() ? null
                : String.join(" ", p.given().stream().map(NameNormaliser::normalise).filter(g -> !g.isEmpty()).toList());
    }

    private static String nhs(IncomingPatient p) {
        return p.nhsNumber() == null ? null : p.nhsNumber().value();
    }

    private static Date date(LocalDate date) {
        return date == null ? null : Date.valueOf(date);
    }

    private static String instantText(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
