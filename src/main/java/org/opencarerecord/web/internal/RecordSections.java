package org.opencarerecord.web.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.opencarerecord.access.PersonSources;

/**
 * A person's items sorted into the record's sections, newest first: what each section shows and
 * which of its sources may be out of date. Built once per page view from the items the user may see.
 */
final class RecordSections {

    /** The record's sections, in the order of its tabs: path segment and heading. */
    enum Section {
        SUMMARY("summary", "Summary"), TIMELINE("timeline", "Timeline"), PROBLEMS("problems", "Problems and diagnoses"),
        MEDICATIONS("medications", "Medications"), ALLERGIES("allergies", "Allergies"), RESULTS("results", "Results"),
        ENCOUNTERS("encounters", "Encounters and appointments"), DOCUMENTS("documents", "Documents"),
        CARE("care", "Care plans and social care"), TEAM("team", "Care team");

        final String path;
        final String heading;

        Section(String path, String heading) {
            this.path = path;
            this.heading = heading;
        }

        public String getPath() {
            return path;
        }

        public String getHeading() {
            return heading;
        }

        static Section of(String path) {
            for (Section s : values()) {
                if (s.path.equals(path)) {
                    return s;
                }
            }
            return null;
        }

        /** The section an item belongs to (social care's own records all go to care plans and social care). */
        static Section of(ItemView item) {
            if ("social-care".equals(item.category())) {
                return CARE;
            }
            return switch (item.type()) {
                case "Condition", "Procedure" -> PROBLEMS;
                case "MedicationStatement", "MedicationRequest", "MedicationDispense", "Immunization" -> MEDICATIONS;
                case "AllergyIntolerance" -> ALLERGIES;
                case "Observation", "DiagnosticReport" -> RESULTS;
                case "Encounter", "EpisodeOfCare", "Appointment" -> ENCOUNTERS;
                case "DocumentReference" -> DOCUMENTS;
                case "CarePlan", "ServiceRequest" -> CARE;
                case "CareTeam", "RelatedPerson" -> TEAM;
                default -> null; // alerts (Flag) show in the banner and the summary
            };
        }
    }

    /** One medicine as every source records it: shown once, with each source's entries. */
    record Medicine(String name, boolean current, Set<String> sources, Instant latest, List<ItemView> entries) {
    }

    /** One test's results over time, newest first, with a trend chart where there are numbers to draw. */
    record ResultSeries(String name, ItemView latest, List<ItemView> results, String chart) {
    }

    /** A source of a section's items whose feed is late, stale or down. */
    record OutOfDate(String organisationCode, String organisationName, String status, String feed) {
    }

    /** Feed kinds as a professional would name them. */
    private static final Map<String, String> FEED_KINDS = Map.of("fhir-push", "FHIR feed", "hl7v2-mllp", "HL7 v2 feed",
            "batch-file", "batch file feed");

    private final List<ItemView> items;

    RecordSections(List<ItemView> items) {
        this.items = new ArrayList<>(items);
        this.items.sort(Comparator.comparing(ItemView::when, Comparator.nullsLast(Comparator.reverseOrder())));
    }

    List<ItemView> all() {
        return items;
    }

    List<ItemView> in(Section section) {
        return items.stream().filter(i -> Section.of(i) == section).toList();
    }

    List<ItemView> ofType(Set<String> types) {
        return items.stream().filter(i -> types.contains(i.type()) && !"social-care".equals(i.category())).toList();
    }

    List<ItemView> alerts() {
        return items.stream().filter(i -> "Flag".equals(i.type()) && i.current()).toList();
    }

    /** The same medicine from several sources, together: by its code (dm+d) or, failing that, its name. */
    List<Medicine> medicines() {
        Map<String, List<ItemView>> byMedicine = new LinkedHashMap<>();
        for (ItemView i : ofType(Set.of("MedicationStatement", "MedicationRequest", "MedicationDispense"))) {
            byMedicine.computeIfAbsent(Objects.requireNonNullElse(i.groupKey(), i.id().toString()), k -> new ArrayList<>()).add(i);
        }
        List<Medicine> out = new ArrayList<>();
        for (List<ItemView> entries : byMedicine.values()) {
            Set<String> sources = new LinkedHashSet<>();
            entries.forEach(e -> sources.add(e.sourceName()));
            out.add(new Medicine(entries.get(0).title(), entries.stream().anyMatch(ItemView::current), sources,
                    entries.get(0).when(), entries));
        }
        out.sort(Comparator.comparing(Medicine::current).reversed()
                .thenComparing(Medicine::latest, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    /** Each test's results together, the most recently measured test first; with trend charts when asked. */
    List<ResultSeries> resultSeries(boolean charts) {
        Map<String, List<ItemView>> byTest = new LinkedHashMap<>();
        for (ItemView i : ofType(Set.of("Observation"))) {
            byTest.computeIfAbsent(i.result().key(), k -> new ArrayList<>()).add(i);
        }
        List<ResultSeries> out = new ArrayList<>();
        for (List<ItemView> results : byTest.values()) {
            out.add(new ResultSeries(results.get(0).title(), results.get(0), results, charts ? TrendChart.svg(results) : null));
        }
        return out;
    }

    /**
     * Who ordered each result and report, by the item's id: the requester of the order it is based on,
     * directly or through the report it is part of. Responsibility for a result stays with them.
     */
    Map<java.util.UUID, String> orderedBy() {
        Map<String, String> requesters = new java.util.HashMap<>();
        for (ItemView i : items) {
            if ("ServiceRequest".equals(i.type()) && i.requester() != null) {
                requesters.put("ServiceRequest/" + i.id(), i.requester());
            }
        }
        Map<java.util.UUID, String> out = new java.util.HashMap<>();
        if (requesters.isEmpty()) {
            return out;
        }
        for (ItemView i : items) {
            for (String order : i.orders()) {
                String who = requesters.get(order);
                if (who != null) {
                    out.put(i.id(), who);
                    for (String part : i.parts()) { // a report's results were ordered together with it
                        if (part.startsWith("Observation/")) {
                            try {
                                out.putIfAbsent(java.util.UUID.fromString(part.substring(12)), who);
                            } catch (IllegalArgumentException e) {
                                // not one of this store's ids: nothing to attach it to
                            }
                        }
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** The sources of these items whose feeds are not fresh: the section may be missing newer data from them. */
    static List<OutOfDate> outOfDate(List<ItemView> sectionItems, PersonSources sources) {
        Set<String> codes = new LinkedHashSet<>();
        sectionItems.forEach(i -> codes.add(i.sourceCode()));
        List<OutOfDate> out = new ArrayList<>();
        for (PersonSources.SourceView s : sources.holdingData()) {
            PersonSources.FeedFreshness worst = s.worstFeed();
            if (codes.contains(s.organisationCode()) && worst != null && !"fresh".equals(worst.status())) {
                out.add(new OutOfDate(s.organisationCode(), s.organisationName(), worst.status(), FEED_KINDS.getOrDefault(
                        worst.kind(), worst.kind()) + " (" + worst.cadence() + ")"));
            }
        }
        return out;
    }

    /** Whether a result's number lies outside the range the source sent (for a chart's marker). */
    static boolean outside(BigDecimal value, BigDecimal low, BigDecimal high) {
        return value != null && (low != null && value.compareTo(low) < 0 || high != null && value.compareTo(high) > 0);
    }
}
