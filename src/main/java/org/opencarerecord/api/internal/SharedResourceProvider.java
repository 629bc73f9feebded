package org.opencarerecord.api.internal;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.opencarerecord.access.RecordAccess;
import org.opencarerecord.record.StoredResource;

/** Read, and search by identifier, for the things items point at: Organization, Practitioner, ... */
class SharedResourceProvider implements IResourceProvider {

    private final Class<? extends IBaseResource> type;
    private final String typeName;
    private final RecordAccess access;
    private final ResourceParser parser;
    private final ApiProperties properties;

    SharedResourceProvider(Class<? extends IBaseResource> type, String typeName, RecordAccess access,
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
            throw new ResourceGoneException(typeName + "/" + id.getIdPart() + " was withdrawn by its source");
        }
        return parser.parse(stored);
    }

    @Search
    public List<IBaseResource> byIdentifier(@RequiredParam(name = "identifier") TokenParam identifier) {
        String token = identifier.getSystem() == null ? "|" + identifier.getValue()
                : identifier.getSystem() + "|" + identifier.getValue();
        return access.sharedWithIdentifier(typeName, token, properties.getMaxPageSize()).stream()
                .map(parser::parse).toList();
    }
}
