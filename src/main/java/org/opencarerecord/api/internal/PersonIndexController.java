package org.opencarerecord.api.internal;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opencarerecord.access.SignedIn;
import org.opencarerecord.identity.DemographicsView;
import org.opencarerecord.identity.LinkEvent;
import org.opencarerecord.identity.MatchReview;
import org.opencarerecord.identity.PersonIndex;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The person index's admin API: the review queue of possible matches (both sides' demographics
 * and the evidence), confirming or rejecting them, unlinking a source record, and a person's link
 * history. The signed-in reviewer is recorded as the one who decided.
 */
@RestController
class PersonIndexController {

    record ReviewView(UUID id, String status, DemographicsView record, UUID candidatePersonId,
            List<DemographicsView> candidateRecords, double score, String reason, @JsonRawValue String evidence,
            Instant openedAt, String decidedBy, Instant decidedAt, String note) {
        static ReviewView of(MatchReview r) {
            return new ReviewView(r.id(), r.status(), r.record(), r.candidatePersonId(), r.candidateRecords(), r.score(),
                    r.reason(), r.evidenceJson(), r.openedAt(), r.decidedBy(), r.decidedAt(), r.note());
        }
    }

    record LinkEventView(UUID id, UUID sourceRecordId, UUID personId, String action, String decidedBy, Instant decidedAt,
            Double score, String reason, @JsonRawValue String evidence) {
        static LinkEventView of(LinkEvent e) {
            return new LinkEventView(e.id(), e.sourceRecordId(), e.personId(), e.action(), e.decidedBy(), e.decidedAt(),
                    e.score(), e.reason(), e.evidenceJson());
        }
    }

    record Decision(String reviewer, String note) {
    }

    record Unlink(String by, String reason) {
    }

    private final PersonIndex persons;

    PersonIndexController(PersonIndex persons) {
        this.persons = persons;
    }

    @GetMapping("/admin/reviews")
    List<ReviewView> reviews(@RequestParam(defaultValue = "open") String status, @RequestParam(defaultValue = "50") int limit) {
        if (!List.of("open", "confirmed", "rejected", "superseded", "all").contains(status)) {
            throw new IllegalArgumentException("status must be open, confirmed, rejected, superseded or all");
        }
        return persons.reviews(status.equals("all") ? null : status, Math.max(1, Math.min(limit, 500))).stream()
                .map(ReviewView::of).toList();
    }

    @GetMapping("/admin/reviews/{id}")
    ReviewView review(@PathVariable UUID id) {
        return persons.review(id).map(ReviewView::of).orElseThrow(() -> new NotFound("No possible match " + id));
    }

    @PostMapping("/admin/reviews/{id}/confirm")
    ReviewView confirm(@PathVariable UUID id, @RequestBody Decision decision) {
        return ReviewView.of(persons.confirm(id, reviewer(decision.reviewer()), decision.note()));
    }

    @PostMapping("/admin/reviews/{id}/reject")
    ReviewView reject(@PathVariable UUID id, @RequestBody Decision decision) {
        return ReviewView.of(persons.reject(id, reviewer(decision.reviewer()), decision.note()));
    }

    @PostMapping("/admin/source-records/{id}/unlink")
    ResponseEntity<Map<String, UUID>> unlink(@PathVariable UUID id, @RequestBody Unlink unlink) {
        if (!StringUtils.hasText(unlink.reason())) {
            throw new IllegalArgumentException("Say why the record is being unlinked (reason)");
        }
        UUID person = persons.unlink(id, reviewer(unlink.by()), unlink.reason());
        return ResponseEntity.created(URI.create("/fhir/Patient/" + person)).body(Map.of("personId", person));
    }

    @GetMapping("/admin/persons/{id}/links")
    List<LinkEventView> links(@PathVariable UUID id) {
        return persons.linkHistory(id).stream().map(LinkEventView::of).toList();
    }

    /** The signed-in reviewer decides; a name in the request is not taken for theirs. */
    private static String reviewer(String name) {
        return SignedIn.label();
    }

    static class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }
}
