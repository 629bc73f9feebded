package org.opencarerecord.api.internal;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.opencarerecord.access.RecordAccess;
import org.opencarerecord.record.StoredResource;

/** Read by id of one stored resource type; what a source withdrew answers 410 Gone, not 404. */
abstract class StoredResourceProvider implements IResourceProvider {

    protected final Class<? extends IBaseResource> type;
    protected final String typeName;
    protected final RecordAccess access;
    protected final ResourceParser parser;
    protected final ApiProperties properties;

    StoredResourceProvider(Class<? extends IBaseResource> type, String typeName, RecordAccess access,
            ResourceParser parser, ApiProperties properties) {
        this.type = type;
        this.typeName = typeName;
        this.access = access;
        this.parser = parser;
        this.properties = properties;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return type;
    }

    @Read
    public IBaseResource read(@IdParam IIdType id) {
        StoredResource stored = access.read(typeName, Ids.of(id))
                .orElseThrow(() -> new ResourceNotFoundException(typeName + "/" + id.getIdPart() + " is not known here"));
        if (stored.retired()) {
            throw new ResourceGoneException(typeName + "/" + id.getIdPart()
                    + " was withdrawn by its source; earlier versions are kept");
        }
        return shown(stored);
    }

    /**
     * The resource as the API shows it: a result or diagnosis that may not yet have been discussed
     * with the person carries a tag saying so.
     */
    protected IBaseResource shown(StoredResource stored) {
        IBaseResource resource = parser.parse(stored);
        if (access.mayNotYetBeDiscussed(stored) && resource instanceof org.hl7.fhir.r4.model.Resource r) {
            r.getMeta().addTag(PatientProvider.NOT_YET_DISCUSSED, "not-yet-discussed", RecordAccess.NOT_YET_DISCUSSED);
        }
        return resource;
    }
}
