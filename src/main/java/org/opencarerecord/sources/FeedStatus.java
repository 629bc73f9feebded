package org.opencarerecord.sources;

import java.time.Instant;
import java.util.Map;

/**
 * What is known of a feed's deliveries: when it last sent anything, when something last loaded,
 * what was skipped, how many items of each restricted category it sent that were not stored and
 * when the last of each was (decision 0015), and its freshness against its cadence at the time of
 * asking.
 */
public record FeedStatus(Feed feed, Instant lastReceivedAt, Instant lastLoadedAt, Map<String, Long> skippedByType,
        Map<String, Long> restrictedDropped, Map<String, Instant> restrictedLastDroppedAt, Cadence.Freshness freshness) {
}
