package org.opencarerecord.web.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opencarerecord.access.Objections;
import org.opencarerecord.audit.AuditLog;
import org.opencarerecord.audit.AuditRecord;
import org.opencarerecord.audit.PrivacyReports;
import org.opencarerecord.ingest.BundleIngestion;
import org.opencarerecord.sources.FeedStatus;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The administration pages, in the viewer's look, for the roles that may use them (the URL rules of
 * the security configuration decide who reaches which): feed status and freshness, the objections
 * register, the privacy officers' reports and a person's access history. They ask the same services
 * as the admin JSON API (whose addresses they sit beside, as the review and quarantine pages do).
 */
@Controller
class AdminPagesController {

    private static final int LIMIT = 1000;

    /** The admin areas (the roles' {@code administers}), each with its page and what it is for. */
    private static final Map<String, String[]> AREAS = Map.of(
            "feeds", new String[] {"/admin/feed-status", "Feeds: status and freshness"},
            "quarantine", new String[] {"/admin/quarantine", "Quarantine: what feeds sent that could not be used"},
            "person-index", new String[] {"/admin/review", "Person index: possible matches to review"},
            "objections", new String[] {"/admin/objection-register", "Objections to sharing"},
            "audit", new String[] {"/admin/audit", "Audit: privacy reports and a person's access history"});

    private final PageModel pages;
    private final SourceRegistry sources;
    private final BundleIngestion ingestion;
    private final Objections objections;
    private final PrivacyReports reports;
    private final AuditLog log;

    AdminPagesController(PageModel pages, SourceRegistry sources, BundleIngestion ingestion, Objections objections,
            PrivacyReports reports, AuditLog log) {
        this.pages = pages;
        this.sources = sources;
        this.ingestion = ingestion;
        this.objections = objections;
        this.reports = reports;
        this.log = log;
    }

    @GetMapping("/admin")
    String home(Model model) {
        pages.fill(model, "Administration");
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        List<String[]> areas = new ArrayList<>();
        for (GrantedAuthority a : auth.getAuthorities()) {
            String[] area = a.getAuthority().startsWith("ADMIN_") ? AREAS.get(a.getAuthority().substring(6)) : null;
            if (area != null) {
                areas.add(area);
            }
        }
        areas.sort((x, y) -> x[1].compareTo(y[1]));
        model.addAttribute("areas", areas);
        return "admin-home";
    }

    /** A feed as its status row shows it. */
    record FeedRow(String id, String kind, String organisation, String cadence, String status, String rule,
            String lastReceived, String lastLoaded, long quarantined, long restrictedDropped) {
    }

    @GetMapping("/admin/feed-status")
    String feeds(Model model) {
        pages.fill(model, "Feeds");
        Map<String, Long> quarantined = ingestion.quarantinedByFeed();
        List<FeedRow> rows = new ArrayList<>();
        for (FeedStatus s : sources.feedStatuses()) {
            var f = s.feed();
            rows.add(new FeedRow(f.id(), f.kind(), sources.organisation(f.organisationCode()).map(SourceOrganisation::name)
                    .orElse(f.organisationCode()), f.cadence().label(), s.freshness().status(), s.freshness().rule(),
                    when(s.lastReceivedAt()), when(s.lastLoadedAt()), quarantined.getOrDefault(f.id(), 0L),
                    s.restrictedDropped().values().stream().mapToLong(Long::longValue).sum()));
        }
        model.addAttribute("feeds", rows);
        return "admin-feeds";
    }

    /** A standing objection as the register lists it. */
    record ObjectionRow(UUID id, UUID personId, String basis, String note, String recordedBy, String recordedAt) {
    }

    @GetMapping("/admin/objection-register")
    String objections(@RequestParam(required = false) String message, Model model) {
        pages.fill(model, "Objections to sharing");
        model.addAttribute("objections", objections.list(true, 500).stream().map(o -> new ObjectionRow(o.id(), o.personId(),
                o.basis(), o.note(), o.recordedBy(), ItemView.display(o.recordedAt()))).toList());
        model.addAttribute("message", message);
        return "admin-objections";
    }

    @PostMapping("/admin/objection-register")
    String recordObjection(@RequestParam(required = false) String person, @RequestParam(required = false) String basis,
            @RequestParam(required = false) String note, Model model) {
        UUID id;
        try {
            id = UUID.fromString(person == null ? "" : person.strip());
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", "Give the person's id as their record's address shows it (for example"
                    + " 01a236a9-4709-7135-ab10-721e5fdd887d).");
            return objections(null, model);
        }
        try {
            objections.record(id, basis, note);
        } catch (IllegalArgumentException | IllegalStateException e) {
            model.addAttribute("error", e.getMessage());
            return objections(null, model);
        }
        return "redirect:/admin/objection-register?message=recorded";
    }

    @PostMapping("/admin/objection-register/{id}/withdraw")
    String withdrawObjection(@PathVariable UUID id, @RequestParam(required = false) String note, Model model) {
        try {
            objections.withdraw(id, note);
        } catch (IllegalArgumentException | IllegalStateException e) {
            model.addAttribute("error", e.getMessage());
            return objections(null, model);
        }
        return "redirect:/admin/objection-register?message=withdrawn";
    }

    /** One audit entry as a privacy officer reads it. */
    record Entry(String when, String action, String outcome, String user, String role, String organisation, String channel,
            UUID person, String why) {

        static Entry of(AuditRecord r, String why) {
            var e = r.entry();
            var a = e.actor();
            String because = why != null ? why : e.relationship() != null ? e.relationship()
                    : e.reasonCode() != null ? "reason " + e.reasonCode() + (e.reasonText() == null ? "" : ": " + e.reasonText())
                    : null;
            return new Entry(ItemView.display(r.recordedAt()), e.action(), e.outcome(),
                    a.name() == null ? a.userId() : a.name() + " (" + a.userId() + ")", a.role(), a.organisationCode(),
                    a.clientId() != null ? "API client " + a.clientId() : a.channel(), e.personId(), because);
        }
    }

    @GetMapping("/admin/audit")
    String audit(@RequestParam(required = false) String report, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, Model model) {
        pages.fill(model, "Privacy reports");
        model.addAttribute("reports", PrivacyReports.REPORTS);
        model.addAttribute("report", report == null ? "" : report);
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        if (report != null && !report.isBlank()) {
            Instant[] period = period(from, to, model);
            if (period != null) {
                reports.report(report, period[0], period[1], LIMIT).ifPresentOrElse(
                        found -> model.addAttribute("entries", found.stream().map(f -> Entry.of(f.entry(), f.why())).toList()),
                        () -> model.addAttribute("error", "Choose one of the reports listed."));
            }
        }
        return "admin-audit";
    }

    /** The reports page's "a person's access history" form: on to that person's history page. */
    @GetMapping("/admin/audit/history")
    String findHistory(@RequestParam(required = false) String person, Model model) {
        try {
            return "redirect:/admin/audit/persons/" + UUID.fromString(person == null ? "" : person.strip());
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", "Give the person's id as the address of their record shows it.");
            return audit(null, null, null, model);
        }
    }

    @GetMapping("/admin/audit/persons/{id}")
    String history(@PathVariable UUID id, @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            Model model) {
        pages.fill(model, "Access history");
        model.addAttribute("person", id);
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        Instant[] period = period(from, to, model);
        if (period != null) {
            model.addAttribute("entries", log.forPerson(id, period[0], period[1], LIMIT).stream().map(r -> Entry.of(r, null))
                    .toList());
        }
        return "admin-history";
    }

    /** [from, to) as whole days in the UK; the last 30 days unless given. Null (and an error said) for a date unread. */
    private static Instant[] period(String from, String to, Model model) {
        try {
            LocalDate end = to == null || to.isBlank() ? LocalDate.now(ItemView.ZONE) : LocalDate.parse(to.strip());
            LocalDate start = from == null || from.isBlank() ? end.minusDays(30) : LocalDate.parse(from.strip());
            if (start.isAfter(end)) {
                model.addAttribute("error", "The period's start is after its end.");
                return null;
            }
            return new Instant[] {start.atStartOfDay(ItemView.ZONE).toInstant(),
                end.plusDays(1).atStartOfDay(ItemView.ZONE).toInstant()};
        } catch (DateTimeParseException e) {
            model.addAttribute("error", "Dates are read as year-month-day, for example 2026-11-01.");
            return null;
        }
    }

    private static String when(Instant at) {
        return at == null ? "never" : ItemView.display(at);
    }
}
