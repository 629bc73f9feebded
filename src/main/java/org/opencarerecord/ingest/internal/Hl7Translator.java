package org.opencarerecord.ingest.internal;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.XAD;
import ca.uhn.hl7v2.model.v251.datatype.XCN;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.datatype.XTN;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.MRG;
import ca.uhn.hl7v2.model.v251.segment.NTE;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.PV1;
import ca.uhn.hl7v2.util.Terser;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.sources.Feed;

/**
 * Turns a parsed HL7 v2 message (read into the v2.5.1 structures, whatever its version) into a
 * FHIR transaction bundle that the same pipeline as a FHIR feed's bundles stores: ADT events update
 * the source's Patient and its Encounter, A34/A40 merge two of the source's patients (Patient.link),
 * ORU^R01 becomes DiagnosticReport, Observations and the ServiceRequest that names who ordered them.
 * Values, units, reference ranges and abnormal flags are kept as sent. The source's own ids: the
 * patient's first local identifier (PID-3), the visit number (PV1-19), the filler (else placer)
 * order number (OBR-3, OBR-2) and, within it, the OBX set id.
 */
final class Hl7Translator {

    /** Trigger events read as ADT, and the Encounter status each leaves (null: the person only). */
    static final Map<String, String> ADT_EVENTS = Map.ofEntries(Map.entry("A01", "in-progress"),
            Map.entry("A02", "in-progress"), Map.entry("A03", "finished"), Map.entry("A04", "in-progress"),
            Map.entry("A05", "planned"), Map.entry("A08", ""), Map.entry("A11", "entered-in-error"),
            Map.entry("A12", "in-progress"), Map.entry("A13", "in-progress"), Map.entry("A28", "-"),
            Map.entry("A31", "-"), Map.entry("A34", "-"), Map.entry("A40", "-"));
    static final Set<String> MERGES = Set.of("A34", "A40");

    private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private final Feed feed;
    private final ZoneId zone;
    private final ArrayNode entries;
    private final ObjectNode bundle;
    private final String trigger;

    /** What a message said that cannot be used: becomes an AE whose text names the field. */
    static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    private Hl7Translator(Feed feed, ZoneId zone, String trigger) {
        this.feed = feed;
        this.zone = zone;
        this.trigger = trigger;
        this.bundle = FhirJson.MAPPER.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "transaction");
        this.entries = bundle.putArray("entry");
    }

    /** The bundle for a message of a supported type (ORU^R01 or one of {@link #ADT_EVENTS}). */
    static ObjectNode translate(Message message, String type, String trigger, Feed feed, ZoneId zone) throws HL7Exception {
        Hl7Translator t = new Hl7Translator(feed, zone, trigger);
        if ("ORU".equals(type)) {
            if (!(message instanceof ORU_R01 oru)) {
                throw new Unusable("MSH-9 says ORU^R01 but names another message structure ("
                        + message.getName() + ")");
            }
            t.results(oru);
        } else {
            t.adt(message);
        }
        return t.bundle;
    }

    // ---- ADT ----

    private void adt(Message message) throws HL7Exception {
        PID pid = (PID) find(message, "PID");
        if (pid == null) {
            throw new Unusable("the message has no PID segment: an ADT message must name its patient");
        }
        ObjectNode patient = patient(pid);
        String patientId = patient.get("id").asText();
        if (MERGES.contains(trigger)) {
            MRG mrg = (MRG) find(message, "MRG");
            String prior = mrg == null ? null : localId(mrg.getPriorPatientIdentifierList());
            if (prior == null) {
                throw new Unusable("a merge (" + trigger + ") must name the patient it retires in MRG-1");
            }
            if (!prior.equals(patientId)) {
                patient.putArray("link").addObject().put("type", "replaces").putObject("other")
                        .put("reference", "Patient/" + prior);
            }
        }
        put("Patient", patient);
        String status = ADT_EVENTS.getOrDefault(trigger, "-");
        PV1 pv1 = (PV1) find(message, "PV1");
        if (pv1 != null && !"-".equals(status)) {
            encounter(pv1, patientId, status);
        }
    }

    private void encounter(PV1 pv1, String patientId, String status) throws HL7Exception {
        String visit = value(pv1.getVisitNumber().getIDNumber());
        String admitted = dateTime("PV1-44", value(pv1.getAdmitDateTime().getTime()));
        String discharged = dateTime("PV1-45", value(pv1.getDischargeDateTime(0).getTime()));
        if (visit == null) {
            if (admitted == null) {
                return; // no visit number nor admission time: nothing to know the encounter by
            }
            visit = patientId + "-" + value(pv1.getAdmitDateTime().getTime());
        }
        if (status.isEmpty()) {
            status = discharged != null ? "finished" : "in-progress";
        }
        ObjectNode e = resource("Encounter", visit);
        e.put("status", status);
        String patientClass = value(pv1.getPatientClass());
        ObjectNode cls = e.putObject("class").put("system", ACT_CODE);
        switch (patientClass == null ? "" : patientClass) {
            case "I" -> cls.put("code", "IMP").put("display", "inpatient encounter");
            case "O" -> cls.put("code", "AMB").put("display", "ambulatory");
            case "E" -> cls.put("code", "EMER").put("display", "emergency");
            case "P" -> cls.put("code", "PRENC").put("display", "pre-admission");
            default -> cls.put("code", "AMB").put("display", "ambulatory");
        }
        subject(e, patientId);
        if (admitted != null || discharged != null) {
            ObjectNode period = e.putObject("period");
            if (admitted != null) {
                period.put("start", admitted);
            }
            if (discharged != null && !"in-progress".equals(status)) {
                period.put("end", discharged);
            }
        }
        String location = join(" ", value(pv1.getAssignedPatientLocation().getPointOfCare()),
                value(pv1.getAssignedPatientLocation().getRoom()), value(pv1.getAssignedPatientLocation().getBed()),
                value(pv1.getAssignedPatientLocation().getFacility().getNamespaceID()));
        if (location != null) {
            e.putArray("location").addObject().putObject("location").put("display", location);
        }
        String attending = pv1.getAttendingDoctorReps() > 0 ? person(pv1.getAttendingDoctor(0)) : null;
        if (attending != null) {
            ObjectNode p = e.putArray("participant").addObject();
            p.putArray("type").addObject().putArray("coding").addObject()
                    .put("system", "http://terminology.hl7.org/CodeSystem/v3-ParticipationType").put("code", "ATND");
            p.putObject("individual").put("display", attending);
        }
        String service = value(pv1.getHospitalService());
        if (service != null) {
            e.putObject("serviceType").put("text", service);
        }
        put("Encounter", e);
    }

    // ---- ORU ----

    private void results(ORU_R01 oru) throws HL7Exception {
        if (oru.getPATIENT_RESULTReps() == 0) {
            throw new Unusable("the message has no patient result group (PID with OBR)");
        }
        for (int p = 0; p < oru.getPATIENT_RESULTReps(); p++) {
            ORU_R01_PATIENT_RESULT result = oru.getPATIENT_RESULT(p);
            PID pid = result.getPATIENT().getPID();
            if (pid.isEmpty()) {
                throw new Unusable("a result without its patient (PID) cannot be stored");
            }
            ObjectNode patient = patient(pid);
            String patientId = patient.get("id").asText();
            put("Patient", patient);
            if (result.getORDER_OBSERVATIONReps() == 0) {
                throw new Unusable("an ORU^R01 must carry at least one OBR with its results");
            }
            for (int o = 0; o < result.getORDER_OBSERVATIONReps(); o++) {
                order(result.getORDER_OBSERVATION(o), patientId);
            }
        }
    }

    private void order(ORU_R01_ORDER_OBSERVATION group, String patientId) throws HL7Exception {
        OBR obr = group.getOBR();
        String filler = value(obr.getFillerOrderNumber().getEntityIdentifier());
        String placer = value(obr.getPlacerOrderNumber().getEntityIdentifier());
        String reportId = filler != null ? filler : placer;
        if (reportId == null) {
            throw new Unusable("OBR-3 (filler order number) or OBR-2 (placer order number) must say which report this is");
        }
        ObjectNode code = concept(obr.getUniversalServiceIdentifier());
        if (code == null) {
            throw new Unusable("OBR-4 (universal service identifier) must say what was tested");
        }
        String observed = dateTime("OBR-7", value(obr.getObservationDateTime().getTime()));
        String reported = dateTime("OBR-22", value(obr.getResultsRptStatusChngDateTime().getTime()));
        String status = reportStatus(value(obr.getResultStatus()));

        String orderer = obr.getOrderingProviderReps() > 0 ? person(obr.getOrderingProvider(0)) : null;
        String orderId = null;
        if (orderer != null || placer != null) {
            orderId = (placer != null ? placer : reportId) + "-order";
            ObjectNode order = resource("ServiceRequest", orderId);
            order.put("status", "final".equals(status) || "corrected".equals(status) ? "completed" : "active");
            order.put("intent", "order");
            order.set("code", code.deepCopy());
            subject(order, patientId);
            if (placer != null) {
                order.putArray("identifier").addObject().put("system", system("placer-order")).put("value", placer);
            }
            if (orderer != null) {
                ObjectNode requester = order.putObject("requester").put("display", orderer);
                String ordererId = value(obr.getOrderingProvider(0).getIDNumber());
                if (ordererId != null) {
                    requester.putObject("identifier").put("system", system("practitioner")).put("value", ordererId);
                }
            }
            String requested = dateTime("OBR-6", value(obr.getRequestedDateTime().getTime()));
            if (requested != null) {
                order.put("authoredOn", requested);
            }
            put("ServiceRequest", order);
        }

        ObjectNode report = resource("DiagnosticReport", reportId);
        if (orderId != null) {
            report.putArray("basedOn").addObject().put("reference", "ServiceRequest/" + orderId);
        }
        report.put("status", status);
        report.putArray("category").addObject().putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/v2-0074")
                .put("code", value(obr.getDiagnosticServSectID()) == null ? "LAB" : value(obr.getDiagnosticServSectID()));
        report.set("code", code);
        subject(report, patientId);
        if (observed != null) {
            report.put("effectiveDateTime", observed);
        }
        if (reported != null && reported.length() > 10) {
            report.put("issued", reported);
        }
        if (filler != null) {
            report.putArray("identifier").addObject().put("system", system("filler-order")).put("value", filler);
        }
        ArrayNode refs = report.putArray("result");
        ArrayNode presented = report.putArray("presentedForm");
        for (int i = 0; i < group.getOBSERVATIONReps(); i++) {
            ORU_R01_OBSERVATION observation = group.getOBSERVATION(i);
            if ("ED".equals(value(observation.getOBX().getValueType()))) {
                // an encapsulated document (the report as a PDF, say) is the report as presented, not a value
                presented.add(attachment(observation.getOBX(), "OBX[" + (i + 1) + "]"));
                continue;
            }
            String id = observation(observation, reportId, i, patientId, observed);
            refs.addObject().put("reference", "Observation/" + id);
        }
        if (refs.isEmpty()) {
            report.remove("result");
        }
        if (presented.isEmpty()) {
            report.remove("presentedForm");
        }
        String conclusion = notes(group.getNTEAll());
        if (conclusion != null) {
            report.put("conclusion", conclusion);
        }
        put("DiagnosticReport", report);
    }

    private String observation(ORU_R01_OBSERVATION group, String reportId, int index, String patientId, String observed)
            throws HL7Exception {
        OBX obx = group.getOBX();
        String at = "OBX[" + (index + 1) + "]";
        String setId = value(obx.getSetIDOBX());
        String id = reportId + "-" + (setId != null ? setId : Integer.toString(index + 1));
        ObjectNode o = resource("Observation", id);
        o.put("status", observationStatus(value(obx.getObservationResultStatus())));
        o.putArray("category").addObject().putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/observation-category").put("code", "laboratory");
        ObjectNode code = concept(obx.getObservationIdentifier());
        if (code == null) {
            throw new Unusable(at + "-3 (observation identifier) must say what was measured");
        }
        o.set("code", code);
        subject(o, patientId);
        String effective = dateTime(at + "-14", value(obx.getDateTimeOfTheObservation().getTime()));
        if (effective != null || observed != null) {
            o.put("effectiveDateTime", effective != null ? effective : observed);
        }
        value(o, obx, at);
        String range = value(obx.getReferencesRange());
        if (range != null) {
            o.putArray("referenceRange").add(range(range, unitOf(obx)));
        }
        for (var flag : obx.getAbnormalFlags()) {
            String f = flag.getValue();
            if (f != null && !f.isBlank()) {
                o.withArray("interpretation").addObject().putArray("coding").addObject()
                        .put("system", INTERPRETATION).put("code", f.trim());
            }
        }
        String notes = notes(group.getNTEAll());
        if (notes != null) {
            o.putArray("note").addObject().put("text", notes);
        }
        put("Observation", o);
        return id;
    }

    /**
     * OBX-5 of type ED (encapsulated data: type of data ^ subtype ^ encoding ^ data after the source
     * application): an Attachment holding the bytes as sent, Base64 as FHIR carries them.
     */
    private static ObjectNode attachment(OBX obx, String at) throws HL7Exception {
        if (obx.getObservationValueReps() != 1) {
            throw new Unusable(at + "-5 must hold one encapsulated document, not " + obx.getObservationValueReps());
        }
        Terser t = new Terser(obx.getMessage());
        String data = t.get(obx, 5, 0, 5, 1);
        if (data == null || data.isBlank()) {
            throw new Unusable(at + "-5.5 (the encapsulated data) is empty");
        }
        String encoding = t.get(obx, 5, 0, 4, 1);
        byte[] bytes;
        try {
            bytes = switch (encoding == null ? "" : encoding.trim().toUpperCase(Locale.ROOT)) {
                case "BASE64" -> Base64.getMimeDecoder().decode(data);
                case "HEX" -> HexFormat.of().parseHex(data.strip());
                case "A" -> data.getBytes(StandardCharsets.UTF_8);
                default -> throw new Unusable(at + "-5.4 (encoding) must be Base64, Hex or A, not "
                        + (encoding == null ? "empty" : "'" + encoding + "'"));
            };
        } catch (IllegalArgumentException e) {
            throw new Unusable(at + "-5.5 (the encapsulated data) is not " + encoding + " as " + at + "-5.4 says");
        }
        ObjectNode a = FhirJson.MAPPER.createObjectNode();
        a.put("contentType", contentType(t.get(obx, 5, 0, 2, 1), t.get(obx, 5, 0, 3, 1)));
        a.put("data", Base64.getEncoder().encodeToString(bytes));
        a.put("size", bytes.length);
        String title = t.get(obx, 3, 0, 2, 1); // OBX-3's text, else its code
        if (title == null) {
            title = t.get(obx, 3, 0, 1, 1);
        }
        if (title != null) {
            a.put("title", title);
        }
        return a;
    }

    /** The MIME type of ED-2 (type of data, HL7 table 0191) and ED-3 (subtype, table 0291). */
    private static String contentType(String type, String subtype) {
        String s = subtype == null ? "" : subtype.trim().toLowerCase(Locale.ROOT);
        if (s.matches("[a-z]+/[a-z0-9.+-]+")) {
            return s; // a sender that writes the MIME type itself
        }
        return switch (s) {
            case "pdf" -> "application/pdf";
            case "rtf" -> "application/rtf";
            case "html" -> "text/html";
            case "xml", "sgml", "x-hl7-cda-level-one" -> "application/xml";
            case "jpeg", "jpg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "png" -> "image/png";
            case "tiff", "tif" -> "image/tiff";
            case "postscript" -> "application/postscript";
            case "dicom" -> "application/dicom";
            default -> "TEXT".equalsIgnoreCase(type == null ? "" : type.trim()) ? "text/plain" : "application/octet-stream";
        };
    }

    /** The comments of NTE segments, a line each (null when there are none). */
    private static String notes(List<NTE> segments) {
        StringBuilder text = new StringBuilder();
        for (NTE nte : segments) {
            for (var c : nte.getComment()) {
                if (c.getValue() != null) {
                    text.append(text.length() == 0 ? "" : "\n").append(c.getValue());
                }
            }
        }
        return text.length() == 0 ? null : text.toString();
    }

    /** OBX-5 by its type (OBX-2), exactly as sent: a number keeps its digits and scale. */
    private void value(ObjectNode o, OBX obx, String at) throws HL7Exception {
        String type = value(obx.getValueType());
        if (obx.getObservationValueReps() == 0 || obx.getObservationValue(0).getData() == null) {
            return;
        }
        String encoded = obx.getObservationValue(0).encode();
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        String first = obx.getObservationValue(0).getData() instanceof ca.uhn.hl7v2.model.Primitive p ? p.getValue()
                : new Terser(obx.getMessage()).get(obx, 5, 0, 1, 1);
        switch (type == null ? "ST" : type) {
            case "NM" -> {
                ObjectNode q = o.putObject("valueQuantity");
                q.put("value", decimal(at + "-5", first));
                unit(q, obx);
            }
            case "SN" -> structuredNumeric(o, obx, at);
            case "CE", "CWE", "CNE" -> {
                Terser t = new Terser(obx.getMessage());
                ObjectNode cc = concept(t.get(obx, 5, 0, 1, 1), t.get(obx, 5, 0, 2, 1), t.get(obx, 5, 0, 3, 1));
                if (cc != null) {
                    o.set("valueCodeableConcept", cc);
                }
            }
            case "DT", "TS", "DTM" -> o.put("valueDateTime", dateTime(at + "-5", first));
            case "TX", "FT", "ST" -> {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < obx.getObservationValueReps(); i++) {
                    var data = obx.getObservationValue(i).getData();
                    String part = data instanceof ca.uhn.hl7v2.model.Primitive p ? p.getValue() : data.encode();
                    if (part != null) {
                        text.append(text.length() == 0 ? "" : "\n").append(part);
                    }
                }
                o.put("valueString", text.toString());
            }
            default -> o.put("valueString", encoded);
        }
    }

    /** SN: comparator^number or ^low^-^high (a range). */
    private void structuredNumeric(ObjectNode o, OBX obx, String at) throws HL7Exception {
        Terser t = new Terser(obx.getMessage());
        String comparator = t.get(obx, 5, 0, 1, 1);
        String num1 = t.get(obx, 5, 0, 2, 1);
        String separator = t.get(obx, 5, 0, 3, 1);
        String num2 = t.get(obx, 5, 0, 4, 1);
        if (num1 == null) {
            throw new Unusable(at + "-5 is a structured numeric (SN) without its number");
        }
        if (num2 != null && ("-".equals(separator) || ":".equals(separator))) {
            ObjectNode r = o.putObject("valueRange");
            unit(r.putObject("low").put("value", decimal(at + "-5", num1)), obx);
            unit(r.putObject("high").put("value", decimal(at + "-5", num2)), obx);
            return;
        }
        ObjectNode q = o.putObject("valueQuantity");
        q.put("value", decimal(at + "-5", num1));
        if (comparator != null && Set.of("<", "<=", ">", ">=").contains(comparator)) {
            q.put("comparator", comparator);
        }
        unit(q, obx);
    }

    private static BigDecimal decimal(String field, String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (RuntimeException e) {
            throw new Unusable(field + " is not a number, though OBX-2 says it is one");
        }
    }

    private static String[] unitOf(OBX obx) {
        CE units = obx.getUnits();
        String code = value(units.getIdentifier());
        String text = value(units.getText());
        String system = value(units.getNameOfCodingSystem());
        return code == null && text == null ? null : new String[] {code, text, system};
    }

    private static ObjectNode unit(ObjectNode quantity, OBX obx) {
        String[] u = unitOf(obx);
        if (u != null) {
            quantity.put("unit", u[1] != null ? u[1] : u[0]);
            if (u[0] != null && u[2] != null && u[2].toUpperCase(Locale.ROOT).contains("UCUM")) {
                quantity.put("system", "http://unitsofmeasure.org").put("code", u[0]);
            }
        }
        return quantity;
    }

    /** "20-42", "<5", ">3" become low and high; anything else is kept as text. */
    private static ObjectNode range(String text, String[] unit) {
        ObjectNode r = FhirJson.MAPPER.createObjectNode();
        String t = text.trim();
        try {
            int dash = t.indexOf('-', 1);
            if (t.startsWith("<")) {
                bound(r.putObject("high"), t.substring(t.startsWith("<=") ? 2 : 1), unit);
            } else if (t.startsWith(">")) {
                bound(r.putObject("low"), t.substring(t.startsWith(">=") ? 2 : 1), unit);
            } else if (dash > 0) {
                bound(r.putObject("low"), t.substring(0, dash), unit);
                bound(r.putObject("high"), t.substring(dash + 1), unit);
            }
        } catch (NumberFormatException e) {
            r.removeAll();
        }
        r.put("text", text);
        return r;
    }

    private static void bound(ObjectNode q, String number, String[] unit) {
        q.put("value", new BigDecimal(number.trim()));
        if (unit != null) {
            q.put("unit", unit[1] != null ? unit[1] : unit[0]);
        }
    }

    private static String reportStatus(String code) {
        return switch (code == null ? "" : code) {
            case "F" -> "final";
            case "C" -> "corrected";
            case "X" -> "cancelled";
            case "A" -> "partial";
            case "I", "O", "S" -> "registered";
            default -> "preliminary"; // P, R and anything else: not yet final
        };
    }

    private static String observationStatus(String code) {
        return switch (code == null ? "" : code) {
            case "F" -> "final";
            case "C" -> "corrected";
            case "X" -> "cancelled";
            case "D", "W" -> "entered-in-error";
            case "I" -> "registered";
            default -> "preliminary";
        };
    }

    // ---- the patient ----

    private ObjectNode patient(PID pid) throws HL7Exception {
        List<ObjectNode> identifiers = new ArrayList<>();
        String localId = null;
        for (CX cx : pid.getPatientIdentifierList()) {
            String value = value(cx.getIDNumber());
            if (value == null) {
                continue;
            }
            ObjectNode id = FhirJson.MAPPER.createObjectNode();
            if (isNhsNumber(cx)) {
                id.put("system", NhsNumber.SYSTEM).put("value", value.replace(" ", ""));
            } else {
                String authority = value(cx.getAssigningAuthority().getNamespaceID());
                String type = value(cx.getIdentifierTypeCode());
                id.put("system", system("patient-id/" + (authority != null ? authority : type != null ? type : "local")));
                id.put("value", value);
                if (localId == null) {
                    localId = value;
                }
            }
            identifiers.add(id);
        }
        CX external = pid.getPatientID();
        if (value(external.getIDNumber()) != null && isNhsNumber(external)) {
            identifiers.add(FhirJson.MAPPER.createObjectNode().put("system", NhsNumber.SYSTEM)
                    .put("value", value(external.getIDNumber()).replace(" ", "")));
        }
        if (localId == null) {
            throw new Unusable("PID-3 must carry the patient's identifier at this organisation (its MRN or"
                    + " local number), not only an NHS number");
        }
        ObjectNode p = resource("Patient", localId);
        ArrayNode ids = p.putArray("identifier");
        identifiers.forEach(ids::add);
        for (XPN xpn : pid.getPatientName()) {
            ObjectNode name = name(xpn);
            if (name != null) {
                p.withArray("name").add(name);
            }
        }
        String sex = value(pid.getAdministrativeSex());
        if (sex != null) {
            p.put("gender", switch (sex) {
                case "M" -> "male";
                case "F" -> "female";
                case "O", "A" -> "other";
                default -> "unknown";
            });
        }
        String dob = value(pid.getDateTimeOfBirth().getTime());
        if (dob != null) {
            String date = dateTime("PID-7", dob);
            p.put("birthDate", date.length() > 10 ? date.substring(0, 10) : date);
        }
        for (XAD xad : pid.getPatientAddress()) {
            ObjectNode address = FhirJson.MAPPER.createObjectNode();
            for (String line : new String[] {value(xad.getStreetAddress().getStreetOrMailingAddress()),
                value(xad.getOtherDesignation())}) {
                if (line != null) {
                    address.withArray("line").add(line);
                }
            }
            putIfPresent(address, "city", value(xad.getCity()));
            putIfPresent(address, "district", value(xad.getStateOrProvince()));
            putIfPresent(address, "postalCode", value(xad.getZipOrPostalCode()));
            if (!address.isEmpty()) {
                p.withArray("address").add(address);
            }
        }
        for (XTN xtn : pid.getPhoneNumberHome()) {
            String number = value(xtn.getTelephoneNumber()) != null ? value(xtn.getTelephoneNumber())
                    : value(xtn.getUnformattedTelephoneNumber());
            if (number != null) {
                p.withArray("telecom").addObject().put("system", "phone").put("value", number).put("use", "home");
            }
        }
        String died = value(pid.getPatientDeathDateAndTime().getTime());
        if (died != null) {
            p.put("deceasedDateTime", dateTime("PID-29", died));
        } else if ("Y".equals(value(pid.getPatientDeathIndicator()))) {
            p.put("deceasedBoolean", true);
        }
        return p;
    }

    private static boolean isNhsNumber(CX cx) {
        String authority = value(cx.getAssigningAuthority().getNamespaceID());
        String type = value(cx.getIdentifierTypeCode());
        return "NHS".equalsIgnoreCase(authority) || "NH".equalsIgnoreCase(type) || "NHSNBR".equalsIgnoreCase(type);
    }

    /** The first local (non-NHS) identifier of a CX list (MRG-1). */
    private static String localId(CX[] list) {
        for (CX cx : list) {
            if (value(cx.getIDNumber()) != null && !isNhsNumber(cx)) {
                return value(cx.getIDNumber());
            }
        }
        return null;
    }

    private static ObjectNode name(XPN xpn) {
        String family = value(xpn.getFamilyName().getSurname());
        String given = value(xpn.getGivenName());
        String middle = value(xpn.getSecondAndFurtherGivenNamesOrInitialsThereof());
        if (family == null && given == null) {
            return null;
        }
        ObjectNode name = FhirJson.MAPPER.createObjectNode();
        String type = value(xpn.getNameTypeCode());
        name.put("use", switch (type == null ? "L" : type) {
            case "M", "B" -> "maiden";
            case "N" -> "nickname";
            case "S" -> "anonymous";
            case "A" -> "usual";
            default -> "official";
        });
        putIfPresent(name, "family", family);
        if (given != null) {
            name.withArray("given").add(given);
        }
        if (middle != null) {
            for (String m : middle.trim().split("\\s+")) {
                name.withArray("given").add(m);
            }
        }
        String prefix = value(xpn.getPrefixEgDR());
        if (prefix != null) {
            name.withArray("prefix").add(prefix);
        }
        return name;
    }

    /** A person named in an XCN: "Dr Ann Jones (C1234567)". */
    private static String person(XCN xcn) {
        String name = join(" ", value(xcn.getPrefixEgDR()), value(xcn.getGivenName()),
                value(xcn.getFamilyName().getSurname()));
        String id = value(xcn.getIDNumber());
        if (name == null) {
            return id;
        }
        return id == null ? name : name + " (" + id + ")";
    }

    // ---- helpers ----

    private ObjectNode resource(String type, String id) {
        ObjectNode r = FhirJson.MAPPER.createObjectNode();
        r.put("resourceType", type);
        r.put("id", id);
        return r;
    }

    private void put(String type, ObjectNode resource) {
        ObjectNode entry = entries.addObject();
        entry.set("resource", resource);
        entry.putObject("request").put("method", "PUT").put("url", type + "/" + resource.get("id").asText());
    }

    private static void subject(ObjectNode resource, String patientId) {
        resource.putObject("subject").put("reference", "Patient/" + patientId);
    }

    private String system(String kind) {
        return "urn:care-record:hl7v2:" + feed.organisationCode() + ":" + kind;
    }

    private static ObjectNode concept(CE ce) {
        return concept(value(ce.getIdentifier()), value(ce.getText()), value(ce.getNameOfCodingSystem()));
    }

    private static ObjectNode concept(String code, String text, String system) {
        if (code == null && text == null) {
            return null;
        }
        ObjectNode cc = FhirJson.MAPPER.createObjectNode();
        if (code != null) {
            ObjectNode coding = cc.putArray("coding").addObject();
            coding.put("system", codeSystem(system)).put("code", code);
            putIfPresent(coding, "display", text);
        }
        putIfPresent(cc, "text", text);
        return cc;
    }

    /** HL7 table 0396 names of common coding systems, as FHIR URIs. */
    private static String codeSystem(String hl7) {
        if (hl7 == null) {
            return "urn:care-record:hl7v2:local-code";
        }
        return switch (hl7.toUpperCase(Locale.ROOT)) {
            case "LN" -> "http://loinc.org";
            case "SCT", "SNOMED", "SNOMEDCT" -> "http://snomed.info/sct";
            case "UCUM" -> "http://unitsofmeasure.org";
            case "I10", "ICD10" -> "http://hl7.org/fhir/sid/icd-10";
            default -> "urn:care-record:hl7v2:code-system:" + hl7;
        };
    }

    /**
     * An HL7 date/time (YYYY[MM[DD[HHMM[SS[.S+]]]]][+/-ZZZZ]) as a FHIR dateTime: a date keeps its
     * precision; a time without an offset is the sender's local time in {@code zone}.
     */
    private static final DateTimeFormatter HL7_DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT); // 30 February is refused, not moved
    private static final DateTimeFormatter FHIR_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final Set<Integer> DATE_TIME_LENGTHS = Set.of(4, 6, 8, 10, 12, 14);
    private static final java.util.regex.Pattern OFFSET = java.util.regex.Pattern.compile("[+-]\\d{4}");
    private static final java.util.regex.Pattern FRACTION = java.util.regex.Pattern.compile("(\\.\\d{1,4})?");

    String dateTime(String field, String hl7) {
        if (hl7 == null) {
            return null;
        }
        String s = hl7.trim();
        String offset = null;
        int sign = Math.max(s.indexOf('+'), s.indexOf('-'));
        if (sign > 0) {
            offset = s.substring(sign);
            s = s.substring(0, sign);
        }
        String fraction = "";
        int dot = s.indexOf('.');
        if (dot > 0) {
            fraction = s.substring(dot);
            s = s.substring(0, dot);
        }
        if (!s.chars().allMatch(Character::isDigit) || !DATE_TIME_LENGTHS.contains(s.length())
                || (offset != null && !OFFSET.matcher(offset).matches()) || !FRACTION.matcher(fraction).matches()) {
            throw new Unusable(field + " is not an HL7 date/time (YYYYMMDD[HHMM[SS]][+/-ZZZZ])");
        }
        try {
            if (s.length() <= 8) {
                String date = s.substring(0, 4) + (s.length() >= 6 ? "-" + s.substring(4, 6) : "")
                        + (s.length() == 8 ? "-" + s.substring(6, 8) : "");
                if (s.length() == 8) {
                    java.time.LocalDate.parse(date);
                }
                return date;
            }
            String padded = (s + "0000").substring(0, 14);
            LocalDateTime local = LocalDateTime.parse(padded, HL7_DATE_TIME);
            ZoneOffset zoneOffset = offset != null ? ZoneOffset.of(offset.substring(0, 3) + ":" + offset.substring(3))
                    : zone.getRules().getOffset(local);
            return local.format(FHIR_DATE_TIME) + fraction
                    + zoneOffset.getId().replace("Z", "+00:00");
        } catch (RuntimeException e) {
            throw new Unusable(field + " is not a real date/time");
        }
    }

    private static Structure find(Message message, String segment) {
        try {
            Terser t = new Terser(message);
            return t.getSegment("/." + segment);
        } catch (HL7Exception e) {
            return null;
        }
    }

    private static String value(ca.uhn.hl7v2.model.Primitive p) {
        String v = p == null ? null : p.getValue();
        return v == null || v.isBlank() || "\"\"".equals(v) ? null : v.trim();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String join(String separator, String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p != null) {
                b.append(b.length() == 0 ? "" : separator).append(p);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }
}
