package org.opencarerecord.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/** Small builders for FHIR R4 JSON datatypes, and the generator's fixed clock. */
final class Json {

    private Json() {
    }

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The generator's fixed "today": nothing it records happens on or after this day, except booked appointments. */
    static final LocalDate TODAY = LocalDate.of(2026, 11, 1);
    static final long TODAY_DAY = TODAY.toEpochDay();
    /** Latest instant for recorded events: 2026-10-31T18:00:00Z. */
    static final long NOW = TODAY_DAY * 86400L - 6 * 3600L;

    private static final ZoneRules LONDON = ZoneId.of("Europe/London").getRules();

    static ObjectNode obj() {
        return F.objectNode();
    }

    static ArrayNode arr() {
        return F.arrayNode();
    }

    static String date(long epochDay) {
        return LocalDate.ofEpochDay(epochDay).toString();
    }

    /** FHIR dateTime / instant with seconds and UK offset, e.g. 2024-03-01T10:15:00+00:00. */
    static String dateTime(long epochSecond) {
        ZoneOffset off = LONDON.getOffset(Instant.ofEpochSecond(epochSecond));
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, off);
        StringBuilder sb = new StringBuilder(25);
        sb.append(t.getYear()).append('-');
        two(sb, t.getMonthValue()).append('-');
        two(sb, t.getDayOfMonth()).append('T');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        int mins = off.getTotalSeconds() / 60;
        sb.append(mins < 0 ? '-' : '+');
        two(sb, Math.abs(mins) / 60).append(':');
        two(sb, Math.abs(mins) % 60);
        return sb.toString();
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    static ObjectNode coding(Code c) {
        ObjectNode n = obj();
        n.put("system", c.system());
        n.put("code", c.code());
        n.put("display", c.display());
        return n;
    }

    /** CodeableConcept; text-only when the code has no system. */
    static ObjectNode cc(Code c) {
        return cc(c, c.display());
    }

    static ObjectNode cc(Code c, String text) {
        ObjectNode n = obj();
        if (c.system() != null) {
            n.putArray("coding").add(coding(c));
        }
        n.put("text", text);
        return n;
    }

    static ObjectNode text(String text) {
        ObjectNode n = obj();
        n.put("text", text);
        return n;
    }

    static ArrayNode list(ObjectNode... nodes) {
        ArrayNode a = arr();
        for (ObjectNode n : nodes) {
            a.add(n);
        }
        return a;
    }

    static ObjectNode quantity(double value, int decimals, String unit, String ucum) {
        ObjectNode q = obj();
        q.put("value", BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP));
        q.put("unit", unit);
        q.put("system", Terminology.UCUM);
        q.put("code", ucum);
        return q;
    }

    static ObjectNode period(long startSecond, long endSecond) {
        ObjectNode p = obj();
        p.put("start", dateTime(startSecond));
        if (endSecond > 0) {
            p.put("end", dateTime(endSecond));
        }
        return p;
    }

    static ObjectNode datePeriod(long startDay, long endDay) {
        ObjectNode p = obj();
        p.put("start", date(startDay));
        if (endDay > 0) {
            p.put("end", date(endDay));
        }
        return p;
    }

    static ObjectNode identifier(String system, String value) {
        ObjectNode n = obj();
        n.put("system", system);
        n.put("value", value);
        return n;
    }

    /** A logical reference to an organisation by its ODS-style code. */
    static ObjectNode ods(SyntheticOrganisation org) {
        ObjectNode n = obj();
        n.set("identifier", identifier(Terminology.ODS, org.code()));
        n.put("display", org.name());
        return n;
    }

    static ObjectNode ref(String fullUrl, String display) {
        ObjectNode n = obj();
        n.put("reference", fullUrl);
        if (display != null) {
            n.put("display", display);
        }
        return n;
    }
}
