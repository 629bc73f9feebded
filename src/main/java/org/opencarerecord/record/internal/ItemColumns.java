package org.opencarerecord.record.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opencarerecord.platform.FhirDateTime;
import org.opencarerecord.record.InvalidResourceException;
import org.opencarerecord.record.ItemCodes;

/** The columns queries need, read out of a clinical item: codes, categories, effective time, sensitivity. */
final class ItemColumns {

    /** Where each type says when it happened, best first. */
    private static final Map<String, List<String>> WHEN_FIELDS = Map.ofEntries(
            Map.entry("Observation", List.of("effectiveDateTime", "effectivePeriod.start", "effectiveInstant", "issued")),
            Map.entry("Condition", List.of("onsetDateTime", "onsetPeriod.start", "recordedDate")),
            Map.entry("Encounter", List.of("period.start")),
            Map.entry("EpisodeOfCare", List.of("period.start")),
            Map.entry("AllergyIntolerance", List.of("onsetDateTime", "recordedDate")),
            Map.entry("MedicationStatement", List.of("effectiveDateTime", "effectivePeriod.start", "dateAsserted")),
            Map.entry("MedicationRequest", List.of("authoredOn")),
            Map.entry("MedicationDispense", List.of("whenHandedOver", "whenPrepared")),
            Map.entry("DiagnosticReport", List.of("effectiveDateTime", "effectivePeriod.start", "issued")),
            Map.entry("DocumentReference", List.of("context.period.start", "date")),
            Map.entry("Procedure", List.of("performedDateTime", "performedPeriod.start")),
            Map.entry("Immunization", List.of("occurrenceDateTime", "recorded")),
            Map.entry("CarePlan", List.of("period.start", "created")),
            Map.entry("CareTeam", List.of("period.start")),
            Map.entry("Flag", List.of("period.start")),
            Map.entry("Appointment", List.of("start", "created")),
            Map.entry("ServiceRequest", List.of("occurrenceDateTime", "occurrencePeriod.start", "authoredOn")),
            Map.entry("RelatedPerson", List.of("period.start")));

    /** When the source recorded it, where the type says so. */
    private static final List<String> RECORDED_FIELDS = List.of("recordedDate", "authoredOn", "issued", "recorded",
            "dateAsserted", "date", "created");

    /** Who recorded, asserted, ordered or performed it. */
    private static final List<String> AUTHOR_FIELDS = List.of("recorder", "asserter", "requester", "author",
            "performer", "informationSource", "custodian");

    private static final Set<String> RESTRICTED = Set.of("R", "V");

    record Columns(String[] codes, String[] categories, Instant effective, Instant recorded, String author,
            String sensitivity) {
    }

    private ItemColumns() {
    }

    /**
     * The columns of an item; {@code codes}: its code tokens when the caller has read them already
     * ({@link ItemCodes#tokens}), else null and they are read here.
     */
    static Columns of(String type, ObjectNode resource, String[] codes) {
        if (codes == null) {
            codes = ItemCodes.tokens(type, resource, null);
        }
        Set<String> categories = new LinkedHashSet<>();
        ItemCodes.collect(resource.get("category"), categories);
        if ("Encounter".equals(type)) {
            ItemCodes.collect(resource.get("class"), categories);
        }
        Instant effective = firstInstant(resource, WHEN_FIELDS.getOrDefault(type, List.of()));
        Instant recorded = firstInstant(resource, List.of("meta.lastUpdated"));
        if (recorded == null) {
            recorded = firstInstant(resource, RECORDED_FIELDS);
        }
        return new Columns(codes, categories.toArray(String[]::new), effective, recorded,
                author(resource), sensitivity(resource));
    }

    static Instant firstInstant(ObjectNode resource, List<String> paths) {
        for (String path : paths) {
            JsonNode node = resource;
            for (String part : path.split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            if (node != null && !node.isNull()) {
                if (!node.isTextual()) {
                    throw new InvalidResourceException(path, path + " must be a FHIR date or dateTime string");
                }
                return parseFhirDate(path, node.asText());
            }
        }
        return null;
    }

    /** FHIR dates may be partial (2019, 2019-04, 2019-04-12) or full dateTimes with an offset. */
    static Instant parseFhirDate(String path, String text) {
        try {
            switch (text.length()) {
                case 4:
                    return LocalDate.of(Integer.parseInt(text), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
                case 7:
                    return LocalDate.parse(text + "-01").atStartOfDay().toInstant(ZoneOffset.UTC);
                case 10:
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                default:
                    Instant plain = FhirDateTime.plain(text);
                    return plain != null ? plain : OffsetDateTime.parse(text).toInstant();
            }
        } catch (DateTimeException | NumberFormatException e) {
            throw new InvalidResourceException(path, path + " is not a valid FHIR date or dateTime"
                    + " (a dateTime with a time needs a time zone, e.g. 2024-03-01T10:15:00+00:00)");
        }
    }

    private static String author(ObjectNode resource) {
        for (String field : AUTHOR_FIELDS) {
            JsonNode node = resource.get(field);
            if (node != null && node.isArray()) {
                node = node.size() == 0 ? null : node.get(0);
            }
            if (node != null && node.has("actor")) {
                node = node.get("actor");
            }
            if (node != null && node.isObject()) {
                if (node.hasNonNull("display")) {
                    return node.get("display").asText();
                }
                if (node.hasNonNull("reference")) {
                    return node.get("reference").asText();
                }
            }
        }
        return null;
    }

    private static String sensitivity(ObjectNode resource) {
        JsonNode security = resource.path("meta").path("security");
        for (JsonNode label : security) {
            if (RESTRICTED.contains(label.path("code").asText())) {
                return "restricted";
            }
        }
        return "normal";
    }

    static List<String> identifiers(ObjectNode resource) {
        List<String> out = new ArrayList<>();
        for (JsonNode id : resource.path("identifier")) {
            if (id.hasNonNull("value")) {
                out.add(id.path("system").asText("") + "|" + id.get("value").asText());
            }
        }
        return out;
    }
}
