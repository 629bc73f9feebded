package org.opencarerecord.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    public static ObjectNode build(ItemProvenance p, String sourceVersion, Instant recorded, Instant received,
            String author) {
        ObjectNode ext = FhirJson.MAPPER.createObjectNode();
        ext.put("url", URL);
        ArrayNode parts = ext.putArray("extension");
        ObjectNode org = parts.addObject();
        org.put("url", "sourceOrganisation");
        ObjectNode ref = org.putObject("valueReference");
        ObjectNode identifier = ref.putObject("identifier");
        identifier.put("system", ODS_SYSTEM);
        identifier.put("value", p.organisationCode());
        if (p.organisationName() != null) {
            ref.put("display", p.organisationName());
        }
        parts.addObject().put("url", "feed").put("valueString", p.feedId());
        parts.addObject().put("url", "sourceId").put("valueString", p.sourceId());
        if (sourceVersion != null) {
            parts.addObject().put("url", "sourceVersion").put("valueString", sourceVersion);
        }
        if (recorded != null) {
            parts.addObject().put("url", "recordedAtSource").put("valueDateTime", recorded.toString());
        }
        parts.addObject().put("url", "received").put("valueInstant", received.toString());
        if (author != null) {
            parts.addObject().put("url", "author").put("valueString", author);
        }
        return ext;
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
