package org.opencarerecord.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import org.opencarerecord.platform.FhirJson;

/**
 * The provenance every returned resource carries in {@code meta}: {@code meta.source} names the
 * organisation and feed, and this extension holds the rest (source organisation, feed, the
 * source's own id and version, recorded at source, received, author; and, for retired items, when
 * the source withdrew it).
 */
public final class ProvenanceExtension {

    public static final String URL = "https://fhir.opencarerecord.example/StructureDefinition/item-provenance";
    public static final String ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code";

    private ProvenanceExtension() {
    }

    public static String metaSource(String organisationCode, String feedId) {
        return "urn:care-record:source:" + organisationCode + ":" + feedId;
    }

    /**
     * Writes the extension as the next value of {@code g} (streamed: it is written for every item
     * stored). {@code received} is the instant as FHIR text.
     */
    public static void write(JsonGenerator g, ItemProvenance p, String sourceVersion, Instant recorded, String received,
            String author) throws IOException {
        g.writeStartObject();
        g.writeStringField("url", URL);
        g.writeArrayFieldStart("extension");
        g.writeStartObject();
        g.writeStringField("url", "sourceOrganisation");
        g.writeObjectFieldStart("valueReference");
        g.writeObjectFieldStart("identifier");
        g.writeStringField("system", ODS_SYSTEM);
        g.writeStringField("value", p.organisationCode());
        g.writeEndObject();
        if (p.organisationName() != null) {
            g.writeStringField("display", p.organisationName());
        }
        g.writeEndObject();
        g.writeEndObject();
        part(g, "feed", "valueString", p.feedId());
        part(g, "sourceId", "valueString", p.sourceId());
        if (sourceVersion != null) {
            part(g, "sourceVersion", "valueString", sourceVersion);
        }
        if (recorded != null) {
            part(g, "recordedAtSource", "valueDateTime", recorded.toString());
        }
        part(g, "received", "valueInstant", received);
        if (author != null) {
            part(g, "author", "valueString", author);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void part(JsonGenerator g, String url, String valueField, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("url", url);
        g.writeStringField(valueField, value);
        g.writeEndObject();
    }

    /** Added when a source deletes what it sent: the item stays, marked as withdrawn by whom and when. */
    public static ArrayNode retiredJson(ItemProvenance p, Instant received, String reason) {
        ArrayNode list = FhirJson.MAPPER.createArrayNode();
        ObjectNode ext = list.addObject();
        ext.put("url", URL + "-retired");
        ArrayNode parts = ext.putArray("extension");
        parts.addObject().put("url", "feed").put("valueString", p.feedId());
        parts.addObject().put("url", "retired").put("valueInstant", received.toString());
        if (reason != null) {
            parts.addObject().put("url", "reason").put("valueString", reason);
        }
        return list;
    }
}
