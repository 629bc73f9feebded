package org.opencarerecord.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.UUID;
import org.opencarerecord.access.SignedIn;
import org.opencarerecord.identity.DemographicsView;
import org.opencarerecord.identity.MatchReview;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.identity.PersonIndex;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code /admin/review}: a plain page of the possible matches waiting for a decision, both sides'
 * demographics side by side with the evidence, and a form to confirm or reject each, decided in the
 * signed-in reviewer's name. (The viewer issue gives it the service's look.)
 */
@RestController
class ReviewPageController {

    private final PersonIndex persons;

    ReviewPageController(PersonIndex persons) {
        this.persons = persons;
    }

    @GetMapping("/admin/review")
    ResponseEntity<String> page(@RequestParam(required = false) String message, HttpServletRequest request) {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Possible matches</title>
                <link rel="stylesheet" href="/css/viewer.css">
                </head><body class="admin"><h1>Possible matches waiting for review</h1>""");
        if (StringUtils.hasText(message)) {
            html.append("<p role=\"status\"><strong>").append(esc(message)).append("</strong></p>");
        }
        List<MatchReview> open = persons.reviews("open", 100);
        if (open.isEmpty()) {
            html.append("<p>Nothing is waiting for review.</p>");
        }
        for (MatchReview r : open) {
            html.append("<section><h2>Score ").append(String.format(java.util.Locale.ROOT, "%.1f", r.score()))
                    .append("</h2><p>").append(esc(r.reason())).append("</p>")
                    .append("<table><tr><th></th><th>Organisation</th><th>NHS number</th><th>Family</th><th>Given</th>")
                    .append("<th>Born</th><th>Sex</th><th>Postcode</th><th>Address</th></tr>");
            row(html, "New record", r.record());
            for (DemographicsView candidate : r.candidateRecords()) {
                row(html, "Candidate person", candidate);
            }
            html.append("</table><p class=\"why\">Evidence: ").append(esc(r.evidenceJson())).append("</p>");
            for (String decision : List.of("confirm", "reject")) {
                html.append("<form method=\"post\" action=\"/admin/review/").append(r.id()).append('/').append(decision)
                        .append("\">").append(Csrf.field(request))
                        .append("<label>Note <input name=\"note\"></label> <button>")
                        .append(decision.equals("confirm") ? "Same person: link" : "Different people: keep apart")
                        .append("</button></form>");
            }
            html.append("</section>");
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(html.append("</body></html>").toString());
    }

    @PostMapping("/admin/review/{id}/{decision}")
    ResponseEntity<Void> decide(@PathVariable UUID id, @PathVariable String decision,
            @RequestParam(required = false) String note) {
        String message;
        String reviewer = SignedIn.label();
        try {
            if (decision.equals("confirm")) {
                persons.confirm(id, reviewer, note);
                message = "Linked.";
            } else if (decision.equals("reject")) {
                persons.reject(id, reviewer, note);
                message = "Kept apart.";
            } else {
                message = "Unknown decision";
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            message = e.getMessage();
        }
        return ResponseEntity.status(303).header("Location", "/admin/review?message="
                + java.net.URLEncoder.encode(message, java.nio.charset.StandardCharsets.UTF_8)).build();
    }

    private static void row(StringBuilder html, String label, DemographicsView d) {
        if (d == null) {
            return;
        }
        html.append("<tr><th>").append(esc(label)).append("</th><td>").append(esc(d.organisationCode())).append("</td><td>")
                .append(d.nhsNumber() == null ? "" : esc(NhsNumber.parse(d.nhsNumber()).map(NhsNumber::formatted)
                        .orElse(d.nhsNumber())))
                .append("</td><td>").append(esc(d.family())).append("</td><td>").append(esc(String.join(" ", d.given())))
                .append("</td><td>").append(d.birthDate() == null ? "" : d.birthDate()).append("</td><td>")
                .append(esc(d.gender())).append("</td><td>").append(esc(d.postcode())).append("</td><td>")
                .append(esc(d.addressLine())).append("</td></tr>");
    }

    private static String esc(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text);
    }
}
