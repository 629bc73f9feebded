package org.opencarerecord.identity.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.identity.PersonIndexLoader;
import org.opencarerecord.identity.internal.matching.BlockingKeys;
import org.opencarerecord.identity.internal.matching.Demographics;
import org.opencarerecord.identity.internal.matching.NameNormaliser;
import org.opencarerecord.platform.FhirJson;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@link PersonIndexLoader} by PostgreSQL {@code COPY ... FROM STDIN}: one pass over the file per
 * table (person, source_record, source_record_identifier, match_key), streamed, a reader thread
 * preparing rows while the database takes the previous chunk. Ids are UUID version 7 derived from
 * the line number, so every pass gives a line the same ids without holding them.
 *
 * <p>Inside the one transaction, the foreign keys, primary keys, unique constraints and secondary
 * indexes of the four tables (and the foreign keys pointing at them) are dropped before the copy
 * and recreated after it from their own definitions ({@code pg_get_constraintdef},
 * {@code pg_get_indexdef}), so every constraint is checked again over the whole table: building
 * an index from sorted data once is many times faster than maintaining it row by row. Then
 * {@code VACUUM (ANALYZE)} the tables, so the planner knows their size and index-only scans work.
 */
@Component
class CopyPersonIndexLoader implements PersonIndexLoader {

    private static final Logger log = LoggerFactory.getLogger(CopyPersonIndexLoader.class);

    private static final String[] TABLES = {"person", "source_record", "source_record_identifier", "match_key"};
    private static final int CHUNK_CHARS = 1 << 18;
    private static final Object END = new Object();

    private final DataSource dataSource;

    CopyPersonIndexLoader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One CSV line, parsed and checked; derived values computed only by the passes that need them. */
    private static final class Line {
        final long number;
        final String sourceId;
        final String nhs;
        final String family;
        final List<String> given;
        final LocalDate birthDate;
        final String gender;
        final String postcode;
        final String addressLine;

        Line(long number, String[] f) {
            this.number = number;
            if (f.length != 8) {
                throw new IllegalArgumentException("line " + (number + 2) + " has " + f.length + " fields, not 8");
            }
            sourceId = blankToNull(f[0]);
            if (sourceId == null) {
                throw new IllegalArgumentException("line " + (number + 2) + " has no source_id");
            }
            String n = blankToNull(f[1]);
            if (n != null) {
                Optional<NhsNumber> parsed = NhsNumber.parse(n);
                if (parsed.isEmpty()) {
                    throw new IllegalArgumentException("line " + (number + 2) + ": nhs_number is not a valid NHS number");
                }
                n = parsed.get().value();
            }
            nhs = n;
            family = blankToNull(f[2]);
            String g = blankToNull(f[3]);
            List<String> names = new ArrayList<>(3);
            if (g != null) {
                for (String part : g.split("\\|")) {
                    if (!part.isBlank()) {
                        names.add(part);
                    }
                }
            }
            given = names;
            String dob = blankToNull(f[4]);
            try {
                birthDate = dob == null ? null : LocalDate.parse(dob);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("line " + (number + 2) + ": birth_date is not yyyy-mm-dd");
            }
            gender = blankToNull(f[5]);
            postcode = blankToNull(f[6]);
            addressLine = blankToNull(f[7]);
        }

        Demographics demographics() {
            return new Demographics(nhs, family, given, birthDate, gender, postcode, addressLine);
        }
    }

    @FunctionalInterface
    private interface RowWriter {
        void write(Line line, StringBuilder out);
    }

    private record Saved(String table, String name, String definition) {
    }

    @Override
    public long load(Path csv, String organisationCode, String feedId, String localIdSystem) {
        if (organisationCode == null || feedId == null || localIdSystem == null) {
            throw new IllegalArgumentException("an organisation code, a feed id and a local identifier system are needed");
        }
        Instant now = Instant.now();
        SecureRandom random = new SecureRandom();
        long personSalt = random.nextLong();
        long recordSalt = random.nextLong();
        long millis = now.toEpochMilli();
        String receivedAt = now.toString();
        long started = System.nanoTime();
        long lines;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                execute(c, "SET LOCAL maintenance_work_mem = '1GB'");
                try (var check = c.prepareStatement("SELECT 1 FROM feed WHERE id = ? AND organisation_code = ? FOR SHARE")) {
                    check.setString(1, feedId);
                    check.setString(2, organisationCode);
                    try (ResultSet rs = check.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalArgumentException("no feed " + feedId + " of organisation " + organisationCode);
                        }
                    }
                }
                List<Saved> foreignKeys = new ArrayList<>();
                List<Saved> keys = new ArrayList<>();
                List<Saved> indexes = new ArrayList<>();
                save(c, foreignKeys, keys, indexes);
                long t = System.nanoTime();
                for (Saved f : foreignKeys) {
                    execute(c, "ALTER TABLE " + f.table() + " DROP CONSTRAINT " + f.name());
                }
                for (Saved k : keys) {
                    execute(c, "ALTER TABLE " + k.table() + " DROP CONSTRAINT " + k.name());
                }
                for (Saved i : indexes) {
                    execute(c, "DROP INDEX " + i.name());
                }
                log.info("Dropped {} foreign keys, {} keys and {} indexes ({} ms)", foreignKeys.size(), keys.size(),
                        indexes.size(), ms(t));

                lines = copy(copy, csv, "person", "COPY person (id, nhs_number, created_at) FROM STDIN", (l, b) -> {
                    b.append(uuid(millis, personSalt, l.number)).append('\t');
                    field(b, l.nhs).append('\t').append(receivedAt).append('\n');
                });
                long recordLines = copy(copy, csv, "source_record", """
                        COPY source_record (id, person_id, organisation_code, feed_id, source_id, nhs_number, family_name,
                            given_names, family, family_phonetic, given, birth_date, gender, postcode, address_line,
                            version, content_sha256, recorded_at, received_at, resource) FROM STDIN""", (l, b) -> {
                    b.append(uuid(millis, recordSalt, l.number)).append('\t');
                    b.append(uuid(millis, personSalt, l.number)).append('\t');
                    field(b, organisationCode).append('\t');
                    field(b, feedId).append('\t');
                    field(b, l.sourceId).append('\t');
                    field(b, l.nhs).append('\t');
                    field(b, l.family).append('\t');
                    array(b, l.given.toArray(String[]::new)).append('\t');
                    field(b, l.family == null ? null : NameNormaliser.normalise(l.family)).append('\t');
                    array(b, SourceRecordRepository.familyPhonetic(l.family)).append('\t');
                    field(b, normalisedGiven(l.given)).append('\t');
                    field(b, l.birthDate == null ? null : l.birthDate.toString()).append('\t');
                    field(b, l.gender).append('\t');
                    field(b, NameNormaliser.postcode(l.postcode)).append('\t');
                    field(b, l.addressLine).append('\t');
                    b.append("1\t");
                    String json = resource(l, localIdSystem);
                    b.append("\\\\x").append(HexFormat.of().formatHex(FhirJson.sha256(json))).append('\t');
                    b.append("\\N\t").append(receivedAt).append('\t');
                    field(b, json).append('\n');
                });
                long identifierLines = copy(copy, csv, "source_record_identifier",
                        "COPY source_record_identifier (organisation_code, system, value, source_record_id) FROM STDIN",
                        (l, b) -> {
                            String record = uuid(millis, recordSalt, l.number).toString();
                            if (l.nhs != null) {
                                field(b, organisationCode).append('\t');
                                field(b, NhsNumber.SYSTEM).append('\t').append(l.nhs).append('\t').append(record).append('\n');
                            }
                            field(b, organisationCode).append('\t');
                            field(b, localIdSystem).append('\t');
                            field(b, l.sourceId).append('\t').append(record).append('\n');
                        });
                long keyLines = copy(copy, csv, "match_key", "COPY match_key (key, source_record_id) FROM STDIN", (l, b) -> {
                    String record = uuid(millis, recordSalt, l.number).toString();
                    for (String key : BlockingKeys.index(l.demographics())) {
                        field(b, key).append('\t').append(record).append('\n');
                    }
                });
                if (recordLines != lines || identifierLines != lines || keyLines != lines) {
                    throw new IllegalStateException("the file changed during the load");
                }

                // keys first (their indexes serve the foreign key checks), then the other indexes, then the foreign keys
                for (Saved k : keys) {
                    t = System.nanoTime();
                    execute(c, "ALTER TABLE " + k.table() + " ADD CONSTRAINT " + k.name() + " " + k.definition());
                    log.info("Restored {} on {} ({} ms)", k.name(), k.table(), ms(t));
                }
                for (Saved i : indexes) {
                    t = System.nanoTime();
                    execute(c, i.definition());
                    log.info("Restored index {} ({} ms)", i.name(), ms(t));
                }
                for (Saved f : foreignKeys) {
                    t = System.nanoTime();
                    execute(c, "ALTER TABLE " + f.table() + " ADD CONSTRAINT " + f.name() + " " + f.definition());
                    log.info("Restored {} on {} ({} ms)", f.name(), f.table(), ms(t));
                }
                t = System.nanoTime();
                c.commit();
                log.info("Committed ({} ms)", ms(t));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            long t = System.nanoTime();
            c.setAutoCommit(true);
            try {
                execute(c, "VACUUM (ANALYZE) " + String.join(", ", TABLES));
            } finally {
                c.setAutoCommit(autoCommit);
            }
            log.info("Vacuumed and analysed ({} ms)", ms(t));
        } catch (SQLException e) {
            throw new IllegalStateException("the person index load failed and was rolled back: " + e.getMessage(), e);
        }
        log.info("Loaded {} source records into the person index in {} s", lines, ms(started) / 1000);
        return lines;
    }

    /** The constraints and indexes of the four tables, and the foreign keys of other tables pointing at them. */
    private static void save(Connection c, List<Saved> foreignKeys, List<Saved> keys, List<Saved> indexes) throws SQLException {
        String tables = "(" + String.join(", ", Arrays.stream(TABLES).map(t -> "'" + t + "'::regclass").toList()) + ")";
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid),"
                        + " contype FROM pg_constraint WHERE (contype IN ('p', 'u') AND conrelid IN " + tables + ")"
                        + " OR (contype = 'f' AND (conrelid IN " + tables + " OR confrelid IN " + tables + "))"
                        + " ORDER BY conrelid::regclass::text, conname")) {
            while (rs.next()) {
                Saved saved = new Saved(rs.getString(1), rs.getString(2), rs.getString(3));
                (rs.getString(4).equals("f") ? foreignKeys : keys).add(saved);
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text,"
                        + " pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid IN " + tables
                        + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid"
                        + " AND k.contype IN ('p', 'u', 'x')) ORDER BY 1, 2")) {
            while (rs.next()) {
                indexes.add(new Saved(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
    }

    /** Streams one table's rows: a reader thread parses the file and prepares chunks while this thread sends them. */
    private static long copy(CopyManager api, Path csv, String table, String sql, RowWriter writer) throws SQLException {
        long t = System.nanoTime();
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8);
        AtomicLong count = new AtomicLong();
        Thread reader = new Thread(() -> {
            try {
                read(csv, writer, queue, count);
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                try {
                    queue.put(e);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "person-index-loader-" + table);
        reader.setDaemon(true);
        reader.start();
        CopyIn in = api.copyIn(sql);
        try {
            while (true) {
                Object o = queue.take();
                if (o == END) {
                    break;
                }
                if (o instanceof RuntimeException e) {
                    throw e;
                }
                if (o instanceof Throwable e) {
                    throw new IllegalStateException("reading " + csv.getFileName() + " failed: " + e, e);
                }
                byte[] bytes = (byte[]) o;
                in.writeToCopy(bytes, 0, bytes.length);
            }
            long rows = in.endCopy();
            log.info("Copied {} rows into {} ({} ms)", rows, table, ms(t));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
            reader.interrupt();
        }
        return count.get();
    }

    private static void read(Path csv, RowWriter writer, BlockingQueue<Object> queue, AtomicLong count)
            throws IOException, InterruptedException {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.strip().replace("\uFEFF", "").equals(HEADER)) {
                throw new IllegalArgumentException(csv.getFileName() + " does not start with the header " + HEADER);
            }
            StringBuilder b = new StringBuilder(CHUNK_CHARS + 4096);
            long n = 0;
            String text;
            while ((text = in.readLine()) != null) {
                if (text.isEmpty()) {
                    continue;
                }
                writer.write(new Line(n++, csv(text)), b);
                if (b.length() >= CHUNK_CHARS) {
                    queue.put(b.toString().getBytes(StandardCharsets.UTF_8));
                    b.setLength(0);
                }
            }
            if (b.length() > 0) {
                queue.put(b.toString().getBytes(StandardCharsets.UTF_8));
            }
            count.set(n);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Fields of one CSV line (RFC 4180 quoting; a quoted field may not span lines). */
    static String[] csv(String line) {
        if (line.indexOf('"') < 0) {
            return line.split(",", -1);
        }
        List<String> fields = new ArrayList<>(8);
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(ch);
            }
        }
        fields.add(f.toString());
        return fields.toArray(String[]::new);
    }

    /** The FHIR Patient (without resourceType, as the ingestion stores it) that these demographics make. */
    static String resource(Line l, String localIdSystem) {
        ObjectNode p = FhirJson.MAPPER.createObjectNode();
        p.put("id", l.sourceId);
        ArrayNode ids = p.putArray("identifier");
        if (l.nhs != null) {
            ids.addObject().put("system", NhsNumber.SYSTEM).put("value", l.nhs);
        }
        ids.addObject().put("system", localIdSystem).put("value", l.sourceId);
        if (l.family != null || !l.given.isEmpty()) {
            ObjectNode name = p.putArray("name").addObject().put("use", "official");
            if (l.family != null) {
                name.put("family", l.family);
            }
            if (!l.given.isEmpty()) {
                ArrayNode given = name.putArray("given");
                l.given.forEach(given::add);
            }
        }
        if (l.gender != null) {
            p.put("gender", l.gender);
        }
        if (l.birthDate != null) {
            p.put("birthDate", l.birthDate.toString());
        }
        if (l.postcode != null || l.addressLine != null) {
            ObjectNode address = p.putArray("address").addObject();
            if (l.addressLine != null) {
                address.putArray("line").add(l.addressLine);
            }
            if (l.postcode != null) {
                address.put("postalCode", l.postcode);
            }
        }
        try {
            return FhirJson.MAPPER.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As SourceRecordRepository stores {@code given}: each name normalised, blanks dropped, space separated; null when none. */
    private static String normalisedGiven(List<String> given) {
        return given.isEmpty() ? null
                : String.join(" ", given.stream().map(NameNormaliser::normalise).filter(g -> !g.isEmpty()).toList());
    }

    /** A UUID version 7 for a line: the load's time plus the line number's high bits, then the line number and a hash. */
    static UUID uuid(long millis, long salt, long line) {
        long msb = ((millis + (line >>> 12)) << 16) | 0x7000L | (line & 0xFFFL);
        long lsb = (mix(line ^ salt) >>> 2) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A COPY text-format field: backslash, tab, newline and carriage return escaped; null as \N. */
    private static StringBuilder field(StringBuilder b, String v) {
        if (v == null) {
            return b.append("\\N");
        }
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(ch);
            }
        }
        return b;
    }

    /** A text[] literal with every element quoted, as a COPY field. */
    private static StringBuilder array(StringBuilder b, String[] values) {
        StringBuilder a = new StringBuilder(16 * values.length + 2).append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                a.append(',');
            }
            a.append('"').append(values[i].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return field(b, a.append('}').toString());
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
