package org.opencarerecord.web.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.opencarerecord.access.VisibilityPolicy;
import org.opencarerecord.identity.PersonIndex;
import org.opencarerecord.sources.FeedStatus;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code /data-visibility-guide}: what each organisation shares, generated when asked from the feed
 * registry and live figures, so it never goes out of date: the kinds of data (structured or
 * documents), how often it is expected to update, when it last did and whether that is on time, and
 * how many people it holds records of, and which roles see what (the data visibility policy). HTML for a browser, the same as JSON for
 * {@code Accept: application/json}.
 */
@RestController
class DataVisibilityGuideController {

    record FeedEntry(String id, String kind, List<String> categories, String content, String cadence, String status,
            Instant lastUpdated, String statusRule) {
    }

    record OrganisationEntry(String code, String name, String kind, String phone, String email, String address,
            long peopleCovered, List<FeedEntry> feeds) {
    }

    record Guide(Instant generatedAt, long organisations, List<OrganisationEntry> entries, String note,
            List<VisibilityPolicy.RoleView> roles) {
    }

    private static final String NOTE = "Generated from the live feed registry when this page was requested. A source"
            + " that is late, stale or down may hold newer information than the record shows; to request a copy of a"
            + " report, contact the organisation.";

    private final SourceRegistry sources;
    private final PersonIndex persons;
    private final VisibilityPolicy policy;

    DataVisibilityGuideController(SourceRegistry sources, PersonIndex persons, VisibilityPolicy policy) {
        this.sources = sources;
        this.persons = persons;
        this.policy = policy;
    }

    @GetMapping(path = "/data-visibility-guide", produces = MediaType.APPLICATION_JSON_VALUE)
    Guide json() {
        List<FeedStatus> statuses = sources.feedFreshness();
        Map<String, Long> people = persons.peopleBySource();
        List<OrganisationEntry> entries = sources.organisations().stream().map(o -> new OrganisationEntry(o.code(), o.name(),
                o.kind(), o.phone(), o.email(), o.address(), people.getOrDefault(o.code(), 0L),
                statuses.stream().filter(s -> s.feed().organisationCode().equals(o.code()))
                        .map(s -> new FeedEntry(s.feed().id(), s.feed().kind(), s.feed().categories(), s.feed().content(),
                                s.feed().cadence().label(), s.freshness().status(), s.lastLoadedAt(), s.freshness().rule()))
                        .toList()))
                .toList();
        return new Guide(Instant.now(), entries.size(), entries, NOTE, policy.describe());
    }

    @GetMapping(path = "/data-visibility-guide", produces = {MediaType.TEXT_HTML_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<String> html() {
        Guide guide = json();
        DateTimeFormatter when = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm").withZone(ZoneId.of("Europe/London"));
        StringBuilder h = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Data Visibility Guide</title>
                <link rel="stylesheet" href="/css/viewer.css">
                </head><body class="admin"><h1>Data Visibility Guide</h1>""");
        h.append("<p>").append(esc(NOTE)).append(" Generated ").append(when.format(guide.generatedAt())).append(".</p>");
        h.append("<table><thead><tr><th scope=\"col\">Organisation</th><th scope=\"col\">Shares</th>")
                .append("<th scope=\"col\">Updates</th><th scope=\"col\">Last updated</th><th scope=\"col\">Status</th>")
                .append("<th scope=\"col\">People</th><th scope=\"col\">Contact for a copy of a report</th></tr></thead><tbody>");
        for (OrganisationEntry o : guide.entries()) {
            int rows = Math.max(1, o.feeds().size());
            for (int i = 0; i < rows; i++) {
                h.append("<tr>");
                if (i == 0) {
                    h.append("<th scope=\"row\" rowspan=\"").append(rows).append("\">").append(esc(o.name())).append("<br><small>")
                            .append(esc(o.code())).append(", ").append(esc(o.kind().replace('-', ' '))).append("</small></th>");
                }
                if (o.feeds().isEmpty()) {
                    h.append("<td colspan=\"4\">No feed connected</td>");
                } else {
                    FeedEntry f = o.feeds().get(i);
                    h.append("<td>").append(esc(String.join(", ", f.categories()).replace('-', ' ')))
                            .append("<br><small>").append(esc(f.content().replace('-', ' '))).append(", ")
                            .append(esc(f.kind())).append("</small></td>")
                            .append("<td>").append(esc(f.cadence())).append("</td>")
                            .append("<td>").append(f.lastUpdated() == null ? "never" : when.format(f.lastUpdated()))
                            .append("</td><td class=\"").append(f.status()).append("\" title=\"").append(esc(f.statusRule()))
                            .append("\">").append(f.status()).append("</td>");
                }
                if (i == 0) {
                    h.append("<td rowspan=\"").append(rows).append("\">").append(o.peopleCovered()).append("</td>")
                            .append("<td rowspan=\"").append(rows).append("\">").append(esc(nz(o.phone())))
                            .append("<br>").append(esc(nz(o.email()))).append("<br>").append(esc(nz(o.address())))
                            .append("</td>");
                }
                h.append("</tr>");
            }
        }
        h.append("</tbody></table>");
        roles(h, guide.roles());
        h.append("</body></html>");
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(h.toString());
    }

    /** Which roles see what: the data visibility policy, role by role and kind of source. */
    private static void roles(StringBuilder h, List<VisibilityPolicy.RoleView> roles) {
        h.append("<h2>Who sees what</h2><p>What each role is shown of a record, by the kind of organisation that")
                .append(" recorded it. Anything else is withheld from that role, and the record says so.</p>")
                .append("<table><thead><tr><th scope=\"col\">Role</th>");
        for (String kind : SourceOrganisation.KINDS) {
            h.append("<th scope=\"col\">From ").append(esc(kind.replace('-', ' '))).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (VisibilityPolicy.RoleView r : roles) {
            h.append("<tr><th scope=\"row\">").append(esc(r.name())).append("</th>");
            if (!r.opensRecords()) {
                h.append("<td colspan=\"").append(SourceOrganisation.KINDS.size()).append("\">Does not open records</td>");
            } else {
                for (String kind : SourceOrganisation.KINDS) {
                    List<String> visible = r.visible().get(kind);
                    h.append("<td>").append(visible.size() == org.opencarerecord.sources.Feed.CATEGORIES.size() ? "everything"
                            : visible.isEmpty() ? "nothing" : esc(String.join(", ", visible).replace('-', ' '))).append("</td>");
                }
            }
            h.append("</tr>");
        }
        h.append("</tbody></table>");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s == null ? "" : s);
    }
}
