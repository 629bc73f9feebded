package org.opencarerecord.synthetic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.synthetic.BundleBuilder.Item;
import org.opencarerecord.synthetic.Person.AllergyFact;
import org.opencarerecord.synthetic.Person.Episode;
import org.opencarerecord.synthetic.Person.Problem;
import org.opencarerecord.synthetic.RegionCatalogue.Staff;
import org.opencarerecord.synthetic.Terminology.Lab;
import org.opencarerecord.synthetic.Terminology.Med;
import org.opencarerecord.synthetic.Terminology.Panel;
import org.opencarerecord.synthetic.Terminology.Vaccine;

import static org.opencarerecord.synthetic.Json.cc;
import static org.opencarerecord.synthetic.Json.dateTime;
import static org.opencarerecord.synthetic.Json.list;
import static org.opencarerecord.synthetic.Json.text;

/** What each kind of source records about a person. */
final class Sources {

    private Sources() {
    }

    private static final long DAY = 86400L;
    private static final String HL7 = Terminology.HL7;

    private static final Code ACTIVE = Terminology.hl7("condition-clinical", "active", "Active");
    private static final Code RESOLVED = Terminology.hl7("condition-clinical", "resolved", "Resolved");
    private static final Code CONFIRMED = Terminology.hl7("condition-ver-status", "confirmed", "Confirmed");
    private static final Code PROBLEM = Terminology.hl7("condition-category", "problem-list-item", "Problem List Item");
    private static final Code DIAGNOSIS = Terminology.hl7("condition-category", "encounter-diagnosis", "Encounter Diagnosis");
    private static final Code VITALS = Terminology.hl7("observation-category", "vital-signs", "Vital Signs");
    private static final Code LABORATORY = Terminology.hl7("observation-category", "laboratory", "Laboratory");
    private static final Code SOCIAL = Terminology.hl7("observation-category", "social-history", "Social History");
    private static final Code SURVEY = Terminology.hl7("observation-category", "survey", "Survey");
    private static final Code EXAM = Terminology.hl7("observation-category", "exam", "Exam");
    private static final Code AMB = Terminology.hl7("v3-ActCode", "AMB", "ambulatory");
    private static final Code IMP = Terminology.hl7("v3-ActCode", "IMP", "inpatient encounter");
    private static final Code EMER = Terminology.hl7("v3-ActCode", "EMER", "emergency");
    private static final Code HH = Terminology.hl7("v3-ActCode", "HH", "home health");
    private static final Code VR = Terminology.hl7("v3-ActCode", "VR", "virtual");
    private static final Code PPRF = Terminology.hl7("v3-ParticipationType", "PPRF", "primary performer");
    private static final Code ATND = Terminology.hl7("v3-ParticipationType", "ATND", "attender");
    private static final Code ADM = Terminology.hl7("v3-ParticipationType", "ADM", "admitter");

    // ------------------------------------------------------------------ Patient

    static ObjectNode patient(SyntheticOrganisation org, Person p, String localId, SplittableRandom r) {
        String kind = org.kind();
        boolean gp = kind.equals(RegionCatalogue.GP);
        boolean sendNhs = switch (kind) {
            case RegionCatalogue.SOCIAL_CARE -> p.councilHasNhsNumber;
            case RegionCatalogue.AMBULANCE -> r.nextInt(100) >= 10;
            default -> true;
        };
        boolean middle = p.middle != null && (gp || r.nextInt(100) < (kind.equals(RegionCatalogue.AMBULANCE) ? 30 : 65));
        boolean nick = !gp && p.nickname != null && r.nextInt(100) < (kind.equals(RegionCatalogue.SOCIAL_CARE) ? 40 : 25);
        boolean oldAddress = !gp && p.previousAddress != null && r.nextInt(100) < 40;
        boolean phone = gp || r.nextInt(100) < (kind.equals(RegionCatalogue.ACUTE) ? 70 : 85);

        ObjectNode pt = Json.obj();
        pt.put("resourceType", "Patient");
        pt.put("id", localId);
        pt.putObject("meta");
        ArrayNode ids = pt.putArray("identifier");
        if (sendNhs) {
            ids.add(Json.identifier(NhsNumber.SYSTEM, p.nhsNumber));
        }
        ids.add(Json.identifier(RegionCatalogue.localIdSystem(org.code()), localId));
        pt.put("active", true);
        ArrayNode names = pt.putArray("name");
        String given = nick ? p.nickname : p.given;
        ObjectNode name = names.addObject();
        name.put("use", nick ? "usual" : "official");
        name.put("text", given + (middle ? " " + p.middle : "") + " " + p.family);
        name.put("family", p.family);
        ArrayNode g = name.putArray("given");
        g.add(given);
        if (middle) {
            g.add(p.middle);
        }
        if (p.title != null && r.nextInt(100) < 80) {
            name.putArray("prefix").add(p.title);
        }
        if (phone) {
            ArrayNode telecom = pt.putArray("telecom");
            ObjectNode m = telecom.addObject();
            m.put("system", "phone");
            m.put("value", p.age < 12 && p.landline == null ? p.kinPhone : p.mobile);
            m.put("use", "mobile");
            if (p.landline != null && (gp || r.nextBoolean())) {
                ObjectNode h = telecom.addObject();
                h.put("system", "phone");
                h.put("value", p.landline);
                h.put("use", "home");
            }
        }
        pt.put("gender", p.female ? "female" : "male");
        pt.put("birthDate", Json.date(p.birthDay));
        Person.Address a = oldAddress ? p.previousAddress : p.address;
        ObjectNode addr = pt.putArray("address").addObject();
        addr.put("use", "home");
        addr.put("type", "physical");
        addr.putArray("line").add(a.line());
        addr.put("city", a.town());
        addr.put("postalCode", a.postcode());
        addr.set("period", Json.datePeriod(a.fromDay(), -1));
        if (p.kinGiven != null && !kind.equals(RegionCatalogue.AMBULANCE)) {
            ObjectNode contact = pt.putArray("contact").addObject();
            contact.putArray("relationship").add(cc(new Code(HL7 + "v2-0131", "N", "Next-of-Kin")));
            ObjectNode kn = contact.putObject("name");
            kn.put("family", p.kinFamily);
            kn.putArray("given").add(p.kinGiven);
            ObjectNode kt = contact.putArray("telecom").addObject();
            kt.put("system", "phone");
            kt.put("value", p.kinPhone);
        }
        pt.putArray("generalPractitioner").add(Json.ods(p.gp));
        if (gp) {
            pt.set("managingOrganization", Json.ods(org));
        }
        return pt;
    }

    // ------------------------------------------------------------------ dispatch

    static void fill(BundleBuilder b) {
        switch (b.org.kind()) {
            case RegionCatalogue.GP -> gp(b);
            case RegionCatalogue.ACUTE -> acute(b);
            case RegionCatalogue.COMMUNITY -> community(b);
            case RegionCatalogue.MENTAL_HEALTH -> mentalHealth(b);
            case RegionCatalogue.HOSPICE -> hospice(b);
            case RegionCatalogue.AMBULANCE -> ambulance(b);
            default -> socialCare(b);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Staff pick(BundleBuilder b, String role) {
        List<Staff> staff = RegionCatalogue.staff(b.org.code(), role);
        return staff.get(b.r.nextInt(staff.size()));
    }

    /** A time on the given day between the hours, on a 5-minute boundary, never after NOW. */
    private static long at(BundleBuilder b, long day, int fromHour, int toHour) {
        long t = day * DAY + fromHour * 3600L + b.r.nextInt(Math.max(1, (toHour - fromHour) * 12)) * 300L;
        return Math.min(t, Json.NOW - 3600);
    }

    /** A random day in [from, to], clamped to the person's life and before today. */
    private static long dayBetween(BundleBuilder b, long from, long to) {
        from = Math.max(from, b.person.birthDay + 1);
        to = Math.min(to, Json.TODAY_DAY - 1);
        if (to <= from) {
            return Math.min(from, Json.TODAY_DAY - 1);
        }
        return from + (long) (b.r.nextDouble() * (to - from));
    }

    private static long sinceYears(BundleBuilder b, int years) {
        return Math.max(b.person.birthDay + 1, Json.TODAY_DAY - years * 365L);
    }

    private static ObjectNode subject(ObjectNode res, BundleBuilder b) {
        res.set("subject", b.patientRef());
        return res;
    }

    private static ObjectNode participant(BundleBuilder b, Code type, Staff s) {
        ObjectNode part = Json.obj();
        part.putArray("type").add(cc(type));
        part.set("individual", b.staff(s));
        return part;
    }

    private static Item encounter(BundleBuilder b, Code cls, Code type, String service, long start, long end, Staff who, Code reason) {
        Item e = b.item("Encounter", end + 600);
        ObjectNode res = e.resource();
        res.put("status", "finished");
        res.set("class", Json.coding(cls));
        res.putArray("type").add(cc(type));
        if (service != null) {
            res.set("serviceType", text(service));
        }
        subject(res, b);
        if (who != null) {
            res.putArray("participant").add(participant(b, PPRF, who));
        }
        res.set("period", Json.period(start, end));
        if (reason != null) {
            res.putArray("reasonCode").add(cc(reason));
        }
        res.set("serviceProvider", Json.ods(b.org));
        return e;
    }

    private static Item condition(BundleBuilder b, Code code, Code category, boolean resolved, long onsetDay, long abatedDay,
                                  long recorded, Staff recorder, Item encounter) {
        Item c = b.item("Condition", recorded);
        ObjectNode res = c.resource();
        res.set("clinicalStatus", cc(resolved ? RESOLVED : ACTIVE));
        res.set("verificationStatus", cc(CONFIRMED));
        res.putArray("category").add(cc(category));
        res.set("code", cc(code));
        subject(res, b);
        if (encounter != null) {
            res.set("encounter", encounter.ref());
        }
        res.put("onsetDateTime", dateTime(onsetDay * DAY + 9 * 3600));
        if (resolved && abatedDay > 0) {
            res.put("abatementDateTime", dateTime(Math.min(abatedDay * DAY + 9 * 3600, Json.NOW - 3600)));
        }
        res.put("recordedDate", dateTime(recorded));
        res.set("recorder", b.staff(recorder));
        return c;
    }

    private static ObjectNode dosage(String text) {
        ObjectNode d = Json.obj();
        d.put("text", text);
        return d;
    }

    private static Item vital(BundleBuilder b, Code code, double value, int decimals, String unit, String ucum, long when,
                              Staff who, Item encounter, Code category) {
        Item o = b.item("Observation", when + 300);
        ObjectNode res = o.resource();
        res.put("status", "final");
        res.putArray("category").add(cc(category));
        res.set("code", cc(code));
        subject(res, b);
        if (encounter != null) {
            res.set("encounter", encounter.ref());
        }
        res.put("effectiveDateTime", dateTime(when));
        if (who != null) {
            res.putArray("performer").add(b.staff(who));
        }
        res.set("valueQuantity", Json.quantity(value, decimals, unit, ucum));
        return o;
    }

    private static Item bloodPressure(BundleBuilder b, long when, Staff who, Item encounter) {
        Person p = b.person;
        boolean htn = p.has("38341003");
        double sys = 118 + p.age * 0.25 + (htn ? 14 : 0) + b.r.nextGaussian() * 11;
        double dia = 74 + (htn ? 8 : 0) + b.r.nextGaussian() * 7;
        Item o = b.item("Observation", when + 300);
        ObjectNode res = o.resource();
        res.put("status", "final");
        res.putArray("category").add(cc(VITALS));
        res.set("code", cc(Terminology.BP_PANEL, "Blood pressure"));
        subject(res, b);
        if (encounter != null) {
            res.set("encounter", encounter.ref());
        }
        res.put("effectiveDateTime", dateTime(when));
        if (who != null) {
            res.putArray("performer").add(b.staff(who));
        }
        ArrayNode comps = res.putArray("component");
        ObjectNode s = comps.addObject();
        s.set("code", cc(Terminology.SYSTOLIC));
        s.set("valueQuantity", Json.quantity(Math.round(sys), 0, "mmHg", "mm[Hg]"));
        ObjectNode d = comps.addObject();
        d.set("code", cc(Terminology.DIASTOLIC));
        d.set("valueQuantity", Json.quantity(Math.round(dia), 0, "mmHg", "mm[Hg]"));
        return o;
    }

    private static Item integerScore(BundleBuilder b, Code code, Code category, int value, long when, Staff who, Item encounter) {
        Item o = b.item("Observation", when + 300);
        ObjectNode res = o.resource();
        res.put("status", "final");
        res.putArray("category").add(cc(category));
        res.set("code", cc(code));
        subject(res, b);
        if (encounter != null) {
            res.set("encounter", encounter.ref());
        }
        res.put("effectiveDateTime", dateTime(when));
        res.putArray("performer").add(b.staff(who));
        res.put("valueInteger", value);
        return o;
    }

    private static Item note(BundleBuilder b, String title, String value, long when, Staff who, Item encounter) {
        Item o = b.item("Observation", when + 300);
        ObjectNode res = o.resource();
        res.put("status", "final");
        res.putArray("category").add(cc(EXAM));
        res.set("code", text(title));
        subject(res, b);
        if (encounter != null) {
            res.set("encounter", encounter.ref());
        }
        res.put("effectiveDateTime", dateTime(when));
        res.putArray("performer").add(b.staff(who));
        res.put("valueString", value);
        return o;
    }

    private static Item document(BundleBuilder b, Code type, String title, String body, boolean html, long when, Staff author,
                                 Item encounter) {
        Item d = b.item("DocumentReference", when);
        ObjectNode res = d.resource();
        res.put("status", "current");
        res.put("docStatus", "final");
        res.set("type", cc(type));
        subject(res, b);
        res.put("date", dateTime(when));
        res.putArray("author").add(b.staff(author));
        res.set("custodian", Json.ods(b.org));
        res.put("description", title);
        ObjectNode att = res.putArray("content").addObject().putObject("attachment");
        String content = html ? "<html><body><h1>" + escape(title) + "</h1>" + paragraphs(body) + "</body></html>" : title + "\n\n" + body;
        att.put("contentType", html ? "text/html" : "text/plain");
        att.put("language", "en-GB");
        att.put("data", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
        att.put("title", title);
        att.put("creation", dateTime(when));
        if (encounter != null) {
            ObjectNode ctx = res.putObject("context");
            ctx.putArray("encounter").add(encounter.ref());
            ctx.set("period", encounter.resource().get("period").deepCopy());
        }
        return d;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String paragraphs(String body) {
        StringBuilder sb = new StringBuilder();
        for (String para : body.split("\n")) {
            sb.append("<p>").append(escape(para)).append("</p>");
        }
        return sb.toString();
    }

    private static Item careTeam(BundleBuilder b, String name, long startDay, Staff... members) {
        Item t = b.item("CareTeam", at(b, startDay, 9, 17));
        ObjectNode res = t.resource();
        res.put("status", "active");
        res.put("name", name);
        subject(res, b);
        res.set("period", Json.datePeriod(startDay, -1));
        ArrayNode parts = res.putArray("participant");
        for (Staff s : members) {
            ObjectNode part = parts.addObject();
            part.putArray("role").add(s.roleCode() == null ? text(s.roleDisplay())
                    : cc(new Code(Terminology.SNOMED, s.roleCode(), s.roleDisplay())));
            part.set("member", b.staff(s));
        }
        res.putArray("managingOrganization").add(Json.ods(b.org));
        return t;
    }

    private static Item carePlan(BundleBuilder b, String title, String category, String description, long startDay, Staff author,
                                 Item team, String... activities) {
        Item c = b.item("CarePlan", at(b, startDay, 9, 17));
        ObjectNode res = c.resource();
        res.put("status", "active");
        res.put("intent", "plan");
        ArrayNode cats = res.putArray("category");
        cats.add(cc(Terminology.CARE_PLAN));
        if (category != null) {
            cats.add(text(category));
        }
        res.put("title", title);
        res.put("description", description);
        subject(res, b);
        res.set("period", Json.datePeriod(startDay, -1));
        res.put("created", dateTime(at(b, startDay, 9, 17)));
        res.set("author", b.staff(author));
        if (team != null) {
            res.putArray("careTeam").add(team.ref());
        }
        ArrayNode acts = res.putArray("activity");
        for (String a : activities) {
            ObjectNode detail = acts.addObject().putObject("detail");
            detail.put("status", "in-progress");
            detail.put("description", a);
        }
        return c;
    }

    private static Item episodeOfCare(BundleBuilder b, String type, long startDay, long endDay, Staff manager, Item team) {
        Item e = b.item("EpisodeOfCare", at(b, endDay > 0 ? endDay : startDay, 9, 17));
        ObjectNode res = e.resource();
        res.put("status", endDay > 0 ? "finished" : "active");
        res.putArray("type").add(text(type));
        res.set("patient", b.patientRef());
        res.set("managingOrganization", Json.ods(b.org));
        res.set("period", Json.datePeriod(startDay, endDay));
        if (manager != null) {
            res.set("careManager", b.staff(manager));
        }
        if (team != null) {
            res.putArray("team").add(team.ref());
        }
        return e;
    }

    private static Item relatedPerson(BundleBuilder b, String role, long when) {
        Person p = b.person;
        Item rp = b.item("RelatedPerson", when);
        ObjectNode res = rp.resource();
        res.put("active", true);
        res.set("patient", b.patientRef());
        ArrayNode rel = res.putArray("relationship");
        rel.add(cc(new Code(HL7 + "v3-RoleCode", p.kinRelation, p.kinRelationDisplay)));
        rel.add(text(role));
        ObjectNode name = res.putArray("name").addObject();
        name.put("family", p.kinFamily);
        name.putArray("given").add(p.kinGiven);
        ObjectNode tel = res.putArray("telecom").addObject();
        tel.put("system", "phone");
        tel.put("value", p.kinPhone);
        tel.put("use", "mobile");
        res.put("gender", p.kinFemale ? "female" : "male");
        if (p.kinRelation.equals("SPS")) {
            ObjectNode addr = res.putArray("address").addObject();
            addr.putArray("line").add(p.address.line());
            addr.put("city", p.address.town());
            addr.put("postalCode", p.address.postcode());
        }
        return rp;
    }

    private static Item appointment(BundleBuilder b, String service, String description, long start, int minutes, Staff with,
                                    boolean future, long created) {
        Item a = b.item("Appointment", created);
        ObjectNode res = a.resource();
        res.put("status", future ? "booked" : "fulfilled");
        res.putArray("serviceType").add(text(service));
        res.put("description", description);
        res.put("start", dateTime(start));
        res.put("end", dateTime(start + minutes * 60L));
        res.put("minutesDuration", minutes);
        res.put("created", dateTime(created));
        ArrayNode parts = res.putArray("participant");
        ObjectNode pp = parts.addObject();
        pp.set("actor", b.patientRef());
        pp.put("required", "required");
        pp.put("status", "accepted");
        ObjectNode sp = parts.addObject();
        sp.set("actor", b.staff(with));
        sp.put("required", "required");
        sp.put("status", "accepted");
        return a;
    }

    private static Item flag(BundleBuilder b, String category, String categoryDisplay, String text, long startDay, Staff author) {
        Item f = b.item("Flag", at(b, startDay, 9, 17));
        ObjectNode res = f.resource();
        res.put("status", "active");
        res.putArray("category").add(cc(new Code(HL7 + "flag-category", category, categoryDisplay)));
        res.set("code", text(text));
        subject(res, b);
        res.set("period", Json.datePeriod(startDay, -1));
        res.set("author", b.staff(author));
        return f;
    }

    private static Item medicationRequest(BundleBuilder b, Med med, String status, long authored, Staff prescriber, Item reason,
                                          boolean repeat, String category) {
        Item m = b.item("MedicationRequest", authored);
        ObjectNode res = m.resource();
        res.put("status", status);
        res.put("intent", "order");
        res.putArray("category").add(cc(new Code(HL7 + "medicationrequest-category", category,
                category.equals("community") ? "Community" : category.equals("discharge") ? "Discharge" : "Inpatient")));
        res.set("medicationCodeableConcept", cc(med.code()));
        subject(res, b);
        res.put("authoredOn", dateTime(authored));
        res.set("requester", b.staff(prescriber));
        if (reason != null) {
            res.putArray("reasonReference").add(reason.ref());
        }
        res.set("courseOfTherapyType", cc(repeat
                ? new Code(HL7 + "medicationrequest-course-of-therapy", "continuous", "Continuous long term therapy")
                : new Code(HL7 + "medicationrequest-course-of-therapy", "acute", "Short course (acute) therapy")));
        res.putArray("dosageInstruction").add(dosage(med.dose()));
        ObjectNode dispense = res.putObject("dispenseRequest");
        if (repeat) {
            dispense.put("numberOfRepeatsAllowed", 5);
        }
        dispense.set("quantity", Json.quantity(repeat ? 28 : 15, 0, med.code().display().contains("inhaler") ? "inhaler" : "tablet",
                med.code().display().contains("inhaler") ? "{inhaler}" : "{tablet}"));
        return m;
    }

    private static Item medicationStatement(BundleBuilder b, Med med, String status, long startDay, long endDay, Item reason,
                                            long asserted) {
        Item m = b.item("MedicationStatement", asserted);
        ObjectNode res = m.resource();
        res.put("status", status);
        res.set("category", cc(new Code(HL7 + "medication-statement-category", "community", "Community")));
        res.set("medicationCodeableConcept", cc(med.code()));
        subject(res, b);
        ObjectNode period = Json.obj();
        period.put("start", Json.date(startDay));
        if (endDay > 0) {
            period.put("end", Json.date(endDay));
        }
        res.set("effectivePeriod", period);
        res.put("dateAsserted", dateTime(asserted));
        if (reason != null) {
            res.putArray("reasonReference").add(reason.ref());
        }
        res.putArray("dosage").add(dosage(med.dose()));
        return m;
    }

    private static Item immunization(BundleBuilder b, Vaccine v, long when, Staff who, int dose) {
        Item i = b.item("Immunization", when + 600);
        ObjectNode res = i.resource();
        res.put("status", "completed");
        res.set("vaccineCode", cc(v.code(), v.text()));
        res.set("patient", b.patientRef());
        res.put("occurrenceDateTime", dateTime(when));
        res.put("recorded", dateTime(when + 600));
        res.put("primarySource", true);
        res.put("lotNumber", (char) ('A' + b.r.nextInt(26)) + "" + (char) ('A' + b.r.nextInt(26)) + (1000 + b.r.nextInt(9000)));
        res.set("site", cc(new Code("http://terminology.hl7.org/CodeSystem/v3-ActSite", "LA", "left arm")));
        ObjectNode perf = res.putArray("performer").addObject();
        perf.set("function", cc(new Code(HL7 + "v2-0443", "AP", "Administering Provider")));
        perf.set("actor", b.staff(who));
        if (dose > 0) {
            res.putArray("protocolApplied").addObject().put("doseNumberPositiveInt", dose);
        }
        return i;
    }

    // ------------------------------------------------------------------ GP

    private static void gp(BundleBuilder b) {
        Person p = b.person;
        SplittableRandom r = b.r;
        List<Staff> gps = RegionCatalogue.staff(b.org.code(), "gp");
        Staff usualGp = gps.get(p.number % gps.size());
        Staff nurse = pick(b, "nurse");
        Staff hca = pick(b, "hca");
        Staff pharmacist = pick(b, "pharmacist");
        long reg = p.registeredDay;

        // long-term conditions, with their medicines
        List<Item> problemItems = new ArrayList<>();
        for (Problem pr : p.problems) {
            long recorded = at(b, Math.max(reg, pr.onsetDay()) + r.nextInt(20), 8, 18);
            long abated = pr.resolved() ? dayBetween(b, pr.onsetDay() + 90, pr.onsetDay() + 900) : -1;
            Item c = condition(b, pr.def().code(), PROBLEM, pr.resolved() && abated > 0, pr.onsetDay(), abated, recorded,
                    gps.get(r.nextInt(gps.size())), null);
            problemItems.add(c);
            for (String key : pr.meds()) {
                Med med = Terminology.MEDS.get(key);
                long start = Math.max(pr.medsFromDay(), reg);
                boolean stopped = pr.resolved() || r.nextInt(100) < 12;
                long end = stopped ? dayBetween(b, start + 60, start + 1500) : -1;
                if (stopped && end <= start) {
                    end = Math.min(Json.TODAY_DAY - 1, start + 30);
                }
                medicationStatement(b, med, stopped ? "stopped" : "active", start, end, c, at(b, stopped ? end : start, 8, 18));
                if (!stopped) {
                    // the latest repeat issue, plus one or two earlier ones
                    int issues = 2 + r.nextInt(3);
                    for (int i = 0; i < issues; i++) {
                        long day = Math.max(start, Json.TODAY_DAY - 20 - i * 56 - r.nextInt(20));
                        medicationRequest(b, med, i == 0 ? "active" : "completed", at(b, day, 8, 18),
                                i == 0 ? usualGp : gps.get(r.nextInt(gps.size())), c, med.repeat(), "community");
                    }
                }
            }
        }
        // short illnesses (including those treated in hospital, from discharge letters)
        for (Episode e : p.episodes) {
            if (e.day() < reg - 365 && r.nextBoolean()) {
                continue;
            }
            long recorded = at(b, Math.max(e.day(), reg), 8, 18);
            Staff doc = gps.get(r.nextInt(gps.size()));
            Item enc = null;
            if (!e.def().hospital()) {
                boolean phone = r.nextInt(100) < 30;
                enc = encounter(b, phone ? VR : AMB, phone ? Terminology.TELEPHONE : Terminology.SYMPTOM_VISIT,
                        "General practice", recorded, recorded + (phone ? 600 : 900), doc, e.def().code());
            }
            Item c = condition(b, e.def().code(), PROBLEM, true, e.day(), e.day() + 7 + r.nextInt(30),
                    e.def().hospital() ? at(b, Math.min(Json.TODAY_DAY - 1, e.day() + 5 + r.nextInt(10)), 8, 18) : recorded + 900,
                    doc, enc);
            if (e.def().med() != null && !e.def().hospital()) {
                Med med = Terminology.MEDS.get(e.def().med());
                medicationRequest(b, med, "completed", recorded + 900, doc, c, false, "community");
                medicationStatement(b, med, "completed", e.day(), Math.min(Json.TODAY_DAY - 1, e.day() + 7), c, recorded + 900);
            }
        }
        // allergies
        for (AllergyFact a : p.allergies) {
            long recorded = at(b, Math.max(a.onsetDay(), reg), 8, 18);
            Item ai = b.item("AllergyIntolerance", recorded);
            ObjectNode res = ai.resource();
            res.set("clinicalStatus", cc(new Code(HL7 + "allergyintolerance-clinical", "active", "Active")));
            res.set("verificationStatus", cc(new Code(HL7 + "allergyintolerance-verification", "confirmed", "Confirmed")));
            res.put("type", "allergy");
            res.putArray("category").add(a.def().category());
            res.put("criticality", a.severity().equals("severe") ? "high" : "low");
            res.set("code", cc(a.def().code()));
            res.set("patient", b.patientRef());
            res.put("onsetDateTime", dateTime(a.onsetDay() * DAY + 12 * 3600));
            res.put("recordedDate", dateTime(recorded));
            res.set("recorder", b.staff(gps.get(r.nextInt(gps.size()))));
            ObjectNode reaction = res.putArray("reaction").addObject();
            reaction.putArray("manifestation").add(cc(a.reaction()));
            reaction.put("severity", a.severity());
        }
        // immunisations
        if (p.age < 6) {
            long d8w = p.birthDay + 56;
            for (int dose = 1; dose <= 3; dose++) {
                long day = d8w + (dose - 1) * 28L;
                if (day < Json.TODAY_DAY - 1) {
                    immunization(b, Terminology.SIX_IN_ONE, at(b, day, 9, 16), nurse, dose);
                    if (dose != 2) {
                        immunization(b, Terminology.MENB, at(b, day, 9, 16), nurse, dose == 1 ? 1 : 2);
                    }
                }
            }
            if (p.birthDay + 366 < Json.TODAY_DAY - 1) {
                immunization(b, Terminology.MMR, at(b, p.birthDay + 366, 9, 16), nurse, 1);
                immunization(b, Terminology.PCV, at(b, p.birthDay + 366, 9, 16), nurse, 2);
            }
        }
        if (p.age >= 2 && p.age < 17 && r.nextInt(100) < 60) {
            immunization(b, Terminology.FLU_CHILD, at(b, dayBetween(b, Json.TODAY_DAY - 400, Json.TODAY_DAY - 330), 9, 16), nurse, 0);
        }
        if (p.age >= 12 && p.age < 20 && r.nextInt(100) < 80) {
            immunization(b, Terminology.HPV, at(b, p.birthDay + 12 * 365 + 200, 9, 16), nurse, 1);
        }
        if (p.age >= 14 && p.age < 25 && r.nextInt(100) < 70) {
            immunization(b, Terminology.MENACWY, at(b, p.birthDay + 14 * 365 + 200, 9, 16), nurse, 0);
        }
        boolean atRisk = p.age >= 65 || p.has("195967001") || p.has("13645005") || p.has("44054006") || p.has("84114007");
        if (p.age >= 18 && (atRisk || r.nextInt(100) < 15)) {
            int seasons = atRisk ? 2 + r.nextInt(4) : 1;
            for (int s = 0; s < seasons; s++) {
                long day = java.time.LocalDate.of(2025 - s, 10, 1).toEpochDay() + r.nextInt(50);
                if (day > p.birthDay + 18 * 365 && day > reg) {
                    immunization(b, Terminology.FLU, at(b, day, 9, 17), nurse, 0);
                }
            }
        }
        if (p.age >= 18) {
            int doses = p.age >= 75 ? 3 + r.nextInt(3) : p.age >= 50 ? 2 + r.nextInt(2) : r.nextInt(100) < 70 ? 2 : 0;
            for (int d = 0; d < doses; d++) {
                long day = java.time.LocalDate.of(2021, 2, 1).toEpochDay() + d * 180L + r.nextInt(60);
                if (day < Json.TODAY_DAY - 1) {
                    immunization(b, Terminology.COVID, at(b, day, 9, 17), r.nextBoolean() ? nurse : pharmacist, d + 1);
                }
            }
        }
        if (p.age >= 66 && r.nextInt(100) < 70) {
            immunization(b, Terminology.PPV23, at(b, dayBetween(b, p.birthDay + 65 * 365, Json.TODAY_DAY - 30), 9, 17), nurse, 0);
        }
        if (p.age >= 70 && p.age < 80 && r.nextInt(100) < 50) {
            immunization(b, Terminology.SHINGLES, at(b, dayBetween(b, p.birthDay + 70 * 365, Json.TODAY_DAY - 30), 9, 17), nurse, 1);
        }
        // reviews and measurements
        if (p.age >= 16) {
            int reviews = Math.min(8, 2 + p.problems.size() + (p.age >= 40 ? 1 : 0));
            for (int i = 0; i < reviews; i++) {
                long when = at(b, dayBetween(b, Math.max(reg, Json.TODAY_DAY - 5 * 365), Json.TODAY_DAY - 2), 8, 18);
                Staff who = r.nextInt(100) < 70 ? nurse : hca;
                Item enc = encounter(b, AMB, p.problems.isEmpty() ? Terminology.CHECK_UP : Terminology.FOLLOW_UP,
                        "General practice", when, when + 1200, who, null);
                bloodPressure(b, when + 300, who, enc);
                if (i == 0 || r.nextInt(100) < 30) {
                    double height = p.female ? 163 + r.nextGaussian() * 6 : 176 + r.nextGaussian() * 7;
                    double bmi = (p.has("414916001") ? 33 : 26) + r.nextGaussian() * 3.5;
                    bmi = Math.max(17, bmi);
                    double weight = bmi * (height / 100) * (height / 100);
                    vital(b, Terminology.HEIGHT, height, 0, "cm", "cm", when + 360, who, enc, VITALS);
                    vital(b, Terminology.WEIGHT, weight, 1, "kg", "kg", when + 420, who, enc, VITALS);
                    vital(b, Terminology.BMI, bmi, 1, "kg/m2", "kg/m2", when + 480, who, enc, VITALS);
                }
                if (p.has("44054006") || p.has("46635009")) {
                    Lab lab = Terminology.LABS.get("hba1c");
                    double v = 52 + r.nextGaussian() * 10;
                    Item o = vital(b, lab.code(), Math.max(36, v), 0, lab.unit(), lab.ucum(), when + 540, who, enc, LABORATORY);
                    ((ObjectNode) o.resource()).putArray("interpretation").add(cc(interpretation(v, lab)));
                    o.resource().putArray("referenceRange").addObject().set("high", Json.quantity(lab.high(), 0, lab.unit(), lab.ucum()));
                }
            }
            Item smoking = b.item("Observation", at(b, dayBetween(b, Math.max(reg, Json.TODAY_DAY - 3 * 365), Json.TODAY_DAY - 2), 8, 18));
            ObjectNode res = smoking.resource();
            res.put("status", "final");
            res.putArray("category").add(cc(SOCIAL));
            res.set("code", cc(Terminology.SMOKING));
            subject(res, b);
            res.put("effectiveDateTime", res.get("meta").get("lastUpdated").asText());
            res.set("valueCodeableConcept", cc(p.smoking == 2 ? Terminology.SMOKER : p.smoking == 1 ? Terminology.EX_SMOKER
                    : Terminology.NEVER_SMOKED));
        }
        // routine consultations without a recorded problem
        int consults = p.age < 5 ? 3 + r.nextInt(3) : 2 + r.nextInt(4) + (p.age >= 65 ? 3 : 0) + Math.min(4, p.problems.size());
        for (int i = 0; i < consults; i++) {
            long when = at(b, dayBetween(b, Math.max(reg, Json.TODAY_DAY - 4 * 365), Json.TODAY_DAY - 2), 8, 18);
            boolean phone = r.nextInt(100) < 35;
            Problem about = p.problems.isEmpty() ? null : p.problems.get(r.nextInt(p.problems.size()));
            encounter(b, phone ? VR : AMB, phone ? Terminology.TELEPHONE : Terminology.CONSULTATION, "General practice", when,
                    when + (phone ? 480 : 600), r.nextInt(100) < 80 ? usualGp : gps.get(r.nextInt(gps.size())),
                    about == null ? null : about.def().code());
        }
        // booked appointments
        int future = r.nextInt(100) < (p.problems.isEmpty() ? 20 : 60) ? 1 + (r.nextInt(100) < 25 ? 1 : 0) : 0;
        for (int i = 0; i < future; i++) {
            long day = Json.TODAY_DAY + 1 + r.nextInt(60);
            boolean review = !p.problems.isEmpty() && r.nextBoolean();
            Staff with = review ? nurse : usualGp;
            long start = day * DAY + (8 + r.nextInt(9)) * 3600L + r.nextInt(6) * 600L;
            appointment(b, "General practice", review ? "Long-term condition review" : "GP appointment", start, review ? 20 : 10, with,
                    true, at(b, Json.TODAY_DAY - 1 - r.nextInt(20), 8, 18));
        }
        // care team for people with long-term conditions
        if (!p.problems.isEmpty() || p.age >= 75) {
            careTeam(b, b.org.name() + " care team", reg, usualGp, nurse);
        }
        if (r.nextInt(100) < 6) {
            String[][] flags = {{"admin", "Administrative", "Requires interpreter"}, {"clinical", "Clinical", "Hearing impaired: use written communication"},
                    {"safety", "Safety", "Lives alone"}, {"admin", "Administrative", "Has a nominated carer"},
                    {"clinical", "Clinical", "On anticoagulant therapy"}};
            String[] f = flags[r.nextInt(flags.length)];
            flag(b, f[0], f[1], f[2], dayBetween(b, reg, Json.TODAY_DAY - 2), usualGp);
        }
    }

    private static Code interpretation(double v, Lab lab) {
        if (lab.low() != null && v < lab.low()) {
            return new Code(HL7 + "v3-ObservationInterpretation", "L", "Low");
        }
        if (lab.high() != null && v > lab.high()) {
            return new Code(HL7 + "v3-ObservationInterpretation", "H", "High");
        }
        return new Code(HL7 + "v3-ObservationInterpretation", "N", "Normal");
    }

    // ------------------------------------------------------------------ acute trust

    private static final String[] SPECIALTIES = {"General medicine", "Cardiology", "Respiratory medicine", "Gastroenterology",
            "Care of the elderly", "Trauma and orthopaedics", "General surgery", "Endocrinology"};

    private static void acute(BundleBuilder b) {
        Person p = b.person;
        SplittableRandom r = b.r;
        boolean main = b.org.code().equals(p.area.mainAcute());
        int contacts = main ? 1 + r.nextInt(3) + (p.age >= 65 ? r.nextInt(3) : 0) + (p.problems.size() >= 3 ? 1 : 0) : 1 + r.nextInt(2);
        List<Episode> hospitalEpisodes = new ArrayList<>();
        for (Episode e : p.episodes) {
            if (e.def().hospital()) {
                hospitalEpisodes.add(e);
            }
        }
        for (int c = 0; c < contacts; c++) {
            int kindRoll = r.nextInt(100);
            int ipShare = p.age >= 65 ? 35 : 20;
            Episode ep = null;
            if (!hospitalEpisodes.isEmpty() && (c == 0 || r.nextBoolean())) {
                ep = hospitalEpisodes.remove(r.nextInt(hospitalEpisodes.size()));
            }
            if (ep != null) {
                if (kindRoll < 50 + ipShare) {
                    inpatientOrEd(b, ep.def().code(), ep.day(), kindRoll < ipShare + 20);
                } else {
                    inpatientOrEd(b, ep.def().code(), ep.day(), false);
                }
            } else if (kindRoll < 45 || p.problems.isEmpty()) {
                Terminology.Acute def = Terminology.ACUTE.get(12 + r.nextInt(Terminology.ACUTE.size() - 12));
                if (def.minAge() > p.age) {
                    def = Terminology.ACUTE.get(14); // sprain of ankle
                    if (def.minAge() > p.age) {
                        def = Terminology.ACUTE.get(12);
                    }
                }
                inpatientOrEd(b, def.code(), dayBetween(b, Json.TODAY_DAY - 6 * 365, Json.TODAY_DAY - 2), kindRoll < ipShare);
            } else {
                outpatient(b, p.problems.get(r.nextInt(p.problems.size())));
            }
        }
    }

    private static void inpatientOrEd(BundleBuilder b, Code reason, long day, boolean admitted) {
        SplittableRandom r = b.r;
        Staff consultant = pick(b, "consultant");
        Staff junior = pick(b, "junior");
        long arrive = at(b, day, 0, 23);
        long end = admitted ? Math.min(Json.NOW - 7200, arrive + (1 + r.nextInt(9)) * DAY + r.nextInt(8) * 3600L)
                : Math.min(Json.NOW - 7200, arrive + 2 * 3600 + r.nextInt(5) * 3600L);
        if (end <= arrive) {
            end = arrive + 3600;
        }
        String specialty = SPECIALTIES[r.nextInt(SPECIALTIES.length)];
        Item enc = encounter(b, admitted ? IMP : EMER, admitted ? Terminology.EMERGENCY_ADMISSION : Terminology.ED_VISIT,
                admitted ? specialty : "Emergency medicine", arrive, end, admitted ? consultant : junior, reason);
        ObjectNode encRes = enc.resource();
        if (admitted) {
            ((ArrayNode) encRes.get("participant")).add(participant(b, ADM, junior));
        }
        Item dx = condition(b, reason, DIAGNOSIS, true, day, Math.min(Json.TODAY_DAY - 1, end / DAY + 7), end - 1800,
                admitted ? consultant : junior, enc);
        ObjectNode diag = encRes.putArray("diagnosis").addObject();
        diag.set("condition", dx.ref());
        diag.set("use", cc(new Code(HL7 + "diagnosis-role", "DD", "Discharge diagnosis")));
        diag.put("rank", 1);
        String disposition = "home";
        if (admitted) {
            ObjectNode hosp = encRes.putObject("hospitalization");
            hosp.set("admitSource", cc(new Code(HL7 + "admit-source", "emd", "From accident/emergency department")));
            int roll = r.nextInt(100);
            disposition = b.person.age >= 80 && roll < 15 ? "snf" : roll < 5 ? "rehab" : "home";
            String display = switch (disposition) {
                case "snf" -> "Skilled nursing facility";
                case "rehab" -> "Rehabilitation";
                default -> "Home";
            };
            hosp.set("dischargeDisposition", cc(new Code(HL7 + "discharge-disposition", disposition, display)));
        }
        // labs
        List<String> panels = new ArrayList<>();
        panels.add("FBC");
        panels.add("UE");
        if (r.nextBoolean() || admitted) {
            panels.add("CRP");
        }
        if (admitted && r.nextBoolean()) {
            panels.add("LFT");
        }
        if (reason.code().equals("29857009")) {
            panels.add("TROP");
        }
        if (b.person.has("84114007") && admitted) {
            panels.add("BNP");
        }
        long sampled = arrive + 1800 + r.nextInt(6) * 600L;
        for (String panel : panels) {
            labPanel(b, panel, sampled, junior, enc);
        }
        // procedures
        Code proc = switch (reason.code()) {
            case "74400008" -> Terminology.APPENDICECTOMY;
            case "235919008" -> admitted ? Terminology.CHOLECYSTECTOMY : Terminology.ULTRASOUND;
            case "5913000" -> Terminology.HIP_REPLACEMENT;
            case "29857009" -> Terminology.ECG;
            case "233604007", "91302008" -> Terminology.XRAY_CHEST;
            case "65966004", "44465007" -> new Code(Terminology.SNOMED, "168537006", "Plain radiography");
            case "62106007" -> Terminology.CT;
            default -> r.nextInt(100) < 30 ? Terminology.XRAY_CHEST : null;
        };
        if (proc != null) {
            long when = Math.min(end - 1800, sampled + 3600 + r.nextInt(admitted ? 24 : 2) * 1800L);
            Item pr = b.item("Procedure", when + 1800);
            ObjectNode res = pr.resource();
            res.put("status", "completed");
            res.set("code", cc(proc));
            subject(res, b);
            res.set("encounter", enc.ref());
            res.put("performedDateTime", dateTime(when));
            res.set("recorder", b.staff(junior));
            res.putArray("performer").addObject().set("actor", b.staff(proc == Terminology.ECG ? pick(b, "nurse") : consultant));
            res.putArray("reasonReference").add(dx.ref());
        }
        // discharge letter
        Person p = b.person;
        String patientLine = "Patient: " + p.fullName() + ", born " + Json.date(p.birthDay) + ", NHS number "
                + new NhsNumber(p.nhsNumber).formatted();
        String body = "Dear " + RegionCatalogue.staff(p.gp.code(), "gp").get(p.number % 4).fullName() + ",\n" + patientLine + "\n"
                + (admitted ? "Admitted on " + Json.date(arrive / DAY) + " under " + consultant.fullName() + " (" + specialty + "), discharged "
                + Json.date(end / DAY) + "." : "Seen in the Emergency Department on " + Json.date(arrive / DAY) + ".")
                + "\nDiagnosis: " + reason.display() + ".\n"
                + (proc != null ? "Procedure: " + proc.display() + ".\n" : "")
                + "Investigations: " + String.join(", ", panels) + " as reported electronically.\n"
                + "Plan: " + (disposition.equals("home") ? "discharged home; GP to review in two weeks." : "discharged for ongoing care and rehabilitation.")
                + "\nYours sincerely,\n" + (admitted ? consultant : junior).fullName();
        document(b, admitted ? Terminology.DISCHARGE_SUMMARY : Terminology.ENCOUNTER_REPORT,
                admitted ? "Inpatient discharge summary" : "Emergency Department discharge letter", body, r.nextBoolean(), end + 3600,
                admitted ? consultant : junior, enc);
    }

    private static void outpatient(BundleBuilder b, Problem about) {
        SplittableRandom r = b.r;
        Staff consultant = pick(b, "consultant");
        long when = at(b, dayBetween(b, Math.max(about.onsetDay(), Json.TODAY_DAY - 5 * 365), Json.TODAY_DAY - 2), 9, 17);
        String specialty = SPECIALTIES[r.nextInt(SPECIALTIES.length)];
        Item enc = encounter(b, AMB, Terminology.CONSULTATION, specialty + " outpatient clinic", when, when + 1800, consultant,
                about.def().code());
        if (r.nextInt(100) < 40) {
            condition(b, about.def().code(), DIAGNOSIS, false, about.onsetDay(), -1, when + 1800, consultant, enc);
        }
        if (r.nextInt(100) < 60) {
            String panel = about.def().code().code().equals("44054006") ? "HBA1C" : about.def().code().code().equals("40930008") ? "TFT"
                    : about.def().code().code().equals("55822004") ? "LIPID" : r.nextBoolean() ? "UE" : "FBC";
            labPanel(b, panel, when + 2400, consultant, enc);
        }
        if (r.nextInt(100) < 20) {
            Code proc = about.def().code().code().equals("84114007") || about.def().code().code().equals("49436004")
                    ? Terminology.ECHO : r.nextBoolean() ? Terminology.ULTRASOUND : Terminology.ECG;
            Item pr = b.item("Procedure", when + 3600);
            ObjectNode res = pr.resource();
            res.put("status", "completed");
            res.set("code", cc(proc));
            subject(res, b);
            res.set("encounter", enc.ref());
            res.put("performedDateTime", dateTime(when + 2700));
            res.putArray("performer").addObject().set("actor", b.staff(consultant));
        }
        Person p = b.person;
        String body = "Dear " + RegionCatalogue.staff(p.gp.code(), "gp").get(p.number % 4).fullName() + ",\n"
                + "Re: " + p.fullName() + ", born " + Json.date(p.birthDay) + "\n"
                + "I reviewed " + (p.female ? "Mrs/Ms " : "Mr ") + p.family + " in the " + specialty + " clinic today regarding "
                + about.def().code().display().toLowerCase() + ".\n"
                + "Current treatment is to continue. We will see them again in six months.\nYours sincerely,\n" + consultant.fullName();
        document(b, Terminology.CONSULTATION_REPORT, specialty + " clinic letter", body, r.nextBoolean(), Math.min(when + 2 * DAY, Json.NOW - 600), consultant, enc);
    }

    private static void labPanel(BundleBuilder b, String key, long sampled, Staff requester, Item enc) {
        SplittableRandom r = b.r;
        Person p = b.person;
        Panel panel = switch (key) {
            case "FBC" -> Terminology.PANELS.get(0);
            case "UE" -> Terminology.PANELS.get(1);
            case "LFT" -> Terminology.PANELS.get(2);
            case "LIPID" -> Terminology.PANELS.get(3);
            case "TFT" -> Terminology.PANELS.get(4);
            case "HBA1C" -> Terminology.PANELS.get(5);
            case "CRP" -> Terminology.PANELS.get(6);
            case "TROP" -> Terminology.PANELS.get(7);
            case "BNP" -> Terminology.PANELS.get(10);
            default -> Terminology.PANELS.get(11);
        };
        Staff scientist = pick(b, "scientist");
        long issued = sampled + 3600 + r.nextInt(6) * 600L;
        Item sr = b.item("ServiceRequest", sampled - 600);
        ObjectNode srRes = sr.resource();
        srRes.put("status", "completed");
        srRes.put("intent", "order");
        srRes.putArray("category").add(cc(Terminology.LAB_PROCEDURE));
        srRes.set("code", cc(panel.code()));
        subject(srRes, b);
        srRes.set("encounter", enc.ref());
        srRes.put("authoredOn", dateTime(sampled - 900));
        srRes.set("requester", b.staff(requester));
        List<Item> results = new ArrayList<>();
        for (String test : panel.tests()) {
            Lab lab = Terminology.LABS.get(test);
            double v = lab.mean() + r.nextGaussian() * lab.sd();
            if (test.equals("creat") && p.has("709044004")) {
                v += 60;
            }
            if (test.equals("egfr") && p.has("709044004")) {
                v = 30 + r.nextInt(25);
            }
            if (test.equals("hba1c") && p.has("44054006")) {
                v += 14;
            }
            if ((test.equals("crp") || test.equals("wbc")) && r.nextInt(100) < 40) {
                v += test.equals("crp") ? 40 + r.nextInt(120) : 5;
            }
            if (test.equals("bnp") && p.has("84114007")) {
                v += 1200;
            }
            v = Math.max(test.equals("crp") ? 1 : lab.mean() * 0.2, v);
            v = BigRound.round(v, lab.decimals());
            Item o = b.item("Observation", issued);
            ObjectNode res = o.resource();
            res.put("status", "final");
            res.putArray("category").add(cc(LABORATORY));
            res.set("code", cc(lab.code()));
            subject(res, b);
            res.set("encounter", enc.ref());
            res.put("effectiveDateTime", dateTime(sampled));
            res.put("issued", dateTime(issued));
            res.putArray("performer").add(b.staff(scientist));
            res.set("valueQuantity", Json.quantity(v, lab.decimals(), lab.unit(), lab.ucum()));
            res.putArray("interpretation").add(cc(interpretation(v, lab)));
            ObjectNode range = res.putArray("referenceRange").addObject();
            if (lab.low() != null) {
                range.set("low", Json.quantity(lab.low(), lab.decimals(), lab.unit(), lab.ucum()));
            }
            if (lab.high() != null) {
                range.set("high", Json.quantity(lab.high(), lab.decimals(), lab.unit(), lab.ucum()));
            }
            results.add(o);
        }
        Item dr = b.item("DiagnosticReport", issued);
        ObjectNode res = dr.resource();
        res.putArray("basedOn").add(sr.ref());
        res.put("status", "final");
        res.putArray("category").add(cc(new Code(HL7 + "v2-0074", panel.department(), panel.department().equals("HM") ? "Hematology" : "Chemistry")));
        res.set("code", cc(panel.code()));
        subject(res, b);
        res.set("encounter", enc.ref());
        res.put("effectiveDateTime", dateTime(sampled));
        res.put("issued", dateTime(issued));
        res.putArray("performer").add(b.staff(requester));
        res.putArray("resultsInterpreter").add(b.staff(scientist));
        ArrayNode result = res.putArray("result");
        for (Item o : results) {
            result.add(o.ref());
        }
    }

    /** Rounding without BigDecimal allocation in the hot path. */
    private static final class BigRound {
        static double round(double v, int decimals) {
            double f = decimals == 0 ? 1 : decimals == 1 ? 10 : 100;
            return Math.round(v * f) / f;
        }
    }

    // ------------------------------------------------------------------ community

    private static void community(BundleBuilder b) {
        Person p = b.person;
        SplittableRandom r = b.r;
        boolean child = p.age < 18;
        boolean nursing = !child && (p.age >= 70 || r.nextInt(100) < 40);
        String type = child ? "School nursing" : nursing ? "District nursing" : "Community physiotherapy";
        Staff lead = pick(b, nursing || child ? "nurse" : "physio");
        Staff second = pick(b, nursing ? "nurse" : child ? "nurse" : "ot");
        long start = dayBetween(b, Json.TODAY_DAY - 2 * 365, Json.TODAY_DAY - 40);
        boolean finished = !nursing && r.nextInt(100) < 60;
        long end = finished ? dayBetween(b, start + 30, Json.TODAY_DAY - 2) : -1;
        Item team = careTeam(b, type + " team", start, lead, second);
        Item eoc = episodeOfCare(b, type, start, end, lead, team);
        carePlan(b, type + " care plan", null, nursing ? "Support with wound care and medicines at home; monitor skin integrity."
                : child ? "Health assessment and support in school." : "Improve mobility and strength; home exercise programme.",
                start, lead, team, nursing ? new String[] {"Dressing change twice weekly", "Pressure area checks", "Review of pain control"}
                        : new String[] {"Weekly exercise session", "Falls risk advice"});
        int visits = 3 + r.nextInt(nursing ? 9 : 5);
        long last = finished ? end : Json.TODAY_DAY - 2;
        for (int i = 0; i < visits; i++) {
            long day = start + (long) ((last - start) * (i + r.nextDouble()) / visits);
            long when = at(b, day, 9, 17);
            Staff who = r.nextInt(100) < 70 ? lead : second;
            Item enc = encounter(b, nursing ? HH : AMB, nursing ? Terminology.HOME_VISIT : Terminology.FOLLOW_UP, type, when,
                    when + 1800 + r.nextInt(4) * 600L, who, null);
            enc.resource().putArray("episodeOfCare").add(eoc.ref());
            if (nursing && r.nextInt(100) < 60) {
                String[] notes = {"Wound to left lower leg 3cm x 2cm, granulating, moderate exudate. Dressing renewed.",
                        "Wound healing well, edges epithelialising, no signs of infection.",
                        "Sacral skin intact, grade 1 redness resolved with repositioning.",
                        "Leg ulcer measuring 4cm x 3cm, sloughy base, cleansed and redressed. Compression applied."};
                note(b, "Wound assessment", notes[r.nextInt(notes.length)], when + 600, who, enc);
                if (r.nextBoolean()) {
                    Item pr = b.item("Procedure", when + 1800);
                    ObjectNode res = pr.resource();
                    res.put("status", "completed");
                    res.set("code", cc(Terminology.WOUND_CARE));
                    subject(res, b);
                    res.set("encounter", enc.ref());
                    res.put("performedDateTime", dateTime(when + 900));
                    res.putArray("performer").addObject().set("actor", b.staff(who));
                }
            } else if (!child && r.nextBoolean()) {
                integerScore(b, Terminology.PAIN, SURVEY, r.nextInt(8), when + 300, who, enc);
            }
        }
    }

    // ------------------------------------------------------------------ mental health

    private static void mentalHealth(BundleBuilder b) {
        Person p = b.person;
        SplittableRandom r = b.r;
        List<Problem> mh = new ArrayList<>();
        for (Problem pr : p.problems) {
            if (pr.def().mental()) {
                mh.add(pr);
            }
        }
        Staff psychiatrist = pick(b, "psychiatrist");
        Staff nurse = pick(b, "nurse");
        Staff other = pick(b, r.nextBoolean() ? "psychologist" : "socialworker");
        long start = dayBetween(b, Json.TODAY_DAY - 4 * 365, Json.TODAY_DAY - 60);
        boolean dementia = p.has("52448006");
        boolean serious = p.has("58214004") || p.has("13746004");
        String type = p.age < 18 ? "Child and adolescent mental health service" : dementia ? "Memory assessment service"
                : serious ? "Community mental health team (psychosis)" : "Community mental health team";
        List<Item> conditions = new ArrayList<>();
        if (mh.isEmpty()) {
            Code code = r.nextBoolean() ? Terminology.DEPRESSION : Terminology.ANXIETY;
            Item c = condition(b, code, DIAGNOSIS, false, start, -1, at(b, start, 9, 17), psychiatrist, null);
            conditions.add(c);
        }
        for (Problem pr : mh) {
            Item c = condition(b, pr.def().code(), PROBLEM, pr.resolved(), Math.max(pr.onsetDay(), p.birthDay + 1),
                    pr.resolved() ? Math.min(Json.TODAY_DAY - 1, pr.onsetDay() + 400) : -1,
                    at(b, Math.max(start, pr.onsetDay()), 9, 17), psychiatrist, null);
            if (serious || r.nextInt(100) < 40) {
                BundleBuilder.restricted(c);
            }
            conditions.add(c);
        }
        Item team = careTeam(b, type, start, psychiatrist, nurse, other);
        Item eoc = episodeOfCare(b, type, start, -1, nurse, team);
        ObjectNode diag = ((ObjectNode) eoc.resource()).putArray("diagnosis").addObject();
        diag.set("condition", conditions.get(0).ref());
        diag.put("rank", 1);
        Item crisis = carePlan(b, "Crisis and contingency plan", "Mental health crisis plan",
                "Early warning signs: poor sleep, withdrawal, stopping medication. In crisis contact the 24/7 crisis line on 0151 496 0777.",
                start + 14, nurse, team, "Weekly contact with care coordinator", "Medication review with psychiatrist every three months",
                "Carer to contact crisis line if early warning signs are noticed");
        crisis.resource().putArray("addresses").add(conditions.get(0).ref());
        if (serious || r.nextBoolean()) {
            BundleBuilder.restricted(crisis);
        }
        int visits = 3 + r.nextInt(8);
        for (int i = 0; i < visits; i++) {
            long day = start + (long) ((Json.TODAY_DAY - 2 - start) * (i + r.nextDouble()) / visits);
            long when = at(b, day, 9, 17);
            Staff who = i % 3 == 0 ? psychiatrist : r.nextBoolean() ? nurse : other;
            Item enc = encounter(b, r.nextInt(100) < 30 ? HH : AMB, i % 3 == 0 ? Terminology.CONSULTATION : Terminology.FOLLOW_UP, type,
                    when, when + 2700, who, null);
            enc.resource().putArray("episodeOfCare").add(eoc.ref());
            if (serious && r.nextInt(100) < 30) {
                BundleBuilder.restricted(enc);
            }
            if (!dementia && p.age >= 16 && r.nextInt(100) < 40) {
                boolean anxiety = p.has("197480006");
                integerScore(b, anxiety ? Terminology.GAD7 : Terminology.PHQ9, SURVEY, 4 + r.nextInt(anxiety ? 16 : 22), when + 600, who, enc);
            }
        }
        if (r.nextInt(100) < 40) {
            String[] risks = {"Risk of self-harm", "Risk of harm to others: do not visit alone", "Safeguarding concern",
                    "Risk of absconding"};
            Item f = flag(b, "behavioral", "Behavioral", risks[r.nextInt(risks.length)], start + r.nextInt(60), psychiatrist);
            BundleBuilder.restricted(f);
        }
    }

    // ------------------------------------------------------------------ hospice

    private static void hospice(BundleBuilder b) {
        Person p = b.person;
        SplittableRandom r = b.r;
        Staff consultant = pick(b, "consultant");
        Staff nurse = pick(b, "nurse");
        long start = dayBetween(b, Json.TODAY_DAY - 400, Json.TODAY_DAY - 20);
        Item team = careTeam(b, "Specialist palliative care team", start, consultant, nurse);
        episodeOfCare(b, "Specialist palliative care", start, -1, nurse, team);
        String place = r.nextBoolean() ? "home" : "the hospice";
        carePlan(b, "Advance care plan", "End of life care", "Preferred place of care and death: " + place
                        + ". Do not attempt cardiopulmonary resuscitation decision discussed and recorded. Anticipatory medicines in place.",
                start + 7, consultant, team, "Symptom control review weekly", "Carer support and respite", "Anticipatory medicines at home");
        relatedPerson(b, "Next of kin", at(b, start, 9, 17));
        Med morphine = Terminology.MEDS.get(r.nextBoolean() ? "morphine-mr" : "morphine-mr-caps");
        medicationRequest(b, morphine, "active", at(b, start + 10, 9, 17), consultant, null, true, "community");
        int visits = 2 + r.nextInt(5);
        Item lastEnc = null;
        for (int i = 0; i < visits; i++) {
            long day = start + (long) ((Json.TODAY_DAY - 2 - start) * (i + r.nextDouble()) / visits);
            long when = at(b, day, 9, 17);
            Staff who = i == 0 ? consultant : nurse;
            lastEnc = encounter(b, r.nextBoolean() ? HH : AMB, i == 0 ? Terminology.CONSULTATION : Terminology.HOME_VISIT,
                    "Palliative care", when, when + 3600, who, null);
            integerScore(b, Terminology.PAIN, SURVEY, r.nextInt(9), when + 600, who, lastEnc);
        }
        String body = "Palliative care summary for " + p.fullName() + " (born " + Json.date(p.birthDay) + ").\n"
                + "Known to " + b.org.name() + " since " + Json.date(start) + ".\n"
                + "Preferred place of care: " + place + ". Family aware of prognosis.\n"
                + "Symptoms: pain controlled on " + morphine.code().display() + ". Appetite reduced.\n"
                + "Next of kin: " + p.kinGiven + " " + p.kinFamily + " (" + p.kinRelationDisplay + "), " + p.kinPhone + ".";
        long written = at(b, Math.max(start + 1, Json.TODAY_DAY - 1 - r.nextInt(10)), 9, 17);
        document(b, Terminology.ENCOUNTER_REPORT, "Palliative care summary", body, false, written, consultant, lastEnc);
    }

    // ------------------------------------------------------------------ ambulance

    private static final String[] CALL_REASONS = {"Fall at home", "Breathing difficulty", "Chest pain", "Collapse",
            "Road traffic collision", "Unwell adult", "Seizure", "Abdominal pain"};

    private static void ambulance(BundleBuilder b) {
        Person p = b.person;
        SplittableRandom r = b.r;
        int incidents = 1 + (r.nextInt(100) < 35 ? 1 + r.nextInt(2) : 0);
        for (int i = 0; i < incidents; i++) {
            Staff crew = pick(b, "paramedic");
            Staff tech = pick(b, "technician");
            long day = dayBetween(b, Json.TODAY_DAY - 5 * 365, Json.TODAY_DAY - 1);
            long call = at(b, day, 0, 24);
            long end = call + 3600 + r.nextInt(6) * 600L;
            if (end > Json.NOW - 600) {
                end = Json.NOW - 600;
                call = end - 3600;
            }
            String reason = CALL_REASONS[r.nextInt(CALL_REASONS.length)];
            boolean conveyed = r.nextInt(100) < 65;
            Item enc = b.item("Encounter", end + 600);
            ObjectNode res = enc.resource();
            res.put("status", "finished");
            res.set("class", Json.coding(EMER));
            res.putArray("type").add(text("Emergency ambulance response"));
            res.set("serviceType", text("Emergency and urgent care (999)"));
            subject(res, b);
            ArrayNode parts = res.putArray("participant");
            parts.add(participant(b, PPRF, crew));
            parts.add(participant(b, ATND, tech));
            res.set("period", Json.period(call, end));
            res.putArray("reasonCode").add(text(reason));
            res.putObject("hospitalization").set("dischargeDisposition", text(conveyed
                    ? "Conveyed to " + RegionCatalogue.byCode(p.area.mainAcute()).name() + " emergency department"
                    : "Treated at scene, referred to GP"));
            res.set("serviceProvider", Json.ods(b.org));
            long obs = call + 900;
            int hr = (int) (82 + r.nextGaussian() * 15);
            int rr = (int) (18 + r.nextGaussian() * 4);
            int spo2 = Math.min(100, (int) (96 + r.nextGaussian() * 2));
            double temp = 36.9 + r.nextGaussian() * 0.6;
            vital(b, Terminology.HEART_RATE, hr, 0, "beats/minute", "/min", obs, crew, enc, VITALS);
            vital(b, Terminology.RESP_RATE, rr, 0, "breaths/minute", "/min", obs, crew, enc, VITALS);
            vital(b, Terminology.SPO2, spo2, 0, "%", "%", obs, crew, enc, VITALS);
            vital(b, Terminology.TEMPERATURE, temp, 1, "degrees C", "Cel", obs, crew, enc, VITALS);
            bloodPressure(b, obs, crew, enc);
            integerScore(b, Terminology.GCS, EXAM, r.nextInt(100) < 85 ? 15 : 12 + r.nextInt(3), obs, crew, enc);
            int news = Math.max(0, (hr > 110 ? 2 : hr > 90 ? 1 : 0) + (rr > 24 ? 3 : rr > 20 ? 2 : 0) + (spo2 < 92 ? 3 : spo2 < 94 ? 2 : spo2 < 96 ? 1 : 0)
                    + (temp > 39 ? 2 : temp > 38 ? 1 : 0));
            integerScore(b, Terminology.NEWS2, SURVEY, news, obs + 60, crew, enc);
            String body = "Incident: " + reason + "\nCall received " + dateTime(call) + "\n"
                    + "Patient: " + p.given + " " + p.family + ", age " + p.age + "\n"
                    + "Observations: HR " + hr + ", RR " + rr + ", SpO2 " + spo2 + "%, temp " + Math.round(temp * 10) / 10.0 + ", NEWS2 " + news + "\n"
                    + "Outcome: " + (conveyed ? "conveyed to hospital" : "treated at scene, safety-netting advice given, GP to follow up") + "\n"
                    + "Crew: " + crew.fullName() + ", " + tech.fullName();
            document(b, Terminology.ENCOUNTER_REPORT, "Patient report form", body, false, end, crew, enc);
        }
    }

    // ------------------------------------------------------------------ social care

    private static void socialCare(BundleBuilder b) {
        Person p = b.person;
        SplittableRandom r = b.r;
        Staff worker = pick(b, "socialworker");
        Staff ot = pick(b, "ot");
        long start = dayBetween(b, Json.TODAY_DAY - 3 * 365, Json.TODAY_DAY - 45);
        Item team = careTeam(b, "Adult social care team", start, worker, ot);
        // the care agency delivering the package
        String[] agencies = {"Riverside Home Care Ltd", "Mersey Homecare Services", "Wirral Community Carers CIC", "Weaver Care at Home"};
        ObjectNode agency = ((ArrayNode) team.resource().get("participant")).addObject();
        agency.putArray("role").add(text("Domiciliary care provider"));
        agency.putObject("member").put("display", agencies[r.nextInt(agencies.length)]);
        Item eoc = episodeOfCare(b, "Adult social care: Care Act assessment and support", start, -1, worker, team);
        int calls = 1 + r.nextInt(4);
        carePlan(b, "Care and support plan", "Social care", "Package of " + calls + " home care visit" + (calls > 1 ? "s" : "")
                        + " a day for personal care, meals and medication prompting. Carer support plan in place.", start + 21, worker, team,
                "Home care " + calls + " times daily", "Community alarm (pendant) installed", "Carer's assessment offered");
        relatedPerson(b, "Carer", at(b, start, 9, 17));
        int assessments = 1 + r.nextInt(3);
        for (int i = 0; i < assessments; i++) {
            long when = at(b, dayBetween(b, start, Json.TODAY_DAY - 2), 9, 17);
            Item enc = encounter(b, HH, Terminology.HOME_VISIT, "Adult social care", when, when + 3600, i == 0 ? worker : r.nextBoolean() ? worker : ot,
                    null);
            enc.resource().putArray("reasonCode").add(cc(Terminology.NEEDS_ASSESSMENT));
            enc.resource().putArray("episodeOfCare").add(eoc.ref());
        }
        long past = at(b, dayBetween(b, start + 180, Json.TODAY_DAY - 2), 9, 16);
        if (past < Json.NOW - DAY && past / DAY > start + 100) {
            appointment(b, "Adult social care", "Care and support plan review", past, 60, worker, false, past - 14 * DAY);
        }
        long next = (Json.TODAY_DAY + 7 + r.nextInt(120)) * DAY + (10 + r.nextInt(5)) * 3600L;
        appointment(b, "Adult social care", "Annual care and support plan review", next, 60, worker, true, at(b, Json.TODAY_DAY - 1 - r.nextInt(30), 9, 17));
    }
}
