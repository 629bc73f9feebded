package org.opencarerecord.ingest.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opencarerecord.platform.Uuid7;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Keeps what a feed sent that could not be used, whole, with the reason: nothing a source sent is lost. */
@Component
class Quarantine {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    private final JdbcClient jdbc;

    Quarantine(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, Long> countsByFeed() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("SELECT coalesce(feed_id, ''), count(*) FROM quarantine GROUP BY feed_id")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /** Set while an operator replays a quarantined payload: a rejection is reported, not kept a second time. */
    private static final ThreadLocal<List<String>> REPLAYING = new ThreadLocal<>();

    /** Runs a replay; returns what it produced and the reasons of anything rejected on the way. */
    <T> Map.Entry<T, List<String>> replaying(java.util.function.Supplier<T> replay) {
        List<String> rejected = new ArrayList<>();
        REPLAYING.set(rejected);
        try {
            return Map.entry(replay.get(), rejected);
        } finally {
            REPLAYING.remove();
        }
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void keep(String feedId, String contentType, byte[] payload, boolean truncated, String reason) {
        reason = reason.replace('\u0000', ' '); // PostgreSQL text holds no NUL
        List<String> replay = REPLAYING.get();
        if (replay != null) {
            replay.add(reason); // the original stays in quarantine, held
            return;
        }
        jdbc.sql("""
                INSERT INTO quarantine (id, feed_id, received_at, reason, content_type, payload, payload_truncated)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(Uuid7.next(), feedId, Timestamp.from(Instant.now()), reason, contentType, payload, truncated)
                .update();
        // The reason can quote what was sent (an identifier in a reference, say): it goes to the
        // quarantine table and the sender, never to the log.
        log.warn("Quarantined {} bytes from feed {} ({})", payload.length, feedId, reason.split(" ", 2)[0]);
    }
}
