package org.opencarerecord.record.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
                    Instant plain = plainDateTime(text);
                    return plain != null ? plain : OffsetDateTime.parse(text).toInstant();
            }
        } catch (DateTimeException | NumberFormatException e) {
            throw new InvalidResourceException(path, path + " is not a valid FHIR date or dateTime"
                    + " (a dateTime with a time needs a time zone, e.g. 2024-03-01T10:15:00+00:00)");
        }
    }

    /**
     * The form nearly every feed sends, {@code 2024-03-01T10:15:00[.fff](Z|+01:00)}, read without the
     * general ISO parser (it was a tenth of the time spent on each item); null for any other form,
     * which the ISO parser then reads or refuses. Out-of-range fields throw as the ISO parser would.
     */
    private static Instant plainDateTime(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (t.charAt(i) == '.') {
            int digits = 0;
            for (i++; i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9'; i++, digits++) {
                nanos = nanos * 10 + (t.charAt(i) - '0');
            }
            if (digits == 0 || digits > 9) {
                return null;
            }
            for (int d = digits; d < 9; d++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && t.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int hours = digits(t, i + 1, 2);
            int minutes = digits(t, i + 4, 2);
            if (hours < 0 || minutes < 0) {
                return null;
            }
            offsetSeconds = ZoneOffset.ofHoursMinutes(t.charAt(i) == '-' ? -hours : hours,
                    t.charAt(i) == '-' ? -minutes : minutes).getTotalSeconds();
        } else {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        long epochSecond = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC)
                - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The number written by {@code count} ASCII digits from {@code from}, or -1 if any is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
