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

    /** Entries of out-of-scope types a feed sent, by type, since the feed was registered. */
    Map<String, Long> skippedTypes(String feedId);

    /** Every feed with its last delivery and what it sent that was skipped. */
    List<FeedStatus> feedStatuses();

    /** Notes that a feed sent something, and what it sent that was out of scope and skipped. */
    void recordDelivery(String feedId, Instant receivedAt, boolean loaded, Map<String, Integer> skippedByType);
}
