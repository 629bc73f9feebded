package org.opencarerecord.api.internal;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ServerCapabilityStatementProvider;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;

/**
 * HAPI FHIR describes the providers; this adds what it cannot see: feeds post transaction and
 * batch bundles (handled before HAPI's routing), and how feeds authenticate.
 */
class CareRecordCapabilityStatement extends ServerCapabilityStatementProvider {

    CareRecordCapabilityStatement(RestfulServer server) {
        super(server);
    }

    @Override
    public IBaseConformance getServerConformance(HttpServletRequest request, RequestDetails details) {
        CapabilityStatement statement = (CapabilityStatement) super.getServerConformance(request, details);
        statement.setPublisher("Open shared care record");
        statement.getSoftware().setName("Shared care record");
        statement.setDescription("A regional shared care record. Every resource carries its provenance in meta.source and"
                + " the item-provenance extension of meta. Clinical searches are within one person's record (patient or"
                + " subject is required).");
        statement.getFormat().clear();
        statement.addFormat("application/fhir+json");
        statement.addFormat("application/fhir+xml");
        for (CapabilityStatementRestComponent rest : statement.getRest()) {
            rest.getInteraction().removeIf(i -> i.getCode() == SystemRestfulInteraction.TRANSACTION
                    || i.getCode() == SystemRestfulInteraction.BATCH);
            rest.addInteraction().setCode(SystemRestfulInteraction.TRANSACTION).setDocumentation(
                    "POST a transaction Bundle from a registered feed (Authorization: Bearer <feed token>): all or nothing."
                            + " POST and PUT create or update by the source's own id; DELETE retires with provenance;"
                            + " urn:uuid, Type?identifier=system|value references and ifNoneExist are resolved.");
            rest.addInteraction().setCode(SystemRestfulInteraction.BATCH).setDocumentation(
                    "POST a batch Bundle from a registered feed: each entry stands or falls alone.");
            rest.getSecurity().setDescription("Feeds write with their own bearer token. Reads are open in this release;"
                    + " sign-in and roles arrive with the access release.");
        }
        return statement;
    }
}
