package org.opencarerecord.sources;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The organisations that share data and the feeds they send it by. */
public interface SourceRegistry {

    /** The feed whose secret bearer token this is; empty for an unknown token. */
    Optional<Feed> feedForToken(String token);

    /** The HL7 v2 feed whose messages carry this sending facility (MSH-4). */
    Optional<Feed> feedForSendingFacility(String facility);

    Optional<SourceOrganisation> organisation(String code);

    List<SourceOrganisation> organisations();

    List<Feed> feeds();

    /** An active feed by its id. */
    Optional<Feed> feed(String id);

    /** Entries of out-of-scope types a feed sent, by type, since the feed was registered. */
    Map<String, Long> skippedTypes(String feedId);

    /** Every feed with its last delivery, what it sent that was skipped, and what was dropped as restricted. */
    List<FeedStatus> feedStatuses();

    /** Every feed with its last delivery and freshness, without the skip counts: cheap enough for every request. */
    List<FeedStatus> feedFreshness();

    /**
     * Adds or changes an organisation at runtime (the admin API): it takes effect at once and is kept
     * in the database. An IllegalArgumentException names what is wrong.
     */
    SourceOrganisation saveOrganisation(SourceOrganisation organisation);

    /** Adds or changes a feed at runtime, as {@link #saveOrganisation}. */
    Feed saveFeed(FeedDefinition feed);

    /** Stops a feed at runtime: it no longer authenticates or is picked up; what it sent stays. False when unknown. */
    boolean deactivateFeed(String id);

    /** Whether the configuration file names this organisation or feed (it then sets it again at the next start). */
    boolean configured(String organisationCodeOrFeedId);

    /** Notes that a feed sent something, and what it sent that was out of scope and skipped. */
    default void recordDelivery(String feedId, Instant receivedAt, boolean loaded, Map<String, Integer> skippedByType) {
        recordDelivery(feedId, receivedAt, loaded, skippedByType, Map.of());
    }

    /**
     * Notes that a feed sent something, what it sent that was out of scope and skipped, and how many
     * items of each restricted category it sent that were not stored (decision 0015). Counted in
     * memory and written shortly after, once per feed and type or category.
     */
    void recordDelivery(String feedId, Instant receivedAt, boolean loaded, Map<String, Integer> skippedByType,
            Map<String, Integer> restrictedDroppedByCategory);
}
