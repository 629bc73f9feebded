package org.opencarerecord.web.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.TreeMap;
import org.opencarerecord.access.AccessDenied;
import org.opencarerecord.access.PersonSources;
import org.opencarerecord.access.RecordAccess;
import org.opencarerecord.access.VisibilityPolicy;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.identity.Person;
import org.opencarerecord.identity.PersonQuery;
import org.opencarerecord.identity.PersonSearchResult;
import org.opencarerecord.record.ClinicalStore;
import org.opencarerecord.record.StoredResource;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;
import org.opencarerecord.web.internal.RecordSections.Section;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The clinician's viewer: find a person, the reason step where there is no legitimate
 * relationship, and the record itself, section by section, with its sources and their freshness.
 * Every read goes through {@link RecordAccess}, so the pages show exactly what the API would to
 * the same user, and are audited the same way.
 */
@Controller
class ViewerController {

    /** The most items one page view reads: a record larger than this says so rather than looking complete. */
    static final int MAX_ITEMS = 5000;

    private final RecordAccess access;
    private final SourceRegistry sources;
    private final PageModel pages;

    ViewerController(RecordAccess access, SourceRegistry sources, PageModel pages) {
        this.access = access;
        this.sources = sources;
        this.pages = pages;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/find";
    }

    @GetMapping("/session/keep-alive")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void keepAlive() {
        // touching the session is the point: the idle time-out starts again
    }

    @GetMapping("/find")
    String findPage(Model model) {
        return find(null, null, null, null, null, null, model);
    }

    /** A search is posted, never put in the address: names, dates of birth and NHS numbers stay out of logs and history. */
    @PostMapping("/find")
    String find(@RequestParam(required = false) String nhs, @RequestParam(required = false) String family,
            @RequestParam(required = false) String given, @RequestParam(required = false) String born,
            @RequestParam(required = false) String sex, @RequestParam(required = false) String postcode, Model model) {
        access.checkOpensRecords();
        pages.fill(model, "Find a person");
        model.addAttribute("q", Map.of("nhs", orEmpty(nhs), "family", orEmpty(family), "given", orEmpty(given),
                "born", orEmpty(born), "sex", orEmpty(sex), "postcode", orEmpty(postcode)));
        boolean byNhs = !isBlank(nhs);
        boolean byDemographics = !isBlank(family) || !isBlank(given) || !isBlank(born) || !isBlank(postcode);
        if (!byNhs && !byDemographics) {
            return "find";
        }
        List<Found> found = new ArrayList<>();
        if (byNhs) {
            String digits = nhs.replaceAll("[\\s-]", "");
            if (!NhsNumber.isValid(digits)) {
                model.addAttribute("error", "That is not a valid NHS number: it needs 10 digits and a correct check digit.");
                return "find";
            }
            for (Person p : access.findByIdentifier(NhsNumber.SYSTEM, digits)) {
                found.add(new Found(Demographics.of(p), "NHS number"));
            }
        } else {
            LocalDate birthDate = null;
            if (!isBlank(born)) {
                try {
                    birthDate = LocalDate.parse(born.strip());
                } catch (DateTimeParseException e) {
                    model.addAttribute("error", "Give the date of birth as a date, for example 1971-05-26.");
                    return "find";
                }
            }
            if (isBlank(family) && (isBlank(born) || isBlank(postcode) && isBlank(given))) {
                model.addAttribute("error", "Give a family name, or a date of birth with a given name or postcode.");
                return "find";
            }
            RecordAccess.PersonSearch search = access.search(new PersonQuery(blankToNull(family), blankToNull(given),
                    birthDate, null, null, blankToNull(sex), blankToNull(postcode)), 20);
            for (PersonSearchResult.Match m : search.result().matches()) {
                Person p = search.persons().get(m.personId());
                if (p != null) {
                    found.add(new Found(Demographics.of(p), m.why()));
                }
            }
            model.addAttribute("message", search.result().message());
        }
        model.addAttribute("results", found);
        model.addAttribute("searched", true);
        return "find";
    }

    /** A person found, and why they matched. */
    record Found(Demographics person, String why) {
    }

    @GetMapping({"/record/{id}", "/record/{id}/{section}"})
    String record(@PathVariable UUID id, @PathVariable(required = false) String section,
            @RequestParam(required = false) String source, @RequestParam(required = false) String category,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model,
            HttpServletResponse response) {
        if (access.needsReason(id)) {
            return "redirect:/record/" + id + "/reason";
        }
        Section shown = section == null ? Section.SUMMARY : Section.of(section);
        if (shown == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "The record has no section '" + section + "'");
        }
        RecordAccess.RecordPage record = access.everything(id, null, MAX_ITEMS, null, null)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No person with this id is in the record"));
        pages.fill(model, shown == Section.SUMMARY ? "Record" : shown.heading);
        response.setHeader("Cache-Control", "no-store");
        Map<String, String> kinds = new HashMap<>();
        sources.organisations().forEach(o -> kinds.put(o.code(), o.kind()));
        List<ItemView> items = new ArrayList<>(record.items().size());
        Map<String, ClinicalStore.SourceHoldings> holdings = new HashMap<>();
        for (StoredResource item : record.items()) {
            if ("Patient".equals(item.resourceType())) {
                continue;
            }
            ItemView view = ItemView.of(item, VisibilityPolicy.category(item.resourceType(), kinds.get(item.organisationCode())),
                    access.mayNotYetBeDiscussed(item));
            items.add(view);
            holdings.merge(item.organisationCode(), new ClinicalStore.SourceHoldings(1, view.receivedAt()),
                    (a, b) -> new ClinicalStore.SourceHoldings(a.items() + 1, later(a.lastReceivedAt(), b.lastReceivedAt())));
        }
        RecordSections sections = new RecordSections(items);
        PersonSources personSources = PersonSources.of(record.person(), holdings, sources);
        model.addAttribute("person", Demographics.of(record.person()));
        model.addAttribute("objection", record.objection());
        model.addAttribute("withheld", record.counts().withheld());
        model.addAttribute("truncated", record.counts().visible() > record.items().size());
        model.addAttribute("mayBreakGlass", record.counts().withheld() > 0 && access.mayBreakGlass());
        model.addAttribute("alerts", sections.alerts());
        model.addAttribute("sections", Section.values());
        model.addAttribute("section", shown);
        model.addAttribute("sources", personSources);
        model.addAttribute("contacts", contacts(personSources));
        Map<String, String> updated = new HashMap<>();
        personSources.holdingData().forEach(s -> updated.put(s.organisationCode(), ItemView.display(s.lastUpdated())));
        model.addAttribute("updated", updated);
        model.addAttribute("notYetDiscussed", RecordAccess.NOT_YET_DISCUSSED);
        switch (shown) {
            case SUMMARY -> {
                model.addAttribute("problems", sections.ofType(Set.of("Condition")).stream().filter(ItemView::current).toList());
                model.addAttribute("medicines", sections.medicines().stream().filter(RecordSections.Medicine::current).toList());
                model.addAttribute("allergies", sections.in(Section.ALLERGIES));
                model.addAttribute("encounters", sections.in(Section.ENCOUNTERS).stream().limit(5).toList());
                model.addAttribute("series", sections.resultSeries(false).stream().limit(10).toList());
                model.addAttribute("carePlans", sections.in(Section.CARE).stream().filter(ItemView::current).toList());
                model.addAttribute("team", sections.in(Section.TEAM).stream().filter(i -> i.current() || "RelatedPerson".equals(i.type())).toList());
                model.addAttribute("outOfDate", RecordSections.outOfDate(sections.all(), personSources));
            }
            case TIMELINE -> timeline(sections, source, category, from, to, model, personSources);
            case MEDICATIONS -> {
                model.addAttribute("medicines", sections.medicines());
                model.addAttribute("immunisations", sections.ofType(Set.of("Immunization")));
                model.addAttribute("outOfDate", RecordSections.outOfDate(sections.in(shown), personSources));
            }
            case RESULTS -> {
                model.addAttribute("series", sections.resultSeries(true));
                model.addAttribute("orderedBy", sections.orderedBy());
                model.addAttribute("reports", sections.ofType(Set.of("DiagnosticReport")));
                model.addAttribute("outOfDate", RecordSections.outOfDate(sections.in(shown), personSources));
            }
            default -> {
                model.addAttribute("items", sections.in(shown));
                model.addAttribute("outOfDate", RecordSections.outOfDate(sections.in(shown), personSources));
            }
        }
        return "record";
    }

    private static void timeline(RecordSections sections, String source, String category, String from, String to, Model model,
            PersonSources personSources) {
        Instant after = dayStart(from, 0);
        Instant before = dayStart(to, 1);
        List<ItemView> shown = sections.all().stream()
                .filter(i -> isBlank(source) || source.equals(i.sourceCode()))
                .filter(i -> isBlank(category) || category.equals(i.category()))
                .filter(i -> after == null || i.when() != null && !i.when().isBefore(after))
                .filter(i -> before == null || i.when() != null && i.when().isBefore(before)).toList();
        Map<String, String> sourceNames = new TreeMap<>();
        Map<String, Long> categories = new TreeMap<>();
        for (ItemView i : sections.all()) {
            sourceNames.put(i.sourceCode(), i.sourceName());
            categories.merge(i.category(), 1L, Long::sum);
        }
        model.addAttribute("items", shown);
        model.addAttribute("sourceNames", sourceNames);
        model.addAttribute("categories", categories.keySet());
        model.addAttribute("filter", Map.of("source", orEmpty(source), "category", orEmpty(category), "from", orEmpty(from),
                "to", orEmpty(to)));
        model.addAttribute("outOfDate", RecordSections.outOfDate(shown, personSources));
        if ((from != null && !from.isBlank() && after == null) || (to != null && !to.isBlank() && before == null)) {
            model.addAttribute("filterError", "Dates are read as year-month-day, for example 2024-03-01; that one was not.");
        }
    }

    @GetMapping("/record/{id}/reason")
    String reasonStep(@PathVariable UUID id, Model model) {
        if (!access.needsReason(id)) {
            return "redirect:/record/" + id;
        }
        pages.fill(model, "Why do you need this record?");
        model.addAttribute("personId", id);
        model.addAttribute("reasons", access.reasons());
        return "reason";
    }

    @PostMapping("/record/{id}/reason")
    String stateReason(@PathVariable UUID id, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String detail, Model model) {
        try {
            access.stateReason(id, reason, detail);
        } catch (AccessDenied e) {
            if (e.status() != 400) {
                throw e;
            }
            pages.fill(model, "Why do you need this record?");
            model.addAttribute("personId", id);
            model.addAttribute("reasons", access.reasons());
            model.addAttribute("error", e.getMessage());
            model.addAttribute("detail", detail);
            return "reason";
        }
        return "redirect:/record/" + id;
    }

    @PostMapping("/record/{id}/break-glass")
    String breakGlass(@PathVariable UUID id, @RequestParam(required = false) String reason) {
        access.breakGlass(id, reason);
        return "redirect:/record/" + id;
    }

    /** The organisations of the record, with how to get a copy from each (one click from every item). */
    private List<SourceOrganisation> contacts(PersonSources personSources) {
        List<SourceOrganisation> out = new ArrayList<>();
        personSources.holdingData().forEach(s -> sources.organisation(s.organisationCode()).ifPresent(out::add));
        return out;
    }

    private static Instant dayStart(String date, int plusDays) {
        if (isBlank(date)) {
            return null;
        }
        try {
            return LocalDate.parse(date.strip()).plusDays(plusDays).atStartOfDay(ItemView.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s.strip();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
