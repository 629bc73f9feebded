package org.opencarerecord.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * A resource a source sent, with its references already pointing into this store. For a
 * clinical item {@code personId} and {@code sourceRecordId} say whose record it belongs to;
 * both are null for the shared things items point at (Organization, Practitioner, ...).
 * {@code resource} is taken over by the store: it sets id and meta on it. {@code newId}: the
 * caller has just minted {@code id}, so nothing is stored under it and the store need not look.
 * {@code codes}: the item's code tokens when the caller has read them already
 * ({@link ItemCodes#tokens}); null and the store reads them.
 */
public record ResourceWrite(UUID id, boolean newId, String resourceType, UUID personId, UUID sourceRecordId,
        ItemProvenance provenance, ObjectNode resource, String[] codes) {
}
