package org.opencarerecord.ingest.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.platform.FhirJson;

/**
 * The CSV files social care and community systems send, one layout per file type, recognised by its
 * header row (docs/batch-files.md): each row becomes one FHIR resource, which then goes the same way
 * as an NDJSON line. A row with missing or extra columns, or a value that cannot be read, is refused
 * with its reason; the rest of the file loads.
 */
final class CsvLayouts {

    /** Each layout's columns, in order, as the header row must name them. */
    static final Map<String, List<String>> LAYOUTS = Map.of(
            "clients", List.of("client_id", "nhs_number", "family_name", "given_names", "birth_date", "sex", "postcode",
                    "address_line", "phone"),
            "care_packages", List.of("package_id", "client_id", "service", "status", "start_date", "end_date",
                    "hours_per_week", "provider"),
            "alerts", List.of("alert_id", "client_id", "alert", "status", "start_date", "end_date"));

    private CsvLayouts() {
    }

    /** The layout whose columns the header names, or null. */
    static String layout(List<String> header) {
        List<String> names = header.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        for (var e : LAYOUTS.entrySet()) {
            if (e.getValue().equals(names)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** A row refused, with the reason. */
    static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    static ObjectNode resource(String layout, List<String> row, String organisationCode) {
        List<String> columns = LAYOUTS.get(layout);
        if (row.size() != columns.size()) {
            throw new Unusable("the row has " + row.size() + " columns; the " + layout + " layout has " + columns.size()
                    + " (" + String.join(",", columns) + ")");
        }
        return switch (layout) {
            case "clients" -> client(row, organisationCode);
            case "care_packages" -> carePackage(row);
            default -> alert(row);
        };
    }

    private static ObjectNode client(List<String> r, String org) {
        ObjectNode p = FhirJson.MAPPER.createObjectNode();
        p.put("resourceType", "Patient");
        p.put("id", required(r.get(0), "client_id"));
        var ids = p.putArray("identifier");
        if (!r.get(1).isBlank()) {
            ids.addObject().put("system", NhsNumber.SYSTEM).put("value", r.get(1).replace(" ", ""));
        }
        ids.addObject().put("system", "urn:care-record:csv:" + org + ":client").put("value", r.get(0).trim());
        ObjectNode name = p.putArray("name").addObject().put("use", "official");
        if (!r.get(2).isBlank()) {
            name.put("family", r.get(2).trim());
        }
        for (String given : r.get(3).trim().split("\\s+")) {
            if (!given.isEmpty()) {
                name.withArray("given").add(given);
            }
        }
        String birth = date(r.get(4), "birth_date");
        if (birth != null) {
            p.put("birthDate", birth);
        }
        String sex = r.get(5).trim().toLowerCase(Locale.ROOT);
        if (!sex.isEmpty()) {
            p.put("gender", switch (sex) {
                case "m", "male" -> "male";
                case "f", "female" -> "female";
                case "o", "other" -> "other";
                case "u", "unknown", "not known" -> "unknown";
                default -> throw new Unusable("sex '" + r.get(5) + "' is not M, F, O or U (or male, female, other, unknown)");
            });
        }
        if (!r.get(6).isBlank() || !r.get(7).isBlank()) {
            ObjectNode address = p.putArray("address").addObject().put("use", "home");
            if (!r.get(7).isBlank()) {
                address.putArray("line").add(r.get(7).trim());
            }
            if (!r.get(6).isBlank()) {
                address.put("postalCode", r.get(6).trim());
            }
        }
        if (!r.get(8).isBlank()) {
            p.putArray("telecom").addObject().put("system", "phone").put("value", r.get(8).trim());
        }
        return p;
    }

    private static ObjectNode carePackage(List<String> r) {
        ObjectNode c = FhirJson.MAPPER.createObjectNode();
        c.put("resourceType", "CarePlan");
        c.put("id", required(r.get(0), "package_id"));
        c.put("status", switch (r.get(3).trim().toLowerCase(Locale.ROOT)) {
            case "active", "open", "" -> "active";
            case "ended", "closed", "completed" -> "completed";
            case "suspended", "on hold", "on-hold" -> "on-hold";
            case "cancelled", "canceled" -> "revoked";
            case "planned", "draft" -> "draft";
            default -> throw new Unusable("status '" + r.get(3) + "' is not active, ended, suspended, cancelled or planned");
        });
        c.put("intent", "plan");
        c.putArray("category").addObject().put("text", "Social care package");
        String service = required(r.get(2), "service");
        c.put("title", service);
        StringBuilder description = new StringBuilder(service);
        if (!r.get(6).isBlank()) {
            try {
                description.append(", ").append(new java.math.BigDecimal(r.get(6).trim()).toPlainString())
                        .append(" hours a week");
            } catch (NumberFormatException e) {
                throw new Unusable("hours_per_week '" + r.get(6) + "' is not a number");
            }
        }
        if (!r.get(7).isBlank()) {
            description.append(", provided by ").append(r.get(7).trim());
            c.putObject("author").put("display", r.get(7).trim());
        }
        c.put("description", description.toString());
        period(c, r.get(4), r.get(5));
        c.putObject("subject").put("reference", "Patient/" + required(r.get(1), "client_id"));
        return c;
    }

    private static ObjectNode alert(List<String> r) {
        ObjectNode f = FhirJson.MAPPER.createObjectNode();
        f.put("resourceType", "Flag");
        f.put("id", required(r.get(0), "alert_id"));
        f.put("status", switch (r.get(3).trim().toLowerCase(Locale.ROOT)) {
            case "active", "" -> "active";
            case "inactive", "ended", "closed" -> "inactive";
            default -> throw new Unusable("status '" + r.get(3) + "' is not active or inactive");
        });
        f.putArray("category").addObject().put("text", "Social care alert");
        f.putObject("code").put("text", required(r.get(2), "alert"));
        f.putObject("subject").put("reference", "Patient/" + required(r.get(1), "client_id"));
        period(f, r.get(4), r.get(5));
        return f;
    }

    private static void period(ObjectNode resource, String start, String end) {
        String s = date(start, "start_date");
        String e = date(end, "end_date");
        if (s != null || e != null) {
            ObjectNode period = resource.putObject("period");
            if (s != null) {
                period.put("start", s);
            }
            if (e != null) {
                period.put("end", e);
            }
        }
    }

    private static String required(String value, String column) {
        if (value == null || value.isBlank()) {
            throw new Unusable(column + " is empty");
        }
        return value.trim();
    }

    /** YYYY-MM-DD or DD/MM/YYYY (as UK systems export), as a FHIR date. */
    private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("d/M/uuuu")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);

    static String date(String value, String column) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return null;
        }
        try {
            return v.contains("/") ? LocalDate.parse(v, DAY_MONTH_YEAR).toString()
                    : LocalDate.parse(v).toString();
        } catch (DateTimeParseException e) {
            throw new Unusable(column + " '" + v + "' is not a date (YYYY-MM-DD or DD/MM/YYYY)");
        }
    }

    /**
     * Reads one CSV record (RFC 4180: commas, double quotes around fields that hold commas, quotes or
     * line breaks, "" for a quote inside one). Returns null at the end; {@code raw} receives the
     * record's text as it was in the file.
     */
    static List<String> record(Reader in, StringBuilder raw) throws IOException {
        raw.setLength(0);
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = in.read()) != -1) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                        raw.append("\"\"");
                        continue;
                    }
                    quoted = false;
                    raw.append('"');
                    if (next == -1) {
                        break;
                    }
                    in.reset();
                    continue;
                }
                field.append((char) c);
                raw.append((char) c);
                continue;
            }
            if (c == '\r') {
                continue;
            }
            if (c == '\n') {
                break;
            }
            raw.append((char) c);
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else {
                field.append((char) c);
            }
        }
        if (!any) {
            return null;
        }
        fields.add(field.toString());
        return fields;
    }
}
