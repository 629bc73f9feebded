package org.opencarerecord.synthetic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** One FHIR R4 transaction Bundle (as JSON) sent by one organisation about one synthetic person. */
public record SourceBundle(String organisationCode, int personNumber, String json) {

    /** The bundle read back as a tree (the generator wrote it: it always reads). */
    public JsonNode tree() {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
