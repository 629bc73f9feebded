package org.opencarerecord.api.internal;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.opencarerecord.access.RecordAccess;
import org.opencarerecord.record.ItemQuery;

/** Read and search for one clinical item type. Every search is within one person's record. */
class ItemProvider extends StoredResourceProvider {

    ItemProvider(Class<? extends IBaseResource> type, String typeName, RecordAccess access, ResourceParser parser,
            ApiProperties properties) {
        super(type, typeName, access, parser, properties);
    }

    @Search
    public List<IBaseResource> search(
            @OptionalParam(name = "patient") ReferenceParam patient,
            @OptionalParam(name = "subject") ReferenceParam subject,
            @OptionalParam(name = "code") TokenOrListParam code,
            @OptionalParam(name = "category") TokenOrListParam category,
            @OptionalParam(name = "date") DateRangeParam date,
            @Count Integer count) {
        ReferenceParam who = patient != null ? patient : subject;
        if (who == null) {
            throw new InvalidRequestException("Searching " + typeName + " needs patient=<id> (or subject=Patient/<id>):"
                    + " every search is within one person's record");
        }
        if (who.getResourceType() != null && !"Patient".equals(who.getResourceType())) {
            throw new InvalidRequestException("subject must be a Patient here, not " + who.getResourceType());
        }
        UUID person = personId(who.getIdPart());
        if (person == null) {
            return List.of();
        }
        DateBounds when = DateBounds.of(date);
        int limit = Math.min(count == null ? properties.getMaxPageSize() : Math.max(count, 1), properties.getMaxPageSize());
        RecordAccess.ItemSearch found = access.search(new ItemQuery(person, typeName, tokens(code), tokens(category),
                when.from(), when.before(), limit));
        List<IBaseResource> out = new ArrayList<>(found.items().size() + 1);
        found.items().forEach(s -> out.add(shown(s)));
        if (found.withheld()) {
            out.add(Withheld.outcome());
        }
        return out;
    }

    static UUID personId(String idPart) {
        try {
            return idPart != null && idPart.length() == 36 ? UUID.fromString(idPart) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> tokens(TokenOrListParam param) {
        if (param == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (TokenParam token : param.getValuesAsQueryTokens()) {
            if (token.getValue() == null || token.getValue().isEmpty()) {
                continue;
            }
            out.add(token.getSystem() == null || token.getSystem().isEmpty() ? token.getValue()
                    : token.getSystem() + "|" + token.getValue());
        }
        return out;
    }
}
