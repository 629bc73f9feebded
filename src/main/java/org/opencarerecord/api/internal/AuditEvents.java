package org.opencarerecord.api.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opencarerecord.audit.AuditActor;
import org.opencarerecord.audit.AuditEntry;
import org.opencarerecord.audit.AuditRecord;
import org.opencarerecord.platform.FhirJson;

/**
 * An access log entry as a FHIR R4 AuditEvent, after the IHE Basic Audit Log Patterns (BALP): a
 * read of a patient's record is a PatientRead, a search a PatientQuery; the user is the requesting
 * agent, with their role and their organisation (ODS code) as a second agent; the patient is the
 * entity; the reason or relationship is the purpose of use; the entry's details ride along as an
 * entity detail.
 */
final class AuditEvents {

    private static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/";

    private AuditEvents() {
    }

    /** {@code patient}: the person asked about, named on a search that returned them (else null). */
    static ObjectNode of(AuditRecord r, java.util.UUID patient) {
        AuditEntry e = r.entry();
        java.util.UUID person = e.personId() != null ? e.personId() : patient;
        AuditActor a = e.actor();
        boolean search = e.action().endsWith("search");
        ObjectNode ev = FhirJson.MAPPER.createObjectNode().put("resourceType", "AuditEvent").put("id", r.id().toString());
        if (person != null) {
            ev.putObject("meta").putArray("profile").add(BALP + (search ? "IHE.BasicAudit.PatientQuery"
                    : "IHE.BasicAudit.PatientRead"));
        }
        ev.putObject("type").put("system", "http://terminology.hl7.org/CodeSystem/audit-event-type").put("code", "rest")
                .put("display", "RESTful Operation");
        ev.putArray("subtype").addObject().put("system", "https://fhir.opencarerecord.example/CodeSystem/audit-action")
                .put("code", e.action());
        ev.put("action", search ? "E" : "R");
        ev.put("recorded", r.recordedAt().toString());
        ev.put("outcome", "allowed".equals(e.outcome()) ? "0" : "4");
        if (!"allowed".equals(e.outcome()) && e.details() != null && e.details().get("reason") != null) {
            ev.put("outcomeDesc", String.valueOf(e.details().get("reason")));
        }
        if (e.reasonCode() != null || e.relationship() != null) {
            ObjectNode purpose = ev.putArray("purposeOfEvent").addObject();
            purpose.putArray("coding").addObject().put("system", "http://terminology.hl7.org/CodeSystem/v3-ActReason")
                    .put("code", "TREAT").put("display", "treatment");
            purpose.put("text", e.relationship() != null ? "relationship: " + e.relationship()
                    : "reason " + e.reasonCode() + (e.reasonText() == null ? "" : ": " + e.reasonText()));
        }
        ArrayNode agents = ev.putArray("agent");
        ObjectNode user = agents.addObject();
        user.putObject("type").putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/v3-ParticipationType").put("code", "IRCP")
                .put("display", "information recipient");
        ObjectNode who = user.putObject("who");
        who.putObject("identifier").put("system", "https://fhir.opencarerecord.example/Id/user").put("value", a.userId());
        if (a.name() != null) {
            who.put("display", a.name());
        }
        if (a.clientId() != null) {
            user.put("altId", a.clientId());
        }
        if (a.role() != null) {
            user.putArray("role").addObject().put("text", a.role());
        }
        user.put("requestor", true);
        if (a.address() != null) {
            user.putObject("network").put("address", a.address()).put("type", "2");
        }
        if (a.organisationCode() != null) {
            ObjectNode org = agents.addObject();
            org.putObject("type").put("text", "the user's organisation");
            org.putObject("who").putObject("identifier").put("system", "https://fhir.nhs.uk/Id/ods-organization-code")
                    .put("value", a.organisationCode());
            org.put("requestor", false);
        }
        ObjectNode source = ev.putObject("source");
        source.putObject("observer").put("display", "Shared care record");
        source.putArray("type").addObject().put("system", "http://terminology.hl7.org/CodeSystem/security-source-type")
                .put("code", "4").put("display", "Application Server");
        if (person != null || e.details() != null) {
            ObjectNode entity = ev.putArray("entity").addObject();
            if (person != null) {
                entity.putObject("what").put("reference", "Patient/" + person);
                entity.putObject("type").put("system", "http://terminology.hl7.org/CodeSystem/audit-entity-type")
                        .put("code", "1").put("display", "Person");
                entity.putObject("role").put("system", "http://terminology.hl7.org/CodeSystem/object-role")
                        .put("code", "1").put("display", "Patient");
            }
            if (e.details() != null) {
                entity.putArray("detail").addObject().put("type", "details")
                        .put("valueString", FhirJson.MAPPER.valueToTree(e.details()).toString());
            }
        }
        return ev;
    }
}
