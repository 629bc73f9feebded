package org.opencarerecord.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generated region as a source system's FHIR Bulk Data export would hold it: one NDJSON file
 * per resource type, a resource per line, references by {@code Type/id} instead of the bundles'
 * urn:uuid fullUrls. Practitioners, created by identifier in the bundles, get an id from that
 * identifier and appear once.
 */
public final class BulkExport {

    private final Map<String, List<String>> linesByType = new LinkedHashMap<>();
    private final Set<String> practitioners = new HashSet<>();

    public BulkExport() {
        // referenced types first: a bulk export's files load in that order
        for (String type : List.of("Practitioner", "Patient", "Encounter")) {
            linesByType.put(type, new ArrayList<>());
        }
    }

    /** Adds one source's bundle about one person. */
    public void add(SourceBundle bundle) {
        JsonNode root = bundle.tree();
        Map<String, String> references = new HashMap<>();
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            ObjectNode resource = (ObjectNode) entry.get("resource");
            String type = resource.get("resourceType").asText();
            if (!resource.hasNonNull("id")) {
                String condition = entry.path("request").path("ifNoneExist").asText("");
                String value = condition.substring(condition.indexOf('|') + 1);
                resource.put("id", type.toLowerCase() + "-" + value);
            }
            references.put(entry.get("fullUrl").asText(), type + "/" + resource.get("id").asText());
            resources.add(resource);
        }
        for (ObjectNode resource : resources) {
            rewrite(resource, references);
            String type = resource.get("resourceType").asText();
            if (type.equals("Practitioner") && !practitioners.add(resource.get("id").asText())) {
                continue;
            }
            linesByType.computeIfAbsent(type, t -> new ArrayList<>()).add(resource.toString());
        }
    }

    /** The files' lines by resource type, referenced types first. */
    public Map<String, List<String>> files() {
        Map<String, List<String>> files = new LinkedHashMap<>();
        linesByType.forEach((type, list) -> {
            if (!list.isEmpty()) {
                files.put(type, list);
            }
        });
        return files;
    }

    private static void rewrite(JsonNode node, Map<String, String> references) {
        if (node instanceof ObjectNode object && object.get("reference") != null) {
            String target = references.get(object.get("reference").asText());
            if (target != null) {
                object.put("reference", target);
            }
        }
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                rewrite(child, references);
            }
        }
    }
}
