package org.opencarerecord.api.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.opencarerecord.access.RecordAccess;
import org.opencarerecord.identity.Person;
import org.opencarerecord.identity.SourceRecord;
import org.opencarerecord.record.ClinicalStore;
import org.opencarerecord.sources.FeedStatus;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * For the viewer: which sources hold data on a person, how fresh each is, and which connected
 * sources hold nothing on them ("an absence of information does not mean it does not exist").
 */
@RestController
class PersonSourcesController {

    record FeedFreshness(String feedId, String kind, String cadence, String status, Instant lastLoadedAt) {
    }

    record SourceView(String organisationCode, String organisationName, String kind, long items, Instant lastUpdated,
            List<FeedFreshness> feeds) {
    }

    record PersonSources(UUID person, List<SourceView> holdingData, List<SourceView> connectedHoldingNothing,
            String note) {
    }

    private final RecordAccess access;
    private final SourceRegistry sources;

    PersonSourcesController(RecordAccess access, SourceRegistry sources) {
        this.access = access;
        this.sources = sources;
    }

    @GetMapping("/api/persons/{id}/sources")
    PersonSources sources(@PathVariable UUID id) {
        RecordAccess.Holdings held = access.holdingsBySource(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No person " + id));
        Person person = held.person();
        Map<String, ClinicalStore.SourceHoldings> holdings = held.bySource();
        Map<String, Instant> patientUpdates = person.sourceRecords().stream().collect(Collectors.toMap(
                SourceRecord::organisationCode, SourceRecord::receivedAt, (a, b) -> a.isAfter(b) ? a : b));
        Map<String, List<FeedFreshness>> feeds = sources.feedFreshness().stream().collect(Collectors.groupingBy(
                s -> s.feed().organisationCode(), Collectors.mapping(PersonSourcesController::freshness, Collectors.toList())));
        List<SourceView> holding = new ArrayList<>();
        List<SourceView> nothing = new ArrayList<>();
        for (SourceOrganisation org : sources.organisations()) {
            ClinicalStore.SourceHoldings h = holdings.get(org.code());
            Instant patient = patientUpdates.get(org.code());
            Instant last = h == null ? patient : patient == null || h.lastReceivedAt().isAfter(patient) ? h.lastReceivedAt() : patient;
            SourceView view = new SourceView(org.code(), org.name(), org.kind(), h == null ? 0 : h.items(), last,
                    feeds.getOrDefault(org.code(), List.of()));
            (last != null ? holding : nothing).add(view);
        }
        holding.sort((a, b) -> b.lastUpdated().compareTo(a.lastUpdated()));
        return new PersonSources(id, holding, nothing, "A connected source that holds nothing on this person may still"
                + " have records it does not share, or has not sent yet; check its feed's status.");
    }

    private static FeedFreshness freshness(FeedStatus s) {
        return new FeedFreshness(s.feed().id(), s.feed().kind(), s.feed().cadence().label(), s.freshness().status(),
                s.lastLoadedAt());
    }
}
