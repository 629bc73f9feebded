package org.opencarerecord.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hospital's generated data as the HL7 v2.4 messages its patient administration and laboratory
 * systems would have sent: ADT^A28 for the patient, ADT^A01 and (when it ended) ADT^A03 for each
 * encounter, ORU^R01 for each report with its results. Segments end with CR; control ids are
 * {@code <org>-<person>-<n>}, so a region regenerated with the same seed gives the same messages.
 */
public final class Hl7Streams {


    private Hl7Streams() {
    }

    /** The messages for one organisation's bundle about one person, in the order they happened. */
    public static List<String> messages(SourceBundle bundle) {
        JsonNode root = bundle.tree();
        Map<String, JsonNode> byUrl = new HashMap<>();
        JsonNode patient = null;
        List<JsonNode> encounters = new ArrayList<>();
        List<JsonNode> reports = new ArrayList<>();
        for (JsonNode e : root.path("entry")) {
            JsonNode r = e.path("resource");
            byUrl.put(e.path("fullUrl").asText(), r);
            switch (r.path("resourceType").asText()) {
                case "Patient" -> patient = r;
                case "Encounter" -> encounters.add(r);
                case "DiagnosticReport" -> reports.add(r);
                default -> { }
            }
        }
        if (patient == null) {
            return List.of();
        }
        String org = bundle.organisationCode();
        String pid = pid(patient);
        List<String[]> timed = new ArrayList<>(); // {sort key, message}
        int[] n = {0};
        String id = org + "-" + bundle.personNumber() + "-";
        timed.add(new String[] {"0", msh(org, "ADT^A28^ADT_A05", id + ++n[0], ts(patient.path("meta").path("lastUpdated").asText()))
                + "EVN|A28\r" + pid + "PV1|1|N\r"});
        for (JsonNode e : encounters) {
            String start = e.path("period").path("start").asText(null);
            String end = e.path("period").path("end").asText(null);
            if (start == null) {
                continue;
            }
            String cls = switch (e.path("class").path("code").asText()) {
                case "IMP" -> "I";
                case "EMER" -> "E";
                default -> "O";
            };
            String location = esc(e.path("serviceType").path("text").asText("")) + "^^^" + org;
            String attending = practitioner(e.path("participant").path(0).path("individual"), byUrl);
            String visit = esc(e.path("id").asText());
            timed.add(new String[] {start, msh(org, "ADT^A01^ADT_A01", id + ++n[0], ts(start)) + "EVN|A01|" + ts(start)
                    + "\r" + pid + pv1(cls, location, attending, visit, ts(start), null)});
            if (end != null && "finished".equals(e.path("status").asText())) {
                timed.add(new String[] {end, msh(org, "ADT^A03^ADT_A03", id + ++n[0], ts(end)) + "EVN|A03|" + ts(end)
                        + "\r" + pid + pv1(cls, location, attending, visit, ts(start), ts(end))});
            }
        }
        for (JsonNode r : reports) {
            String issued = r.path("issued").asText(r.path("effectiveDateTime").asText(""));
            JsonNode order = byUrl.get(r.path("basedOn").path(0).path("reference").asText());
            String placer = order == null ? "" : order.path("id").asText();
            String orderer = order == null ? "" : practitioner(order.path("requester"), byUrl);
            StringBuilder m = new StringBuilder(msh(org, "ORU^R01^ORU_R01", id + ++n[0], ts(issued))).append(pid);
            m.append("OBR|1|").append(placer).append('|').append(r.path("id").asText()).append('|')
                    .append(ce(r.path("code"))).append("|||").append(ts(r.path("effectiveDateTime").asText("")))
                    .append("|||||||||").append(orderer).append("||||||").append(ts(issued)).append("||")
                    .append(esc(r.path("category").path(0).path("coding").path(0).path("code").asText(""))).append("|F\r");
            int set = 0;
            for (JsonNode ref : r.path("result")) {
                JsonNode o = byUrl.get(ref.path("reference").asText());
                if (o == null) {
                    continue;
                }
                m.append(obx(++set, o));
            }
            timed.add(new String[] {issued, m.toString()});
        }
        timed.sort((a, b) -> a[0].compareTo(b[0]));
        List<String> out = new ArrayList<>(timed.size());
        timed.forEach(t -> out.add(t[1]));
        return out;
    }

    /** PV1 with the fields it needs in their places: 2 class, 3 location, 7 attending, 19 visit, 44/45 times. */
    private static String pv1(String cls, String location, String attending, String visit, String admitted,
            String discharged) {
        String[] f = new String[discharged == null ? 45 : 46];
        java.util.Arrays.fill(f, "");
        f[0] = "PV1";
        f[1] = "1";
        f[2] = cls;
        f[3] = location;
        f[7] = attending;
        f[19] = visit;
        f[44] = admitted;
        if (discharged != null) {
            f[45] = discharged;
        }
        return String.join("|", f) + "\r";
    }

    private static String obx(int set, JsonNode o) {
        StringBuilder s = new StringBuilder("OBX|").append(set).append('|');
        JsonNode q = o.path("valueQuantity");
        String value;
        String units = "";
        if (q.has("value")) {
            s.append("NM|");
            value = q.get("value").asText();
            units = esc(q.path("code").asText(q.path("unit").asText(""))) + "^" + esc(q.path("unit").asText(""))
                    + (q.has("system") ? "^UCUM" : "");
        } else if (o.has("valueCodeableConcept")) {
            s.append("CE|");
            value = ce(o.get("valueCodeableConcept"));
        } else {
            s.append("ST|");
            value = esc(o.path("valueString").asText(""));
        }
        s.append(ce(o.path("code"))).append("||").append(value).append('|').append(units).append('|');
        JsonNode range = o.path("referenceRange").path(0);
        if (range.has("low") && range.has("high")) {
            s.append(range.path("low").path("value").asText()).append('-').append(range.path("high").path("value").asText());
        } else if (range.has("high")) {
            s.append('<').append(range.path("high").path("value").asText());
        } else if (range.has("low")) {
            s.append('>').append(range.path("low").path("value").asText());
        }
        s.append('|').append(esc(o.path("interpretation").path(0).path("coding").path(0).path("code").asText("")))
                .append("|||F|||").append(ts(o.path("effectiveDateTime").asText(""))).append('\r');
        return s.toString();
    }

    private static String msh(String org, String type, String controlId, String at) {
        return "MSH|^~\\&|PAS|" + org + "|CARE|REGION|" + at + "||" + type + "|" + controlId + "|P|2.4\r";
    }

    private static String pid(JsonNode p) {
        String nhs = "";
        String mrn = "";
        for (JsonNode id : p.path("identifier")) {
            if (id.path("system").asText().endsWith("nhs-number")) {
                nhs = id.path("value").asText();
            } else if (mrn.isEmpty()) {
                mrn = id.path("value").asText();
            }
        }
        JsonNode name = p.path("name").path(0);
        JsonNode given = name.path("given");
        String middle = given.size() > 1 ? given.get(1).asText() : "";
        JsonNode a = p.path("address").path(0);
        String dob = p.path("birthDate").asText("").replace("-", "");
        String sex = switch (p.path("gender").asText()) {
            case "male" -> "M";
            case "female" -> "F";
            case "other" -> "O";
            default -> "U";
        };
        return "PID|1||" + esc(mrn) + "^^^" + "PAS^MR" + (nhs.isEmpty() ? "" : "~" + nhs + "^^^NHS^NH") + "||"
                + esc(name.path("family").asText("")) + "^" + esc(given.path(0).asText("")) + "^" + esc(middle) + "^^"
                + esc(name.path("prefix").path(0).asText("")) + "||" + dob + "|" + sex + "|||"
                + esc(a.path("line").path(0).asText("")) + "^" + esc(a.path("line").path(1).asText("")) + "^"
                + esc(a.path("city").asText("")) + "^^" + esc(a.path("postalCode").asText("")) + "\r";
    }

    private static String practitioner(JsonNode reference, Map<String, JsonNode> byUrl) {
        JsonNode pr = byUrl.get(reference.path("reference").asText());
        if (pr == null) {
            return "";
        }
        JsonNode name = pr.path("name").path(0);
        return esc(pr.path("identifier").path(0).path("value").asText("")) + "^" + esc(name.path("family").asText(""))
                + "^" + esc(name.path("given").path(0).asText("")) + "^^^" + esc(name.path("prefix").path(0).asText(""));
    }

    private static String ce(JsonNode concept) {
        JsonNode c = concept.path("coding").path(0);
        String system = c.path("system").asText("");
        String hl7 = system.equals("http://loinc.org") ? "LN" : system.equals("http://snomed.info/sct") ? "SCT" : "L";
        return esc(c.path("code").asText("")) + "^" + esc(c.path("display").asText(concept.path("text").asText("")))
                + "^" + hl7;
    }

    /** A FHIR dateTime as an HL7 TS with its offset: 2023-01-06T11:50:00+00:00 → 20230106115000+0000. */
    static String ts(String fhir) {
        if (fhir == null || fhir.isEmpty()) {
            return "";
        }
        String digits = fhir.length() >= 19 ? fhir.substring(0, 19).replaceAll("[-T:]", "") : fhir.replace("-", "");
        String offset = fhir.length() > 19 ? fhir.substring(19) : "";
        if (offset.equals("Z")) {
            offset = "+0000";
        }
        return digits + offset.replace(":", "");
    }

    private static String esc(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\E\\");
                case '|' -> b.append("\\F\\");
                case '^' -> b.append("\\S\\");
                case '&' -> b.append("\\T\\");
                case '~' -> b.append("\\R\\");
                case '\r', '\n' -> b.append(' ');
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
