package org.opencarerecord.api.internal;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
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
        SourceRecord latest = person.sourceRecords().get(0);
        Patient patient = (Patient) parser.parse(StoredResource.withResourceType("Patient", latest.resourceJson()));
        patient.setId("Patient/" + person.id());
        patient.setMeta(new org.hl7.fhir.r4.model.Meta());
        patient.getMeta().setVersionId(null);
        Instant lastUpdated = person.sourceRecords().stream().map(SourceRecord::receivedAt).max(Instant::compareTo)
                .orElse(null);
        patient.getMeta().setLastUpdated(lastUpdated == null ? null : Date.from(lastUpdated));
        patient.getMeta().setSource(ProvenanceExtension.metaSource(latest.organisationCode(), latest.feedId()));

        Set<String> seen = new LinkedHashSet<>();
        patient.getIdentifier().clear();
        if (person.nhsNumber() != null) {
            patient.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(person.nhsNumber().value());
            seen.add(NhsNumber.SYSTEM + "|" + person.nhsNumber().value());
        }
        for (SourceRecord record : person.sourceRecords()) {
            Patient fromSource = record == latest ? null
                    : (Patient) parser.parse(StoredResource.withResourceType("Patient", record.resourceJson()));
            for (Identifier id : (fromSource == null ? latestIdentifiers(latest) : fromSource).getIdentifier()) {
                if (id.hasValue() && seen.add(id.getSystem() + "|" + id.getValue())) {
                    patient.addIdentifier(id.copy().setAssigner(new Reference().setDisplay(name(record.organisationCode()))));
                }
            }
            patient.getMeta().addExtension(provenance(record));
        }
        return patient;
    }

    private Patient latestIdentifiers(SourceRecord latest) {
        return (Patient) parser.parse(StoredResource.withResourceType("Patient", latest.resourceJson()));
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
