package org.opencarerecord.ingest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.ArrayDeque;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.annotation.PreDestroy;
import java.util.HashSet;
import java.util.Set;
import org.opencarerecord.identity.PersonIndex;
import org.opencarerecord.identity.SourceRecordLink;
import org.opencarerecord.ingest.BatchFiles;
import org.opencarerecord.record.ClinicalStore;
import org.opencarerecord.record.ItemProvenance;
import org.opencarerecord.record.SourceKey;
import org.springframework.transaction.support.TransactionTemplate;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.platform.Uuid7;
import org.opencarerecord.sources.Feed;
import org.opencarerecord.sources.SourceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Loads batch files, NDJSON (a FHIR resource per line) or CSV (one of {@link CsvLayouts}), in chunks on
 * a few workers at once: each chunk of lines is one transaction through the same pipeline as a FHIR
 * feed's bundles, and records the lines it covers in that same transaction. A line that cannot be
 * read is quarantined (with its line number and reason) before its chunk loads; when a line fails in
 * the pipeline, the chunk goes again line by line so that only that line is quarantined and the rest
 * loads. A file's content is loaded once:
 * sent again, it is recognised by its SHA-256 and its earlier report returned.
 */
@Service
class BatchFileLoader implements BatchFiles {

    private static final Logger log = LoggerFactory.getLogger(BatchFileLoader.class);
    static final String MEDIA = "application/fhir+ndjson";
    static final String CSV = "text/csv";

    private final JdbcClient jdbc;
    private final FhirBundleIngestion ingestion;
    private final SourceRegistry sources;
    private final PersonIndex persons;
    private final ClinicalStore store;
    private final TransactionTemplate tx;
    private final int workers;
    private final int chunkLines;
    /** Loads chunks, in the order they were handed in (a chunk waits only for chunks handed in before it). */
    private final ExecutorService pool;

    BatchFileLoader(JdbcClient jdbc, FhirBundleIngestion ingestion, SourceRegistry sources,
            PersonIndex persons, ClinicalStore store, TransactionTemplate tx, IngestProperties properties) {
        this.jdbc = jdbc;
        this.ingestion = ingestion;
        this.sources = sources;
        this.persons = persons;
        this.store = store;
        this.tx = tx;
        this.workers = properties.getBatchWorkers();
        this.chunkLines = properties.getBatchChunkLines();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "batch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** One line (NDJSON) or record (CSV) of a file: its number, its text, and its resource or why there is none. */
    record Row(long number, String raw, ObjectNode resource, String problem, Supplier<ObjectNode> again) {
        Row(long number, String raw, ObjectNode resource, String problem) {
            this(number, raw, resource, problem, null);
        }
    }

    /** Reads a file's rows one by one. */
    interface Rows {
        /** The next row, or null at the end. */
        Row next() throws IOException;
    }

    @Override
    public FileReport load(Feed feed, String name, Path file) throws IOException {
        byte[] sha = sha256(file);
        UUID id = Uuid7.next();
        int inserted = jdbc.sql("""
                INSERT INTO batch_file (id, feed_id, sha256, name, received_at, status) VALUES (?, ?, ?, ?, ?, 'loading')
                ON CONFLICT (feed_id, sha256) DO NOTHING""")
                .params(id, feed.id(), sha, name, Timestamp.from(Instant.now())).update();
        FileReport earlier = report(feed.id(), sha);
        if (inserted == 0 && !"loading".equals(earlier.status())) {
            return new FileReport(earlier.id(), earlier.feedId(), earlier.name(), earlier.sha256(), earlier.receivedAt(),
                    earlier.status(), earlier.linesRead(), earlier.linesLoaded(), earlier.linesRejected(),
                    earlier.itemsRetired(), earlier.finishedAt(), true);
        }
        UUID fileId = earlier.id();
        if (!loading.add(fileId)) {
            return earlier; // being loaded right now (an upload and the drop directory, say): once is enough
        }
        try {
            return load(feed, name, file, fileId, sha);
        } finally {
            loading.remove(fileId);
        }
    }

    /** Files being loaded by this service now. */
    private final Set<UUID> loading = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private FileReport load(Feed feed, String name, Path file, UUID fileId, byte[] sha) throws IOException {
        // the lines of chunks committed before the load was cut short (a crash, a restart)
        TreeMap<Long, Long> committed = new TreeMap<>();
        jdbc.sql("SELECT first_line, last_line FROM batch_chunk WHERE file_id = ?").param(fileId)
                .query(rs -> {
                    committed.put(rs.getLong(1), rs.getLong(2));
                });
        long lineNumber = 0;
        // a full extract: every (type, id) the file holds, loaded or not, and its patients
        Set<SourceKey> present = new HashSet<>();
        Set<String> patients = new HashSet<>();
        List<Row> chunk = new ArrayList<>(chunkLines);
        Chunks chunks = new Chunks(feed, name, fileId);
        // bytes that are not UTF-8 become U+FFFD, and a row holding one is refused (the rest loads)
        boolean complete = true;
        try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
            Rows rows = rows(reader, feed);
            if (rows == null) {
                byte[] head;
                try (InputStream in = Files.newInputStream(file)) {
                    head = in.readNBytes(1 << 20);
                }
                ingestion.rejected(feed, "text/csv", head, Files.size(file) > head.length, "file " + name
                        + ": neither NDJSON (a FHIR resource on each line) nor a CSV whose header row is one of the"
                        + " layouts " + CsvLayouts.LAYOUTS + "; nothing of it was loaded");
                jdbc.sql("UPDATE batch_file SET status = 'rejected', finished_at = ? WHERE id = ?")
                        .params(Timestamp.from(Instant.now()), fileId).update();
                return report(feed.id(), sha);
            }
            while (true) {
                Row row = rows.next();
                if (row == null) {
                    break;
                }
                if (row.raw().indexOf('\uFFFD') >= 0 || row.raw().indexOf('\u0000') >= 0
                        || row.raw().contains("\\u0000")) {
                    row = new Row(row.number(), row.raw().replace('\u0000', ' '), null, row.raw().indexOf('\uFFFD') >= 0
                            ? "the line is not UTF-8 text" : "the line holds a NUL character, which no FHIR text holds");
                }
                complete &= row.resource() != null || row.problem() == null;
                lineNumber = row.number();
                ObjectNode r = row.resource();
                if (feed.fullExtract() && r != null && r.hasNonNull("id")) {
                    present.add(new SourceKey(r.get("resourceType").asText(), r.get("id").asText()));
                    if ("Patient".equals(r.get("resourceType").asText())) {
                        patients.add(r.get("id").asText());
                    }
                }
                var before = committed.floorEntry(lineNumber);
                if (before != null && lineNumber <= before.getValue()) {
                    // loaded before the load was cut short; a chunk never spans such lines, so that
                    // the lines a chunk records are all its own
                    if (!chunk.isEmpty()) {
                        chunks.submit(chunk);
                        chunk = new ArrayList<>(chunkLines);
                    }
                    continue;
                }
                chunk.add(row);
                if (chunk.size() == chunkLines) {
                    chunks.submit(chunk);
                    chunk = new ArrayList<>(chunkLines);
                }
            }
            chunks.submit(chunk);
        } finally {
            chunks.awaitAll();
        }
        // a full extract with a row that could not be read might still hold what it seems not to: nothing is retired
        long retired = feed.fullExtract() && complete ? retireMissing(feed, name, patients, present) : 0;
        jdbc.sql("""
                UPDATE batch_file f SET status = 'loaded', lines_read = ?, items_retired = ?, finished_at = ?,
                    lines_done = c.done, lines_loaded = c.loaded, lines_rejected = c.rejected
                FROM (SELECT coalesce(max(last_line), 0) AS done, coalesce(sum(loaded), 0) AS loaded,
                        coalesce(sum(rejected), 0) AS rejected FROM batch_chunk WHERE file_id = ?) c
                WHERE f.id = ?""")
                .params(lineNumber, retired, Timestamp.from(Instant.now()), fileId, fileId).update();
        return report(feed.id(), sha);
    }

    /**
     * The chunks of one file on their way through the workers. A chunk holding a resource that a chunk
     * still loading also holds waits for that one (the later line wins, as it would one by one); at
     * most one chunk per worker is in flight, so a file is never all read into memory.
     */
    private final class Chunks {
        private final Feed feed;
        private final String name;
        private final UUID fileId;
        private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
        /** Completes when every chunk handed in so far has. */
        private CompletableFuture<Void> all = CompletableFuture.completedFuture(null);

        private record InFlight(Set<SourceKey> keys, CompletableFuture<Void> done) {
        }

        Chunks(Feed feed, String name, UUID fileId) {
            this.feed = feed;
            this.name = name;
            this.fileId = fileId;
        }

        void submit(List<Row> rows) {
            if (rows.isEmpty()) {
                return;
            }
            Set<SourceKey> keys = new HashSet<>();
            for (Row row : rows) {
                if (row.resource() != null && row.resource().hasNonNull("id")) {
                    keys.add(new SourceKey(row.resource().get("resourceType").asText(), row.resource().get("id").asText()));
                }
            }
            for (InFlight f : inFlight) {
                if (!java.util.Collections.disjoint(f.keys(), keys)) {
                    await(f.done());
                }
            }
            while (inFlight.size() >= workers) {
                await(inFlight.removeFirst().done());
            }
            inFlight.removeIf(f -> f.done().isDone());
            CompletableFuture<Void> earlier = all;
            CompletableFuture<Void> done = CompletableFuture.runAsync(() -> flush(feed, name, fileId, rows, earlier), pool);
            all = CompletableFuture.allOf(earlier, done);
            inFlight.addLast(new InFlight(keys, done));
        }

        void awaitAll() {
            await(all);
        }
    }

    /** Waits for chunks; a stopping service (whose pool drops what it had not started) ends the wait. */
    private void await(CompletableFuture<Void> future) {
        Waiting.await(future, pool::isShutdown,
                () -> new IllegalStateException("the service is stopping; the file's load resumes at the next start"));
    }

    /** NDJSON when the first character is '{', else CSV with a known header; null when it is neither. */
    private static Rows rows(BufferedReader reader, Feed feed) throws IOException {
        reader.mark(1);
        int first = reader.read();
        while (first == '\uFEFF' || first == ' ' || first == '\n' || first == '\r') {
            reader.mark(1);
            first = reader.read();
        }
        if (first == -1) {
            return () -> null;
        }
        reader.reset();
        if (first == '{') {
            long[] n = {0};
            return () -> {
                String line = reader.readLine();
                if (line == null) {
                    return null;
                }
                n[0]++;
                ObjectNode r = parse(line);
                return new Row(n[0], line, r, r == null && !line.isBlank()
                        ? "not a FHIR resource in JSON (one resource per line)" : null, () -> parse(line));
            };
        }
        StringBuilder raw = new StringBuilder();
        List<String> header = CsvLayouts.record(reader, raw);
        String layout = header == null ? null : CsvLayouts.layout(header);
        if (layout == null) {
            return null;
        }
        long[] n = {1}; // the header is line 1
        return () -> {
            List<String> record = CsvLayouts.record(reader, raw);
            if (record == null) {
                return null;
            }
            n[0]++;
            if (record.size() == 1 && record.get(0).isBlank()) {
                return new Row(n[0], "", null, null);
            }
            try {
                return new Row(n[0], raw.toString(), CsvLayouts.resource(layout, record, feed.organisationCode()), null,
                        () -> CsvLayouts.resource(layout, record, feed.organisationCode()));
            } catch (CsvLayouts.Unusable e) {
                return new Row(n[0], raw.toString(), null, e.getMessage());
            }
        };
    }

    /**
     * A full extract holds everything the source has for the people in it: their items from this
     * feed that the file no longer holds are retired, with provenance saying which file withdrew them.
     */
    private long retireMissing(Feed feed, String name, Set<String> patients, Set<SourceKey> present) {
        List<UUID> persons = this.persons.sourceRecordsBySourceIds(feed.organisationCode(), patients).values().stream()
                .map(SourceRecordLink::personId).distinct().toList();
        String organisation = sources.organisation(feed.organisationCode()).map(o -> o.name()).orElse(null);
        long retired = 0;
        for (int from = 0; from < persons.size(); from += 500) {
            List<UUID> batch = persons.subList(from, Math.min(persons.size(), from + 500));
            Long n = tx.execute(status -> {
                long count = 0;
                for (var held : store.currentFromFeed(feed.id(), batch).entrySet()) {
                    if (!present.contains(held.getKey())) {
                        store.retire(held.getValue(), new ItemProvenance(feed.organisationCode(), organisation, feed.id(),
                                held.getKey().sourceId(), null, null, Instant.now(), null),
                                "no longer in the source's full extract (" + name + ")");
                        count++;
                    }
                }
                return count;
            });
            retired += n == null ? 0 : n;
        }
        return retired;
    }

    /**
     * Loads a chunk's usable rows as one transaction; the rows that could not be read are quarantined
     * first (a crash before the chunk commits quarantines them again, never loses them). If a row fails
     * in the pipeline, it may name what an earlier chunk of the file (still loading) holds: once every
     * earlier chunk is in, the chunk goes again, and if a row still fails, row by row, so that only the
     * rows that cannot be used are refused.
     */
    private void flush(Feed feed, String name, UUID fileId, List<Row> rows, CompletableFuture<Void> earlier) {
        List<Row> usable = rows.stream().filter(r -> r.resource() != null).toList();
        int refused = 0;
        for (Row r : rows) {
            if (r.resource() == null && r.problem() != null) {
                quarantine(feed, name, r.number(), r.raw(), r.problem());
                refused++;
            }
        }
        long first = rows.get(0).number();
        long last = rows.get(rows.size() - 1).number();
        if (usable.isEmpty()) {
            claim(fileId, first, last, 0, refused);
            return;
        }
        int unreadable = refused; // for the claim below
        Supplier<ObjectNode> chunk = FhirBundleIngestion.firstThenFresh(bundle(usable.stream().map(Row::resource).toList()),
                () -> bundle(usable.stream().map(r -> r.again().get()).toList()));
        for (boolean again = false; ; again = true) {
            try {
                ingestion.applyTransaction(feed, chunk, () -> claim(fileId, first, last, usable.size(), unreadable));
                return;
            } catch (IngestRejected e) {
                await(earlier);
                if (again || !"not-found".equals(e.code)) {
                    break; // a row cannot be used: row by row
                }
                // a reference to what an earlier chunk was loading: now it is in
            }
        }
        for (Row row : rows) {
            if (row.resource() == null) {
                // a blank line, or one quarantined above
                claim(fileId, row.number(), row.number(), 0, row.problem() == null ? 0 : 1);
                continue;
            }
            try {
                ingestion.applyTransaction(feed, () -> bundle(List.of(row.again().get())),
                        () -> claim(fileId, row.number(), row.number(), 1, 0));
            } catch (IngestRejected e) {
                quarantine(feed, name, row.number(), row.raw(), e.getMessage().replace("Bundle.entry[0].", ""));
                claim(fileId, row.number(), row.number(), 0, 1);
            }
        }
    }

    private static ObjectNode parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode n = FhirJson.MAPPER.readTree(line);
            return n instanceof ObjectNode o && o.path("resourceType").isTextual() ? o : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * A transaction bundle of the lines' resources (taken as they are, not copied): PUT by the source's
     * id, POST when a resource has none.
     */
    static ObjectNode bundle(List<ObjectNode> resources) {
        ObjectNode bundle = FhirJson.MAPPER.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "transaction");
        ArrayNode entries = bundle.putArray("entry");
        for (ObjectNode resource : resources) {
            ObjectNode entry = entries.addObject();
            entry.set("resource", resource);
            String type = resource.get("resourceType").asText();
            if (resource.hasNonNull("id")) {
                entry.putObject("request").put("method", "PUT").put("url", type + "/" + resource.get("id").asText());
            } else {
                entry.putObject("request").put("method", "POST").put("url", type);
            }
        }
        return bundle;
    }

    /** Records the lines a chunk covers, in the chunk's own transaction; false when they were loaded before. */
    private boolean claim(UUID fileId, long firstLine, long lastLine, int loaded, int rejected) {
        return jdbc.sql("""
                INSERT INTO batch_chunk (file_id, first_line, last_line, loaded, rejected) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""").params(fileId, firstLine, lastLine, loaded, rejected).update() == 1;
    }

    /** Keeps a line that could not be used, with its number and the reason. */
    private void quarantine(Feed feed, String name, long number, String line, String reason) {
        ingestion.rejected(feed, line.startsWith("{") ? MEDIA : CSV, line.getBytes(StandardCharsets.UTF_8), false,
                "line " + number + " of " + name + ": " + reason);
    }

    private FileReport report(String feedId, byte[] sha) {
        return jdbc.sql(REPORT + " WHERE feed_id = ? AND sha256 = ?").params(feedId, sha).query(BatchFileLoader::report)
                .single();
    }

    @Override
    public List<FileReport> reports(String feedId, int limit) {
        return feedId == null
                ? jdbc.sql(REPORT + " ORDER BY received_at DESC LIMIT ?").param(limit).query(BatchFileLoader::report).list()
                : jdbc.sql(REPORT + " WHERE feed_id = ? ORDER BY received_at DESC LIMIT ?").params(feedId, limit)
                        .query(BatchFileLoader::report).list();
    }

    /** A file still loading counts its committed chunks. */
    private static final String REPORT = "SELECT id, feed_id, name, sha256, received_at, status, lines_read,"
            + " CASE status WHEN 'loading' THEN (SELECT coalesce(sum(loaded), 0) FROM batch_chunk WHERE file_id = id)"
            + " ELSE lines_loaded END,"
            + " CASE status WHEN 'loading' THEN (SELECT coalesce(sum(rejected), 0) FROM batch_chunk WHERE file_id = id)"
            + " ELSE lines_rejected END, items_retired, finished_at FROM batch_file";

    private static FileReport report(ResultSet rs, int n) throws SQLException {
        Timestamp finished = rs.getTimestamp(11);
        return new FileReport(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                HexFormat.of().formatHex(rs.getBytes(4)), rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getLong(7),
                rs.getLong(8), rs.getLong(9), rs.getLong(10), finished == null ? null : finished.toInstant(), false);
    }

    private static byte[] sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file not written to for two seconds: one still being copied in is left for the next look. */
    private static boolean settled(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minusSeconds(2));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Files that others refer to load first (a Bulk Data export is a file per type): the shared
     * resources, then patients, then encounters, then everything else; by name within each.
     */
    static int loadOrder(Path file) {
        String first;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            first = r.readLine();
        } catch (IOException | RuntimeException e) {
            return 9;
        }
        ObjectNode resource = first == null ? null : parse(first);
        String type = resource == null ? "" : resource.get("resourceType").asText();
        if (resource == null && first != null) {
            try {
                List<String> header = CsvLayouts.record(new java.io.StringReader(first.replace("\uFEFF", "")),
                        new StringBuilder());
                if (header != null && "clients".equals(CsvLayouts.layout(header))) {
                    type = "Patient"; // the CSV clients layout
                }
            } catch (IOException e) {
                // not a CSV header either
            }
        }
        return switch (type) {
            case "Organization", "Location", "Practitioner", "PractitionerRole", "Medication" -> 0;
            case "Patient" -> 1;
            case "Encounter", "EpisodeOfCare" -> 2;
            case "Condition", "ServiceRequest" -> 3;
            default -> 4;
        };
    }

    /** Picks up the files in each batch feed's drop directory (see {@link #loadOrder}); a loaded file moves to processed/. */
    @Scheduled(fixedDelayString = "${care-record.ingest.batch-scan-interval-ms:10000}", initialDelay = 2000)
    void scanDropDirectories() {
        for (Feed feed : sources.feeds()) {
            if (feed.dropDirectory() == null) {
                continue;
            }
            Path dir = Path.of(feed.dropDirectory());
            List<Path> files;
            try (var stream = Files.list(dir)) {
                files = stream.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(BatchFileLoader::settled)
                        .map(p -> java.util.Map.entry(loadOrder(p), p)) // each file's first line read once
                        .sorted(java.util.Map.Entry.<Integer, Path>comparingByKey()
                                .thenComparing(e -> e.getValue().getFileName()))
                        .map(java.util.Map.Entry::getValue)
                        .toList();
            } catch (IOException e) {
                continue; // not there (yet)
            }
            for (Path file : files) {
                try {
                    FileReport r = load(feed, file.getFileName().toString(), file);
                    Path processed = Files.createDirectories(dir.resolve("processed"));
                    Files.move(file, processed.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    log.info("Batch file loaded for feed {}: {} lines, {} loaded, {} rejected", feed.id(), r.linesRead(),
                            r.linesLoaded(), r.linesRejected());
                } catch (IOException | RuntimeException e) {
                    log.warn("Batch file of feed {} not loaded yet: {}", feed.id(), e.getClass().getSimpleName());
                }
            }
        }
    }
}
