package org.opencarerecord.sources.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.opencarerecord.sources.Cadence;
import org.opencarerecord.sources.Feed;
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
 * Keeps the configured organisations and feeds in the database (so reports can join on them)
 * and in memory (so authenticating a feed costs no query). Tokens are kept only as SHA-256.
 */
@Service
@EnableConfigurationProperties(SourcesProperties.class)
class JdbcSourceRegistry implements SourceRegistry {

    private static final Logger log = LoggerFactory.getLogger(JdbcSourceRegistry.class);
    private static final Set<String> KINDS = Set.of("gp-practice", "acute-trust", "community", "mental-health",
            "hospice", "ambulance", "social-care");

    private final JdbcClient jdbc;
    private final Map<String, Feed> feedsByTokenHash = new ConcurrentHashMap<>();
    private final Map<String, Feed> feedsByFacility = new ConcurrentHashMap<>();
    private final Map<String, Feed> feedsById = new ConcurrentHashMap<>();
    private final Map<String, SourceOrganisation> organisations = new ConcurrentHashMap<>();
    private final Map<String, Delivery> pending = new ConcurrentHashMap<>();

    JdbcSourceRegistry(JdbcClient jdbc, SourcesProperties properties) {
        this.jdbc = jdbc;
        register(properties);
    }

    private void register(SourcesProperties properties) {
        for (SourcesProperties.Organisation org : properties.getSources()) {
            require(org.getCode(), "care-record.sources[].code");
            require(org.getName(), "care-record.sources[" + org.getCode() + "].name");
            if (!KINDS.contains(org.getKind())) {
                throw new IllegalStateException("care-record.sources[" + org.getCode() + "].kind must be one of " + KINDS
                        + " but is '" + org.getKind() + "'");
            }
            jdbc.sql("""
                    INSERT INTO source_organisation (code, name, kind, phone, email, address) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, phone = excluded.phone,
                        email = excluded.email, address = excluded.address""")
                    .params(org.getCode(), org.getName(), org.getKind(), org.getPhone(), org.getEmail(), org.getAddress())
                    .update();
            organisations.put(org.getCode(), new SourceOrganisation(org.getCode(), org.getName(), org.getKind(),
                    org.getPhone(), org.getEmail(), org.getAddress()));
            for (SourcesProperties.FeedSetting f : org.getFeeds()) {
                require(f.getId(), "care-record.sources[" + org.getCode() + "].feeds[].id");
                String at = "care-record.sources[" + org.getCode() + "].feeds[" + f.getId() + "]";
                byte[] tokenHash = null;
                String facility = null;
                if (Feed.FHIR_PUSH.equals(f.getKind()) || Feed.BATCH_FILE.equals(f.getKind())) {
                    require(f.getToken(), at + ".token");
                    tokenHash = sha256(f.getToken());
                    // A token moved from one feed to another must not collide with the row it left.
                    jdbc.sql("UPDATE feed SET token_sha256 = sha256(convert_to(id, 'UTF8')) WHERE token_sha256 = ? AND id <> ?")
                            .params(tokenHash, f.getId()).update();
                } else if (Feed.HL7V2_MLLP.equals(f.getKind())) {
                    // MLLP has no credentials of its own: the sending facility (MSH-4) names the feed, and the
                    // listener is reached only through the network (and TLS) the operator allows
                    facility = f.getSendingFacility() == null ? org.getCode() : f.getSendingFacility();
                    jdbc.sql("UPDATE feed SET sending_facility = NULL WHERE sending_facility = ? AND id <> ?")
                            .params(facility, f.getId()).update();
                } else {
                    throw new IllegalStateException(at + ".kind must be " + Feed.FHIR_PUSH + ", " + Feed.HL7V2_MLLP + " or "
                            + Feed.BATCH_FILE + ", not '" + f.getKind() + "'");
                }
                String name = f.getName() == null ? org.getName() + " " + f.getKind() : f.getName();
                for (String category : f.getCategories()) {
                    if (!Feed.CATEGORIES.contains(category)) {
                        throw new IllegalStateException(at + ".categories: '" + category + "' is not one of " + Feed.CATEGORIES);
                    }
                }
                if (!Feed.CONTENTS.contains(f.getContent())) {
                    throw new IllegalStateException(at + ".content must be one of " + Feed.CONTENTS + ", not '"
                            + f.getContent() + "'");
                }
                Cadence cadence;
                try {
                    cadence = Cadence.of(f.getCadence());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(at + "." + e.getMessage());
                }
                jdbc.sql("""
                        INSERT INTO feed (id, organisation_code, name, kind, token_sha256, sending_facility,
                            reject_out_of_scope, reject_invalid_nhs_number, categories, content, cadence)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET organisation_code = excluded.organisation_code, name = excluded.name,
                            kind = excluded.kind, token_sha256 = excluded.token_sha256,
                            sending_facility = excluded.sending_facility,
                            reject_out_of_scope = excluded.reject_out_of_scope,
                            reject_invalid_nhs_number = excluded.reject_invalid_nhs_number,
                            categories = excluded.categories, content = excluded.content, cadence = excluded.cadence""")
                        .params(f.getId(), org.getCode(), name, f.getKind(), tokenHash, facility, f.isRejectOutOfScope(),
                                f.isRejectInvalidNhsNumber(), f.getCategories().toArray(String[]::new), f.getContent(),
                                cadence.label())
                        .update();
                Feed feed = new Feed(f.getId(), org.getCode(), name, f.getKind(), f.isRejectOutOfScope(),
                        f.isRejectInvalidNhsNumber(), facility, List.copyOf(f.getCategories()), f.getContent(), cadence,
                        Feed.BATCH_FILE.equals(f.getKind()) ? f.getDropDirectory() : null,
                        Feed.BATCH_FILE.equals(f.getKind()) && f.isFullExtract());
                if (tokenHash != null && feedsByTokenHash.putIfAbsent(HexFormat.of().formatHex(tokenHash), feed) != null) {
                    throw new IllegalStateException("Two feeds share one token; feed " + f.getId() + " needs its own");
                }
                if (facility != null && feedsByFacility.putIfAbsent(facility, feed) != null) {
                    throw new IllegalStateException("Two HL7 v2 feeds share the sending facility " + facility
                            + "; feed " + f.getId() + " needs its own (sending-facility)");
                }
                feedsById.put(feed.id(), feed);
            }
        }
        log.info("Registered {} source organisations and {} feeds", organisations.size(), feedsById.size());
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set");
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
        return Optional.ofNullable(feedsByTokenHash.get(HexFormat.of().formatHex(sha256(token))));
    }

    @Override
    public Optional<Feed> feedForSendingFacility(String facility) {
        return facility == null ? Optional.empty() : Optional.ofNullable(feedsByFacility.get(facility));
    }

    @Override
    public Optional<SourceOrganisation> organisation(String code) {
        return Optional.ofNullable(organisations.get(code));
    }

    @Override
    public List<SourceOrganisation> organisations() {
        return organisations.values().stream().sorted((a, b) -> a.code().compareTo(b.code())).toList();
    }

    @Override
    public List<Feed> feeds() {
        return feedsById.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
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
        Instant now = Instant.now();
        Map<String, Instant[]> deliveries = new HashMap<>();
        jdbc.sql("SELECT id, last_received_at, last_loaded_at FROM feed").query(rs -> {
            deliveries.put(rs.getString(1), new Instant[] {instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3))});
        });
        return feeds().stream().map(f -> {
            Instant[] d = deliveries.getOrDefault(f.id(), new Instant[2]);
            return new FeedStatus(f, d[0], d[1], skipped.getOrDefault(f.id(), Map.of()),
                    f.cadence().freshness(d[1], now));
        }).toList();
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    /**
     * Deliveries are counted in memory and written once a second: a bundle's own transaction
     * then has nothing to wait for, and two bundles of one feed never queue on the feed's row.
     */
    @Override
    public void recordDelivery(String feedId, Instant receivedAt, boolean loaded, Map<String, Integer> skippedByType) {
        pending.compute(feedId, (id, d) -> (d == null ? new Delivery() : d).add(receivedAt, loaded, skippedByType));
    }

    @Scheduled(fixedDelayString = "${care-record.sources.flush-interval-ms:1000}")
    @PreDestroy
    public void flush() {
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
    }

    private static final class Delivery {
        Instant lastReceived;
        Instant lastLoaded;
        final Map<String, Long> skipped = new HashMap<>();

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
            }
            return merged;
        }
    }
}
