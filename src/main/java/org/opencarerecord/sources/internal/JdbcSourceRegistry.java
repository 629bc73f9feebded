package org.opencarerecord.sources.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.opencarerecord.sources.Cadence;
import org.opencarerecord.sources.Feed;
import org.opencarerecord.sources.FeedDefinition;
import org.opencarerecord.sources.FeedStatus;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import jakarta.annotation.PreDestroy;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Keeps the organisations and feeds in the database (so reports can join on them, and changes made
 * through the admin API last) and in memory (so authenticating a feed costs no query). The
 * configuration file seeds the registry at each start (decision 0011). Tokens are kept only as SHA-256.
 */
@Service
@EnableConfigurationProperties(SourcesProperties.class)
class JdbcSourceRegistry implements SourceRegistry {

    private static final Logger log = LoggerFactory.getLogger(JdbcSourceRegistry.class);
    private static final List<String> KINDS = SourceOrganisation.KINDS;

    private final JdbcClient jdbc;
    /** The organisation codes and feed ids the configuration file names. */
    private final Set<String> configured = new HashSet<>();
    private volatile Live live;
    private final Map<String, Delivery> pending = new ConcurrentHashMap<>();

    /** The active registry as the database holds it, for look-ups that cost no query. */
    private record Live(Map<String, Feed> byTokenHash, Map<String, Feed> byFacility, Map<String, Feed> byId,
            Map<String, SourceOrganisation> organisations, Set<String> activeOrganisations) {
    }

    JdbcSourceRegistry(JdbcClient jdbc, SourcesProperties properties) {
        this.jdbc = jdbc;
        register(properties);
    }

    /** The file's organisations and feeds go into the database; what it named before and no longer does is made inactive. */
    private void register(SourcesProperties properties) {
        Set<String> tokens = new HashSet<>();
        Set<String> facilities = new HashSet<>();
        List<String> feedIds = new ArrayList<>();
        for (SourcesProperties.Organisation org : properties.getSources()) {
            String at = "care-record.sources[" + org.getCode() + "]";
            SourceOrganisation o = new SourceOrganisation(org.getCode(), org.getName(), org.getKind(), org.getPhone(),
                    org.getEmail(), org.getAddress());
            try {
                validate(o);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(at + "." + e.getMessage());
            }
            upsert(o, "configuration");
            configured.add(o.code());
            for (SourcesProperties.FeedSetting f : org.getFeeds()) {
                String feedAt = at + ".feeds[" + f.getId() + "]";
                FeedDefinition d = new FeedDefinition(f.getId(), org.getCode(),
                        f.getName() == null ? org.getName() + " " + f.getKind() : f.getName(), f.getKind(), f.getToken(),
                        f.isRejectOutOfScope(), f.isRejectInvalidNhsNumber(), f.getSendingFacility(), f.getDropDirectory(),
                        f.isFullExtract(), f.getCategories(), f.getContent(), f.getCadence());
                try {
                    d = validate(d, true);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(feedAt + "." + e.getMessage());
                }
                if (d.token() != null && !tokens.add(d.token())) {
                    throw new IllegalStateException("Two feeds share one token; feed " + d.id() + " needs its own");
                }
                if (d.sendingFacility() != null && !facilities.add(d.sendingFacility())) {
                    throw new IllegalStateException("Two HL7 v2 feeds share the sending facility " + d.sendingFacility()
                            + "; feed " + d.id() + " needs its own (sending-facility)");
                }
                // a token or facility the file moved from one feed to another must not collide with the row it left
                upsert(d, "configuration", true);
                configured.add(d.id());
                feedIds.add(d.id());
            }
        }
        jdbc.sql("UPDATE feed SET active = false WHERE origin = 'configuration' AND NOT (id = ANY(?))")
                .param(feedIds.toArray(String[]::new)).update();
        jdbc.sql("UPDATE source_organisation SET active = false WHERE origin = 'configuration' AND NOT (code = ANY(?))")
                .param(configured.toArray(String[]::new)).update();
        reload();
        log.info("Registered {} source organisations and {} feeds", live.activeOrganisations().size(), live.byId().size());
    }

    private static void validate(SourceOrganisation o) {
        require(o.code(), "code");
        require(o.name(), "name");
        if (!KINDS.contains(o.kind())) {
            throw new IllegalArgumentException("kind must be one of " + KINDS + " but is '" + o.kind() + "'");
        }
    }

    /**
     * Checks a feed and fills in what defaults (name, sending facility); {@code newToken}: a fhir-push or
     * batch-file feed must come with its token (a change may keep the one it has).
     */
    private FeedDefinition validate(FeedDefinition d, boolean newToken) {
        require(d.id(), "id");
        String facility = null;
        if (Feed.FHIR_PUSH.equals(d.kind()) || Feed.BATCH_FILE.equals(d.kind())) {
            if (newToken) {
                require(d.token(), "token");
            }
        } else if (Feed.HL7V2_MLLP.equals(d.kind())) {
            // MLLP has no credentials of its own: the sending facility (MSH-4) names the feed, and the
            // listener is reached only through the network (and TLS) the operator allows
            facility = d.sendingFacility() == null || d.sendingFacility().isBlank() ? d.organisationCode()
                    : d.sendingFacility().trim();
        } else {
            throw new IllegalArgumentException("kind must be " + Feed.FHIR_PUSH + ", " + Feed.HL7V2_MLLP + " or "
                    + Feed.BATCH_FILE + ", not '" + d.kind() + "'");
        }
        List<String> categories = d.categories() == null ? List.of() : d.categories();
        for (String category : categories) {
            if (!Feed.CATEGORIES.contains(category)) {
                throw new IllegalArgumentException("categories: '" + category + "' is not one of " + Feed.CATEGORIES);
            }
        }
        String content = d.content() == null ? "structured" : d.content();
        if (!Feed.CONTENTS.contains(content)) {
            throw new IllegalArgumentException("content must be one of " + Feed.CONTENTS + ", not '" + content + "'");
        }
        String cadence = Cadence.of(d.cadence() == null ? "real-time" : d.cadence()).label();
        String name = d.name() != null && !d.name().isBlank() ? d.name()
                : organisation(d.organisationCode()).map(SourceOrganisation::name).orElse(d.organisationCode()) + " "
                        + d.kind();
        boolean batch = Feed.BATCH_FILE.equals(d.kind());
        return new FeedDefinition(d.id(), d.organisationCode(), name, d.kind(), Feed.HL7V2_MLLP.equals(d.kind()) ? null
                : d.token(), d.rejectOutOfScope(), d.rejectInvalidNhsNumber(), facility,
                batch && d.dropDirectory() != null && !d.dropDirectory().isBlank() ? d.dropDirectory() : null,
                batch && d.fullExtract(), List.copyOf(categories), content, cadence);
    }

    private void upsert(SourceOrganisation o, String origin) {
        jdbc.sql("""
                INSERT INTO source_organisation (code, name, kind, phone, email, address, origin, active)
                VALUES (?, ?, ?, ?, ?, ?, ?, true)
                ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, phone = excluded.phone,
                    email = excluded.email, address = excluded.address, active = true,
                    -- a row the file names stays the file's, whoever changed it last: it retires with the file
                    origin = CASE WHEN ? THEN 'configuration' ELSE source_organisation.origin END""")
                .params(o.code(), o.name(), o.kind(), o.phone(), o.email(), o.address(), origin,
                        "configuration".equals(origin)).update();
    }

    /** {@code takeOver}: a token or facility another feed holds moves to this one (the file says so). */
    private void upsert(FeedDefinition d, String origin, boolean takeOver) {
        byte[] tokenHash = d.token() == null ? null : sha256(d.token());
        if (tokenHash != null) {
            if (takeOver) {
                jdbc.sql("UPDATE feed SET token_sha256 = NULL WHERE token_sha256 = ? AND id <> ?")
                        .params(tokenHash, d.id()).update();
            } else if (jdbc.sql("SELECT count(*) FROM feed WHERE token_sha256 = ? AND id <> ?").params(tokenHash, d.id())
                    .query(Long.class).single() > 0) {
                throw new IllegalArgumentException("token: another feed has this token; each feed needs its own");
            }
        }
        if (d.sendingFacility() != null) {
            if (takeOver) {
                jdbc.sql("UPDATE feed SET sending_facility = NULL WHERE sending_facility = ? AND id <> ?")
                        .params(d.sendingFacility(), d.id()).update();
            } else if (jdbc.sql("SELECT count(*) FROM feed WHERE sending_facility = ? AND id <> ?")
                    .params(d.sendingFacility(), d.id()).query(Long.class).single() > 0) {
                throw new IllegalArgumentException("sendingFacility: another HL7 v2 feed is named by MSH-4 '"
                        + d.sendingFacility() + "'");
            }
        }
        jdbc.sql("""
                INSERT INTO feed (id, organisation_code, name, kind, token_sha256, sending_facility, reject_out_of_scope,
                    reject_invalid_nhs_number, categories, content, cadence, drop_directory, full_extract, origin, active)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true)
                ON CONFLICT (id) DO UPDATE SET organisation_code = excluded.organisation_code, name = excluded.name,
                    kind = excluded.kind,
                    token_sha256 = CASE WHEN excluded.kind = 'hl7v2-mllp' THEN NULL
                        ELSE coalesce(excluded.token_sha256, feed.token_sha256) END,
                    sending_facility = excluded.sending_facility, reject_out_of_scope = excluded.reject_out_of_scope,
                    reject_invalid_nhs_number = excluded.reject_invalid_nhs_number, categories = excluded.categories,
                    content = excluded.content, cadence = excluded.cadence, drop_directory = excluded.drop_directory,
                    full_extract = excluded.full_extract, active = true,
                    origin = CASE WHEN ? THEN 'configuration' ELSE feed.origin END""")
                .params(d.id(), d.organisationCode(), d.name(), d.kind(), tokenHash, d.sendingFacility(),
                        d.rejectOutOfScope(), d.rejectInvalidNhsNumber(), d.categories().toArray(String[]::new),
                        d.content(), d.cadence(), d.dropDirectory(), d.fullExtract(), origin, "configuration".equals(origin))
                .update();
    }

    /** Reads the registry back from the database into memory. */
    private void reload() {
        Map<String, SourceOrganisation> organisations = new HashMap<>();
        Set<String> active = new HashSet<>();
        jdbc.sql("SELECT code, name, kind, phone, email, address, active FROM source_organisation").query(rs -> {
            organisations.put(rs.getString(1), new SourceOrganisation(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getString(4), rs.getString(5), rs.getString(6)));
            if (rs.getBoolean(7)) {
                active.add(rs.getString(1));
            }
        });
        Map<String, Feed> byTokenHash = new HashMap<>();
        Map<String, Feed> byFacility = new HashMap<>();
        Map<String, Feed> byId = new HashMap<>();
        jdbc.sql("""
                SELECT id, organisation_code, name, kind, token_sha256, sending_facility, reject_out_of_scope,
                    reject_invalid_nhs_number, categories, content, cadence, drop_directory, full_extract
                FROM feed f WHERE f.active AND EXISTS (SELECT 1 FROM source_organisation o
                    WHERE o.code = f.organisation_code AND o.active)""").query(rs -> {
            java.sql.Array categories = rs.getArray(9);
            Feed feed = new Feed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(7),
                    rs.getBoolean(8), rs.getString(6), List.of((String[]) categories.getArray()), rs.getString(10),
                    Cadence.of(rs.getString(11)), rs.getString(12), rs.getBoolean(13));
            byId.put(feed.id(), feed);
            byte[] token = rs.getBytes(5);
            if (token != null && !Feed.HL7V2_MLLP.equals(feed.kind())) {
                byTokenHash.put(HexFormat.of().formatHex(token), feed);
            }
            if (feed.sendingFacility() != null) {
                byFacility.put(feed.sendingFacility(), feed);
            }
        });
        live = new Live(Map.copyOf(byTokenHash), Map.copyOf(byFacility), Map.copyOf(byId), Map.copyOf(organisations),
                Set.copyOf(active));
    }

    /**
     * Reads the registry again every few seconds: a change made through another instance of the
     * service (or a feed stopped there) takes effect here within that interval.
     */
    @Scheduled(fixedDelayString = "${care-record.sources.reload-interval-ms:5000}",
            initialDelayString = "${care-record.sources.reload-interval-ms:5000}")
    synchronized void refresh() {
        try {
            reload();
        } catch (DataAccessException e) {
            log.warn("Feed registry not read again yet: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public synchronized SourceOrganisation saveOrganisation(SourceOrganisation organisation) {
        validate(organisation);
        upsert(organisation, "api");
        reload();
        return organisation;
    }

    @Override
    public synchronized Feed saveFeed(FeedDefinition definition) {
        require(definition.organisationCode(), "organisation");
        if (!live.activeOrganisations().contains(definition.organisationCode())) {
            throw new IllegalArgumentException("organisation: no active organisation has the code '"
                    + definition.organisationCode() + "'; add it first");
        }
        if (definition.token() != null && definition.token().length() < 16) {
            throw new IllegalArgumentException("token must be at least 16 characters: it is the feed's only secret");
        }
        if (definition.dropDirectory() != null && !definition.dropDirectory().isBlank()) {
            // the service reads, quarantines and moves what a drop directory holds: until access control
            // decides who may, only the operator's configuration file names one
            throw new IllegalArgumentException("dropDirectory: a drop directory is set in the configuration file only;"
                    + " through the API a batch-file feed uploads its files (POST /batch/files)");
        }
        // a change to an active feed may keep its token; a new or stopped one needs a token of its own
        boolean known = jdbc.sql("SELECT count(*) FROM feed WHERE id = ? AND active AND token_sha256 IS NOT NULL")
                .param(definition.id()).query(Long.class).single() > 0;
        FeedDefinition d = validate(definition, !known);
        upsert(d, "api", false);
        reload();
        return live.byId().get(d.id());
    }

    @Override
    public synchronized boolean deactivateFeed(String id) {
        // its MSH-4 is freed for a feed that replaces it
        boolean changed = jdbc.sql("UPDATE feed SET active = false, sending_facility = NULL WHERE id = ? AND active")
                .param(id).update() == 1;
        reload();
        return changed;
    }

    @Override
    public boolean configured(String organisationCodeOrFeedId) {
        return configured.contains(organisationCodeOrFeedId);
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<Feed> feedForToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(live.byTokenHash().get(HexFormat.of().formatHex(sha256(token))));
    }

    @Override
    public Optional<Feed> feedForSendingFacility(String facility) {
        return facility == null ? Optional.empty() : Optional.ofNullable(live.byFacility().get(facility));
    }

    @Override
    public Optional<SourceOrganisation> organisation(String code) {
        return live == null ? Optional.empty() : Optional.ofNullable(live.organisations().get(code));
    }

    @Override
    public List<SourceOrganisation> organisations() {
        return live.organisations().values().stream().filter(o -> live.activeOrganisations().contains(o.code()))
                .sorted((a, b) -> a.code().compareTo(b.code())).toList();
    }

    @Override
    public Optional<Feed> feed(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(live.byId().get(id));
    }

    @Override
    public List<Feed> feeds() {
        return live.byId().values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    @Override
    public Map<String, Long> skippedTypes(String feedId) {
        flush();
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT resource_type, skipped FROM feed_skipped_type WHERE feed_id = ? ORDER BY resource_type")
                .param(feedId)
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    @Override
    public List<FeedStatus> feedStatuses() {
        flush();
        Map<String, Map<String, Long>> skipped = new HashMap<>();
        jdbc.sql("SELECT feed_id, resource_type, skipped FROM feed_skipped_type ORDER BY resource_type")
                .query(rs -> {
                    skipped.computeIfAbsent(rs.getString(1), f -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                });
        Map<String, Map<String, Long>> dropped = new HashMap<>();
        Map<String, Map<String, Instant>> lastDropped = new HashMap<>();
        jdbc.sql("SELECT feed_id, category, dropped, last_dropped_at FROM feed_restricted_dropped ORDER BY category")
                .query(rs -> {
                    dropped.computeIfAbsent(rs.getString(1), f -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                    lastDropped.computeIfAbsent(rs.getString(1), f -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getTimestamp(4).toInstant());
                });
        return statuses(skipped, dropped, lastDropped);
    }

    @Override
    public List<FeedStatus> feedFreshness() {
        // nothing written: deliveries not yet flushed are read from memory
        return statuses(Map.of(), Map.of(), Map.of());
    }

    private List<FeedStatus> statuses(Map<String, Map<String, Long>> skipped, Map<String, Map<String, Long>> dropped,
            Map<String, Map<String, Instant>> lastDropped) {
        Instant now = Instant.now();
        Map<String, Instant[]> deliveries = new HashMap<>();
        jdbc.sql("SELECT id, last_received_at, last_loaded_at FROM feed").query(rs -> {
            deliveries.put(rs.getString(1), new Instant[] {instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3))});
        });
        return feeds().stream().map(f -> {
            Instant[] d = deliveries.getOrDefault(f.id(), new Instant[2]);
            Delivery unwritten = pending.get(f.id());
            if (unwritten != null) {
                d = new Instant[] {latest(d[0], unwritten.lastReceived), latest(d[1], unwritten.lastLoaded)};
            }
            return new FeedStatus(f, d[0], d[1], skipped.getOrDefault(f.id(), Map.of()),
                    dropped.getOrDefault(f.id(), Map.of()), lastDropped.getOrDefault(f.id(), Map.of()),
                    f.cadence().freshness(d[1], now));
        }).toList();
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    /**
     * Deliveries are counted in memory and written once a second: a bundle's own transaction
     * then has nothing to wait for, and two bundles of one feed never queue on the feed's row.
     */
    @Override
    public void recordDelivery(String feedId, Instant receivedAt, boolean loaded, Map<String, Integer> skippedByType,
            Map<String, Integer> restrictedDroppedByCategory) {
        pending.compute(feedId, (id, d) -> (d == null ? new Delivery() : d).add(receivedAt, loaded, skippedByType)
                .dropped(receivedAt, restrictedDroppedByCategory));
    }

    @Scheduled(fixedDelayString = "${care-record.sources.flush-interval-ms:1000}")
    @PreDestroy
    public synchronized void flush() {
        // synchronized: a status read flushes first, and must not read while the scheduled flush has
        // taken counts out of memory but not yet written them
        for (String feedId : List.copyOf(pending.keySet())) {
            Delivery d = pending.remove(feedId);
            if (d == null) {
                continue;
            }
            try {
                write(feedId, d);
            } catch (DataAccessException e) {
                // the database is away (or shutting down first): keep the counts for the next flush
                pending.merge(feedId, d, Delivery::merge);
                log.warn("Feed delivery counts not written yet: {}", e.getMostSpecificCause().getMessage());
                return;
            }
        }
    }

    private void write(String feedId, Delivery d) {
            jdbc.sql("""
                    UPDATE feed SET last_received_at = greatest(last_received_at, ?),
                        last_loaded_at = greatest(last_loaded_at, ?)
                    WHERE id = ?""")
                    .params(Timestamp.from(d.lastReceived), d.lastLoaded == null ? null : Timestamp.from(d.lastLoaded), feedId)
                    .update();
            d.skipped.forEach((type, count) -> jdbc.sql("""
                    INSERT INTO feed_skipped_type (feed_id, resource_type, skipped, last_skipped_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (feed_id, resource_type) DO UPDATE
                    SET skipped = feed_skipped_type.skipped + excluded.skipped,
                        last_skipped_at = greatest(feed_skipped_type.last_skipped_at, excluded.last_skipped_at)""")
                    .params(feedId, type, count, Timestamp.from(d.lastReceived)).update());
            d.dropped.forEach((category, count) -> jdbc.sql("""
                    INSERT INTO feed_restricted_dropped (feed_id, category, dropped, last_dropped_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (feed_id, category) DO UPDATE
                    SET dropped = feed_restricted_dropped.dropped + excluded.dropped,
                        last_dropped_at = greatest(feed_restricted_dropped.last_dropped_at, excluded.last_dropped_at)""")
                    .params(feedId, category, count, Timestamp.from(d.lastDropped.get(category))).update());
    }

    private static final class Delivery {
        Instant lastReceived;
        Instant lastLoaded;
        final Map<String, Long> skipped = new HashMap<>();
        /** Restricted items not stored, by category, and when the last of each was received. */
        final Map<String, Long> dropped = new HashMap<>();
        final Map<String, Instant> lastDropped = new HashMap<>();

        Delivery dropped(Instant at, Map<String, ? extends Number> byCategory) {
            byCategory.forEach((category, n) -> {
                dropped.merge(category, n.longValue(), Long::sum);
                lastDropped.merge(category, at, (a, b) -> a.isAfter(b) ? a : b);
            });
            return this;
        }

        Delivery add(Instant at, boolean loaded, Map<String, Integer> skippedByType) {
            lastReceived = lastReceived == null || at.isAfter(lastReceived) ? at : lastReceived;
            if (loaded) {
                lastLoaded = lastLoaded == null || at.isAfter(lastLoaded) ? at : lastLoaded;
            }
            skippedByType.forEach((type, n) -> skipped.merge(type, (long) n, Long::sum));
            return this;
        }

        Delivery merge(Delivery other) {
            Delivery merged = new Delivery();
            for (Delivery d : List.of(this, other)) {
                merged.add(d.lastReceived, false, Map.of());
                if (d.lastLoaded != null) {
                    merged.add(d.lastLoaded, true, Map.of());
                }
                d.skipped.forEach((type, n) -> merged.skipped.merge(type, n, Long::sum));
                d.dropped.forEach((category, n) -> merged.dropped(d.lastDropped.get(category), Map.of(category, n)));
            }
            return merged;
        }
    }
}
