package org.opencarerecord.sources;

import java.time.Instant;
import java.util.Map;

/**
 * What is known of a feed's deliveries: when it last sent anything, when something last loaded,
 * what was skipped, and its freshness against its cadence at the time of asking.
 */
public record FeedStatus(Feed feed, Instant lastReceivedAt, Instant lastLoadedAt, Map<String, Long> skippedByType,
        Cadence.Freshness freshness) {
}
