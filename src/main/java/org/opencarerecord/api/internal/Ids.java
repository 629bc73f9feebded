package org.opencarerecord.api.internal;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IIdType;

final class Ids {

    private Ids() {
    }

    /** This store's ids are UUIDs; anything else cannot name something we hold. */
    static UUID of(IIdType id) {
        String part = id.getIdPart();
        try {
            if (part != null && part.length() == 36) {
                return UUID.fromString(part);
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new ResourceNotFoundException(id.getResourceType() + "/" + part + " is not known here");
    }
}
