package org.opencarerecord.api.internal;

import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.identity.Person;
import org.opencarerecord.identity.SourceRecord;
import org.opencarerecord.record.ProvenanceExtension;
import org.opencarerecord.record.StoredResource;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.stereotype.Component;

/**
 * Presents a regional person as one FHIR Patient: demographics as the most recently updated
 * source sent them, every identifier every source uses, the NHS number, and which sources hold
 * a record of the person (one provenance extension each).
 */
@Component
class PatientComposer {

    private final ResourceParser parser;
    private final SourceRegistry sources;

    PatientComposer(ResourceParser parser, SourceRegistry sources) {
        this.parser = parser;
        this.sources = sources;
    }

    Patient compose(Person person) {
        List<Patient> fromSources = person.sourceRecords().stream()
                .map(r -> (Patient) parser.parse(StoredResource.withResourceType("Patient", r.resourceJson()))).toList();
        SourceRecord latest = person.sourceRecords().get(0); // most recently received first
        Patient patient = fromSources.get(0).copy();
        patient.setId("Patient/" + person.id());
        patient.setMeta(new Meta());
        patient.getMeta().setLastUpdated(Date.from(latest.receivedAt()));
        patient.getMeta().setSource(ProvenanceExtension.metaSource(latest.organisationCode(), latest.feedId()));

        Set<String> seen = new LinkedHashSet<>();
        patient.getIdentifier().clear();
        if (person.nhsNumber() != null) {
            patient.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(person.nhsNumber().value());
            seen.add(NhsNumber.SYSTEM + "|" + person.nhsNumber().value());
        }
        for (int i = 0; i < fromSources.size(); i++) {
            SourceRecord record = person.sourceRecords().get(i);
            for (Identifier id : fromSources.get(i).getIdentifier()) {
                // an NHS number that failed its check was stored as sent but is no identifier: never shown as one
                boolean invalidNhs = NhsNumber.SYSTEM.equals(id.getSystem()) && NhsNumber.parse(id.getValue()).isEmpty();
                if (id.hasValue() && !invalidNhs && seen.add(id.getSystem() + "|" + id.getValue())) {
                    patient.addIdentifier(id.copy().setAssigner(new Reference().setDisplay(name(record.organisationCode()))));
                }
            }
            patient.getMeta().addExtension(provenance(record));
        }
        return patient;
    }

    /**
     * A person as a search result, before anyone has opened their record: enough to tell people apart
     * (names, NHS number, birth date, sex, address, GP practice as the latest source sent them) and
     * nothing that says which services know them (no other identifiers, no provenance: a mental health
     * trust's record number would say it).
     */
    Patient composeForSearch(Person person) {
        SourceRecord latest = person.sourceRecords().get(0);
        Patient patient = ((Patient) parser.parse(StoredResource.withResourceType("Patient", latest.resourceJson()))).copy();
        patient.setId("Patient/" + person.id());
        patient.setMeta(null);
        patient.getIdentifier().clear();
        if (person.nhsNumber() != null) {
            patient.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(person.nhsNumber().value());
        }
        patient.getExtension().clear();
        patient.getContained().clear();
        patient.setText(null);
        return patient;
    }

    private Extension provenance(SourceRecord record) {
        Extension ext = new Extension(ProvenanceExtension.URL);
        Reference org = new Reference().setDisplay(name(record.organisationCode()));
        org.getIdentifier().setSystem(ProvenanceExtension.ODS_SYSTEM).setValue(record.organisationCode());
        ext.addExtension("sourceOrganisation", org);
        ext.addExtension("feed", new StringType(record.feedId()));
        ext.addExtension("sourceId", new StringType(record.sourceId()));
        ext.addExtension("sourceVersion", new StringType(Integer.toString(record.version())));
        ext.addExtension("received", new InstantType(Date.from(record.receivedAt())));
        return ext;
    }

    private String name(String organisationCode) {
        return sources.organisation(organisationCode).map(SourceOrganisation::name).orElse(organisationCode);
    }
}
