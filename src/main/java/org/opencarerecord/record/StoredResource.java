package org.opencarerecord.record;

import java.util.UUID;

/**
 * A resource as stored. {@code body} is its JSON without resourceType (the store keeps the
 * type in a column); {@code organisationCode} the source that sent it; {@link #json()} gives the FHIR JSON with resourceType first, as clients expect.
 */
public record StoredResource(String resourceType, UUID id, UUID personId, int version, boolean retired, String body,
        String organisationCode) {

    public String json() {
        return withResourceType(resourceType, body);
    }

    public static String withResourceType(String resourceType, String body) {
        String rest = body.substring(1).stripLeading();
        return "{\"resourceType\":\"" + resourceType + "\"" + (rest.startsWith("}") ? "" : ",") + rest;
    }
}
