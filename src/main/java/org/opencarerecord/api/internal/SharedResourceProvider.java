package org.opencarerecord.api.internal;

import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.opencarerecord.access.RecordAccess;

/** Read, and search by identifier, for the things items point at: Organization, Practitioner, ... */
class SharedResourceProvider extends StoredResourceProvider {

    SharedResourceProvider(Class<? extends IBaseResource> type, String typeName, RecordAccess access,
            ResourceParser parser, ApiProperties properties) {
        super(type, typeName, access, parser, properties);
    }

    @Search
    public List<IBaseResource> byIdentifier(@RequiredParam(name = "identifier") TokenParam identifier) {
        String token = identifier.getSystem() == null ? "|" + identifier.getValue()
                : identifier.getSystem() + "|" + identifier.getValue();
        return access.sharedWithIdentifier(typeName, token, properties.getMaxPageSize()).stream()
                .map(parser::parse).toList();
    }
}
