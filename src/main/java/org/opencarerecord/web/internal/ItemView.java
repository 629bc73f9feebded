package org.opencarerecord.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.opencarerecord.platform.FhirDateTime;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.record.ProvenanceExtension;
import org.opencarerecord.record.StoredResource;

/**
 * One clinical item as the viewer shows it, read straight from the stored FHIR JSON (a JSON tree,
 * not a HAPI model: a record of a thousand items is read on every page view): what it is, its
 * state, when it happened, and where it came from (source organisation, recorded at source,
 * received here, who recorded or ordered it). Values, units and ranges stay as the source sent them.
 * {@code requester}: who asked for an order (a ServiceRequest); {@code orders}: the references of the orders (ServiceRequests) an item is based on; {@code parts}:
 * the results a report is made of (so a result finds its order through its report).
 */
record ItemView(UUID id, String type, String category, String title, String detail, String status, boolean current,
        Instant when, String whenText, String sourceCode, String sourceName, String recordedText, String receivedText,
        Instant receivedAt, String author, boolean notYetDiscussed, Result result, String document, String groupKey,
        String requester, List<String> orders, List<String> parts) {

    /** A result's value as sent: a number (for trends) or text, its unit, reference range and flag. */
    record Result(String key, String name, BigDecimal number, String value, String unit, String range, BigDecimal low,
            BigDecimal high, String flag, boolean abnormal) {
    }

    static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK);
    private static final Set<String> ABNORMAL = Set.of("H", "HH", "HU", "L", "LL", "LU", "A", "AA", "POS", "DET", "R", "S",
            ">", "<");
    private static final Set<String> CURRENT = Set.of("active", "recurrence", "relapse", "on-hold", "intended",
            "in-progress", "planned", "booked", "arrived", "proposed", "pending", "draft", "requested");

    static ItemView of(StoredResource item, String category, boolean notYetDiscussed) {
        JsonNode r;
        try {
            r = FhirJson.MAPPER.readTree(item.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode provenance = provenance(r);
        String sourceName = text(part(provenance, "sourceOrganisation").path("valueReference").path("display"));
        Instant received = instant(text(part(provenance, "received").path("valueInstant")));
        String recorded = text(part(provenance, "recordedAtSource").path("valueDateTime"));
        String author = text(part(provenance, "author").path("valueString"));
        String type = item.resourceType();
        String title = null;
        String detail = null;
        String status = null;
        String when = null;
        String group = null;
        Result result = null;
        String document = null;
        String requester = null;
        switch (type) {
            case "Condition", "AllergyIntolerance" -> {
                title = concept(r.path("code"));
                status = concept(r.path("clinicalStatus"));
                when = first(r, "onsetDateTime", "onsetPeriod.start", "recordedDate");
                List<String> parts = new ArrayList<>();
                String verification = text(r.path("verificationStatus").path("coding").path(0).path("code"));
                if (verification != null && !"confirmed".equals(verification)) {
                    parts.add(concept(r.path("verificationStatus")));
                }
                for (JsonNode reaction : r.path("reaction")) {
                    for (JsonNode m : reaction.path("manifestation")) {
                        parts.add(concept(m) + (reaction.has("severity") ? " (" + text(reaction.path("severity")) + ")" : ""));
                    }
                }
                if (r.has("criticality")) {
                    parts.add("criticality " + text(r.path("criticality")));
                }
                detail = join(parts);
                status = status == null ? text(r.path("clinicalStatus").path("coding").path(0).path("code")) : status;
            }
            case "Procedure" -> {
                title = concept(r.path("code"));
                status = text(r.path("status"));
                when = first(r, "performedDateTime", "performedPeriod.start");
            }
            case "MedicationStatement", "MedicationRequest", "MedicationDispense" -> {
                title = r.has("medicationCodeableConcept") ? concept(r.path("medicationCodeableConcept"))
                        : text(r.path("medicationReference").path("display"));
                status = text(r.path("status"));
                when = first(r, "effectivePeriod.start", "effectiveDateTime", "authoredOn", "whenHandedOver", "dateAsserted");
                detail = text(r.path("dosage").path(0).path("text"));
                if (detail == null) {
                    detail = text(r.path("dosageInstruction").path(0).path("text"));
                }
                String code = text(r.path("medicationCodeableConcept").path("coding").path(0).path("code"));
                group = code != null ? code : title == null ? null : title.toLowerCase(Locale.ROOT);
            }
            case "Immunization" -> {
                title = concept(r.path("vaccineCode"));
                status = text(r.path("status"));
                when = first(r, "occurrenceDateTime");
            }
            case "Observation" -> {
                title = concept(r.path("code"));
                status = text(r.path("status"));
                when = first(r, "effectiveDateTime", "effectivePeriod.start", "issued");
                result = result(r, title);
                detail = result.value() == null ? null
                        : result.value() + (result.unit() == null ? "" : " " + result.unit());
                if (author == null) {
                    author = text(r.path("performer").path(0).path("display"));
                }
            }
            case "DiagnosticReport" -> {
                title = concept(r.path("code"));
                status = text(r.path("status"));
                when = first(r, "effectiveDateTime", "effectivePeriod.start", "issued");
                detail = text(r.path("conclusion"));
                if (author == null) {
                    author = text(r.path("performer").path(0).path("display"));
                }
                document = documentText(r.path("presentedForm"), sourceName);
            }
            case "Encounter", "EpisodeOfCare" -> {
                title = concept(r.path("type").path(0));
                if (title == null) {
                    title = text(r.path("class").path("display"));
                }
                status = text(r.path("status"));
                when = first(r, "period.start");
                String end = text(r.at("/period/end"));
                List<String> parts = new ArrayList<>();
                if (r.has("serviceType")) {
                    parts.add(concept(r.path("serviceType")));
                }
                if (r.has("reasonCode")) {
                    parts.add("reason: " + concept(r.path("reasonCode").path(0)));
                }
                if (end != null) {
                    parts.add("until " + display(end));
                }
                detail = join(parts);
            }
            case "Appointment" -> {
                title = r.has("serviceType") ? concept(r.path("serviceType").path(0)) : text(r.path("description"));
                if (title == null) {
                    title = concept(r.path("appointmentType"));
                }
                status = text(r.path("status"));
                when = first(r, "start");
                detail = text(r.path("description"));
            }
            case "DocumentReference" -> {
                title = concept(r.path("type"));
                status = text(r.path("docStatus"));
                when = first(r, "date", "context.period.start");
                detail = text(r.path("description"));
                List<JsonNode> attachments = new ArrayList<>();
                r.path("content").forEach(c -> attachments.add(c.path("attachment")));
                document = documentText(attachments, sourceName);
            }
            case "CarePlan", "ServiceRequest" -> {
                title = text(r.path("title"));
                if (title == null) {
                    title = r.has("code") ? concept(r.path("code")) : concept(r.path("category").path(0));
                }
                status = text(r.path("status"));
                when = first(r, "period.start", "authoredOn", "created", "occurrenceDateTime");
                detail = text(r.path("description"));
                requester = text(r.path("requester").path("display"));
                if (requester != null) {
                    detail = join(List.of(detail == null ? "" : detail, "requested by " + requester));
                }
            }
            case "CareTeam" -> {
                title = text(r.path("name"));
                status = text(r.path("status"));
                when = first(r, "period.start");
                List<String> members = new ArrayList<>();
                for (JsonNode p : r.path("participant")) {
                    String who = text(p.path("member").path("display"));
                    String role = concept(p.path("role").path(0));
                    if (who != null) {
                        members.add(role == null ? who : who + " (" + role + ")");
                    }
                }
                detail = join(members);
            }
            case "RelatedPerson" -> {
                title = name(r.path("name").path(0));
                status = r.path("active").asBoolean(true) ? "active" : "inactive";
                List<String> parts = new ArrayList<>();
                parts.add(concept(r.path("relationship").path(0)));
                parts.add(text(r.path("telecom").path(0).path("value")));
                detail = join(parts);
            }
            case "Flag" -> {
                title = concept(r.path("code"));
                status = text(r.path("status"));
                when = first(r, "period.start");
                detail = concept(r.path("category").path(0));
            }
            default -> {
                title = r.has("code") ? concept(r.path("code")) : type;
                status = text(r.path("status"));
            }
        }
        List<String> orders = new ArrayList<>();
        r.path("basedOn").forEach(b -> orders.add(b.path("reference").asText()));
        List<String> parts = new ArrayList<>();
        r.path("result").forEach(b -> parts.add(b.path("reference").asText()));
        Instant whenAt = instant(when);
        if (whenAt == null) {
            whenAt = item.recordedAt();
        }
        boolean current = status != null && CURRENT.contains(status.toLowerCase(Locale.ROOT));
        return new ItemView(item.id(), type, category, title == null ? "(not named by the source)" : title, detail, status,
                current, whenAt, when != null ? display(when) : whenAt == null ? "date not given" : display(whenAt),
                item.organisationCode(), sourceName == null ? item.organisationCode() : sourceName,
                recorded == null ? null : recordedText(recorded), received == null ? null : display(received), received,
                author, notYetDiscussed, result, document, group, requester, orders, parts);
    }

    private static Result result(JsonNode r, String title) {
        String key = text(r.path("code").path("coding").path(0).path("system")) + "|"
                + text(r.path("code").path("coding").path(0).path("code"));
        if (key.endsWith("|null")) {
            key = "text|" + title;
        }
        BigDecimal number = null;
        String value;
        String unit = null;
        if (r.has("valueQuantity")) {
            JsonNode q = r.path("valueQuantity");
            number = q.path("value").isNumber() ? q.path("value").decimalValue() : null;
            value = (q.has("comparator") ? text(q.path("comparator")) : "") + (number == null ? "" : number.toPlainString());
            unit = text(q.path("unit"));
            if (unit == null) {
                unit = text(q.path("code"));
            }
            if (q.has("comparator")) {
                number = null; // "<5" is not the point 5 on a trend
            }
        } else if (r.has("valueString")) {
            value = text(r.path("valueString"));
        } else if (r.has("valueCodeableConcept")) {
            value = concept(r.path("valueCodeableConcept"));
        } else if (r.has("component")) {
            List<String> parts = new ArrayList<>();
            for (JsonNode c : r.path("component")) {
                JsonNode q = c.path("valueQuantity");
                String v = q.path("value").isNumber() ? q.path("value").decimalValue().toPlainString() : text(c.path("valueString"));
                if (v != null) {
                    parts.add(concept(c.path("code")) + " " + v + (text(q.path("unit")) == null ? "" : " " + text(q.path("unit"))));
                }
            }
            value = parts.isEmpty() ? null : String.join(", ", parts);
        } else {
            value = text(r.path("dataAbsentReason").path("text"));
        }
        JsonNode range = r.path("referenceRange").path(0);
        BigDecimal low = range.path("low").path("value").isNumber() ? range.path("low").path("value").decimalValue() : null;
        BigDecimal high = range.path("high").path("value").isNumber() ? range.path("high").path("value").decimalValue() : null;
        String rangeText = text(range.path("text"));
        if (rangeText == null && (low != null || high != null)) {
            rangeText = (low == null ? "" : low.toPlainString()) + " to " + (high == null ? "" : high.toPlainString());
            rangeText = low == null ? "up to " + high.toPlainString() : high == null ? "from " + low.toPlainString() : rangeText;
        }
        JsonNode interpretation = r.path("interpretation").path(0);
        String flagCode = text(interpretation.path("coding").path(0).path("code"));
        String flag = concept(interpretation);
        boolean abnormal = flagCode != null && ABNORMAL.contains(flagCode.toUpperCase(Locale.ROOT));
        return new Result(key, title, number, value, unit, rangeText, low, high, flag, abnormal);
    }

    /**
     * The text of a document's attachments to show in the page (never a download): plain text as sent,
     * HTML as its text; for any other form, whom to ask for it. Null when there are none.
     */
    private static String documentText(Iterable<JsonNode> attachments, String sourceName) {
        boolean any = false;
        for (JsonNode a : attachments) {
            any = true;
            String type = text(a.path("contentType"));
            String data = text(a.path("data"));
            if (data == null) {
                continue;
            }
            if (type == null || type.startsWith("text/plain")) {
                return decode(data);
            }
            if (type.startsWith("text/html")) {
                return decode(data).replaceAll("(?i)<(br|/p|/div|/li|/h[1-6]|/tr)[^>]*>", "\n").replaceAll("<[^>]*>", "")
                        .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
            }
        }
        return !any ? null : "This document is held in a form the record cannot show here. To read it, contact "
                + (sourceName == null ? "the organisation that sent it" : sourceName) + ".";
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "This document's content could not be read.";
        }
    }

    private static JsonNode provenance(JsonNode r) {
        for (JsonNode e : r.path("meta").path("extension")) {
            if (ProvenanceExtension.URL.equals(e.path("url").asText())) {
                return e.path("extension");
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static JsonNode part(JsonNode extensions, String url) {
        for (JsonNode e : extensions) {
            if (url.equals(e.path("url").asText())) {
                return e;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** The first of these (dotted) paths that holds text. */
    private static String first(JsonNode r, String... paths) {
        for (String path : paths) {
            String value = text(r.at("/" + path.replace('.', '/')));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    static String concept(JsonNode c) {
        String text = text(c.path("text"));
        if (text != null) {
            return text;
        }
        for (JsonNode coding : c.path("coding")) {
            String display = text(coding.path("display"));
            if (display != null) {
                return display;
            }
        }
        return text(c.path("coding").path(0).path("code"));
    }

    static String name(JsonNode name) {
        String text = text(name.path("text"));
        if (text != null) {
            return text;
        }
        List<String> parts = new ArrayList<>();
        name.path("given").forEach(g -> parts.add(g.asText()));
        if (name.has("family")) {
            parts.add(name.path("family").asText());
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }

    static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || n.isContainerNode() || n.asText().isBlank() ? null : n.asText();
    }

    private static String join(List<String> parts) {
        List<String> kept = parts.stream().filter(p -> p != null && !p.isBlank()).toList();
        return kept.isEmpty() ? null : String.join("; ", kept);
    }

    /** A FHIR date or date-time as an instant (a date alone: its start in the UK), null if unreadable. */
    static Instant instant(String fhir) {
        if (fhir == null) {
            return null;
        }
        try {
            return switch (fhir.length()) {
                case 4 -> Year.parse(fhir).atDay(1).atStartOfDay(ZONE).toInstant();
                case 7 -> YearMonth.parse(fhir).atDay(1).atStartOfDay(ZONE).toInstant();
                case 10 -> LocalDate.parse(fhir).atStartOfDay(ZONE).toInstant();
                default -> {
                    Instant plain = FhirDateTime.plain(fhir); // the usual form, read by hand (the store's reader)
                    yield plain != null ? plain : OffsetDateTime.parse(fhir).toInstant();
                }
            };
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /**
     * When the source recorded an item: the store keeps it as an instant, so a source that sent only a
     * date arrives as midnight UTC, shown as that date rather than with a time nobody recorded.
     */
    private static String recordedText(String stored) {
        Instant at = instant(stored);
        if (at != null && at.getEpochSecond() % 86_400 == 0 && at.getNano() == 0) {
            return date(LocalDate.ofEpochDay(at.getEpochSecond() / 86_400));
        }
        return display(stored);
    }

    /** A FHIR date or date-time in words, to the precision the source gave. */
    static String display(String fhir) {
        Instant at = instant(fhir);
        if (at == null) {
            return fhir;
        }
        return switch (fhir.length()) {
            case 4 -> fhir;
            case 7 -> YearMonth.parse(fhir).format(DateTimeFormatter.ofPattern("MMM yyyy", Locale.UK));
            case 10 -> LocalDate.parse(fhir).format(DATE);
            default -> display(at);
        };
    }

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"};

    /** "1 Feb 2024 09:30", UK time: as the formatter would write it, by hand (a thousand a page). */
    static String display(Instant at) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0,
                ZONE.getRules().getOffset(at));
        StringBuilder b = new StringBuilder(18).append(t.getDayOfMonth()).append(' ').append(MONTHS[t.getMonthValue() - 1])
                .append(' ').append(t.getYear()).append(' ');
        if (t.getHour() < 10) {
            b.append('0');
        }
        b.append(t.getHour()).append(':');
        if (t.getMinute() < 10) {
            b.append('0');
        }
        return b.append(t.getMinute()).toString();
    }

    /** The day of an instant, in the UK. */
    static String day(Instant at) {
        return at.atZone(ZONE).format(DATE);
    }

    static String date(LocalDate date) {
        return date.format(DATE);
    }
}
