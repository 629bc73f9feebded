package org.opencarerecord.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.opencarerecord.identity.Person;
import org.opencarerecord.identity.SourceRecord;
import org.opencarerecord.record.ClinicalStore;
import org.opencarerecord.sources.FeedStatus;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;

/**
 * Which sources hold data on a person (as the user may see it), how fresh each is, and which
 * connected sources hold nothing on them: "an absence of information does not mean it does not
 * exist". The viewer's sources panel and the API's {@code /api/persons/{id}/sources} both show this.
 */
public record PersonSources(UUID person, List<SourceView> holdingData, List<SourceView> connectedHoldingNothing,
        String note) {

    public static final String NOTE = "A connected source that holds nothing on this person may still have records it"
            + " does not share, or has not sent yet; check its feed's status.";

    /** One feed of a source and its freshness against its cadence (fresh, late, stale, down). */
    public record FeedFreshness(String feedId, String kind, String cadence, String status, Instant lastLoadedAt) {
    }

    /**
     * A source organisation, how many of the person's items the user sees from it, when it last
     * updated them (or the person's demographics), and its feeds.
     */
    public record SourceView(String organisationCode, String organisationName, String kind, long items,
            Instant lastUpdated, List<FeedFreshness> feeds) {

        /** Its least fresh feed: "down" before "stale" before "late" before "fresh" (null without feeds). */
        public FeedFreshness worstFeed() {
            List<String> order = List.of("down", "stale", "late", "fresh");
            return feeds.stream().filter(f -> order.contains(f.status()))
                    .min((a, b) -> order.indexOf(a.status()) - order.indexOf(b.status())).orElse(null);
        }

        /** The freshness of its least fresh feed (null without feeds). */
        public String worstStatus() {
            FeedFreshness worst = worstFeed();
            return worst == null ? null : worst.status();
        }
    }

    /** Puts together a person, what each organisation holds of their record, and the registry's live feed status. */
    public static PersonSources of(Person person, Map<String, ClinicalStore.SourceHoldings> holdings,
            SourceRegistry sources) {
        Map<String, Instant> patientUpdates = person.sourceRecords().stream().collect(Collectors.toMap(
                SourceRecord::organisationCode, SourceRecord::receivedAt, (a, b) -> a.isAfter(b) ? a : b));
        Map<String, List<FeedFreshness>> feeds = sources.feedFreshness().stream().collect(Collectors.groupingBy(
                s -> s.feed().organisationCode(), Collectors.mapping(PersonSources::freshness, Collectors.toList())));
        List<SourceView> holding = new ArrayList<>();
        List<SourceView> nothing = new ArrayList<>();
        for (SourceOrganisation org : sources.organisations()) {
            ClinicalStore.SourceHoldings h = holdings.get(org.code());
            Instant patient = patientUpdates.get(org.code());
            Instant last = h == null ? patient
                    : patient == null || h.lastReceivedAt().isAfter(patient) ? h.lastReceivedAt() : patient;
            SourceView view = new SourceView(org.code(), org.name(), org.kind(), h == null ? 0 : h.items(), last,
                    feeds.getOrDefault(org.code(), List.of()));
            (last != null ? holding : nothing).add(view);
        }
        holding.sort((a, b) -> b.lastUpdated().compareTo(a.lastUpdated()));
        return new PersonSources(person.id(), holding, nothing, NOTE);
    }

    private static FeedFreshness freshness(FeedStatus s) {
        return new FeedFreshness(s.feed().id(), s.feed().kind(), s.feed().cadence().label(), s.freshness().status(),
                s.lastLoadedAt());
    }
}
