package org.opencarerecord.record;

import java.time.Instant;
import java.util.UUID;

/**
 * A resource as stored. {@code body} is its JSON without resourceType (the store keeps the
 * type in a column); {@code organisationCode} the source that sent it; {@code recordedAt} when it was
 * recorded at source, or else its effective time (null when neither is known, and for shared resources);
 * {@code codes} its codes as {@code system|code} (empty for shared resources); {@link #json()} gives the FHIR JSON with resourceType first, as clients expect.
 */
public record StoredResource(String resourceType, UUID id, UUID personId, int version, boolean retired, String body,
        String organisationCode, Instant recordedAt, java.util.List<String> codes) {

    public String json() {
        return withResourceType(resourceType, body);
    }

    public static String withResourceType(String resourceType, String body) {
        String rest = body.substring(1).stripLeading();
        return "{\"resourceType\":\"" + resourceType + "\"" + (rest.startsWith("}") ? "" : ",") + rest;
    }
}
