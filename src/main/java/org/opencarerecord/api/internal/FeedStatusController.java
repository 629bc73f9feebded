package org.opencarerecord.api.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.opencarerecord.ingest.BundleIngestion;
import org.opencarerecord.sources.FeedStatus;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/feeds}: each feed, its organisation, when it last sent and loaded, how many
 * entries of out-of-scope types it sent (skipped), how many items of each restricted category it sent
 * that were not stored and when the last was (decision 0015), and how much of what it sent is in
 * quarantine. No patient data, no codes. (The full feed status, freshness and quarantine pages are
 * the feeds issue's.)
 */
@RestController
class FeedStatusController {

    record FeedView(String id, String name, String kind, String organisationCode, String organisationName,
            List<String> categories, String content, String cadence, String status, Long lagSeconds, String statusRule,
            Instant lastReceivedAt, Instant lastLoadedAt, boolean rejectOutOfScope, boolean rejectInvalidNhsNumber,
            Map<String, Long> skippedOutOfScope, Map<String, Long> restrictedDropped,
            Map<String, Instant> restrictedLastDroppedAt, long quarantined) {
    }

    private final SourceRegistry sources;
    private final BundleIngestion ingestion;

    FeedStatusController(SourceRegistry sources, BundleIngestion ingestion) {
        this.sources = sources;
        this.ingestion = ingestion;
    }

    @GetMapping("/admin/feeds")
    List<FeedView> feeds() {
        Map<String, Long> quarantined = ingestion.quarantinedByFeed();
        return sources.feedStatuses().stream().map(s -> view(s, quarantined)).toList();
    }

    private FeedView view(FeedStatus status, Map<String, Long> quarantined) {
        var feed = status.feed();
        String organisation = sources.organisation(feed.organisationCode()).map(SourceOrganisation::name).orElse(null);
        var freshness = status.freshness();
        return new FeedView(feed.id(), feed.name(), feed.kind(), feed.organisationCode(), organisation,
                feed.categories(), feed.content(), feed.cadence().label(), freshness.status(),
                freshness.lag() == null ? null : freshness.lag().toSeconds(), freshness.rule(), status.lastReceivedAt(), status.lastLoadedAt(), feed.rejectOutOfScope(), feed.rejectInvalidNhsNumber(),
                status.skippedByType(), status.restrictedDropped(), status.restrictedLastDroppedAt(),
                quarantined.getOrDefault(feed.id(), 0L));
    }
}
