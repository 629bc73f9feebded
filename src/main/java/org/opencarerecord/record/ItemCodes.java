package org.opencarerecord.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a clinical item is coded as: the codings of its main code element(s), read once. The store
 * keeps them as the item's {@code codes} column ({@code system|code} and the bare {@code code}, the
 * tokens a code search matches); ingestion looks at the same codings on their way in (the
 * restricted code lists), so an item's codes are read out of it once, not once for each.
 */
public final class ItemCodes {

    /** Where each type keeps its main code (every other item type: {@code code}). */
    private static final Map<String, List<String>> CODE_FIELDS = Map.ofEntries(
            Map.entry("MedicationStatement", List.of("medicationCodeableConcept")),
            Map.entry("MedicationRequest", List.of("medicationCodeableConcept")),
            Map.entry("MedicationDispense", List.of("medicationCodeableConcept")),
            Map.entry("Immunization", List.of("vaccineCode")),
            Map.entry("DocumentReference", List.of("type")),
            Map.entry("Encounter", List.of("type", "serviceType")),
            Map.entry("EpisodeOfCare", List.of("type")),
            Map.entry("Appointment", List.of("serviceType", "appointmentType")),
            Map.entry("CareTeam", List.of("category")),
            Map.entry("RelatedPerson", List.of("relationship")),
            Map.entry("Patient", List.of()));

    private static final List<String> DEFAULT_FIELDS = List.of("code");

    /** Told of each coding that names its system, as it is read. */
    @FunctionalInterface
    public interface CodingVisitor {
        void coding(String system, String code);
    }

    private ItemCodes() {
    }

    /**
     * The item's code tokens as the store keeps them; {@code visitor} (may be null) is told of each
     * coding with a system among them.
     */
    public static String[] tokens(String type, JsonNode resource, CodingVisitor visitor) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String field : CODE_FIELDS.getOrDefault(type, DEFAULT_FIELDS)) {
            collect(resource.get(field), tokens, visitor);
        }
        return tokens.toArray(String[]::new);
    }

    /** Tokens of any codeable element (categories, say) in the same form. */
    public static void collect(JsonNode node, Set<String> into) {
        collect(node, into, null);
    }

    /**
     * Tells {@code visitor} of each coding with a system in a CodeableConcept, a Coding, or an array
     * of either (null and anything else: nothing).
     */
    public static void visit(JsonNode node, CodingVisitor visitor) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                visit(n, visitor);
            }
        } else if (node.has("coding")) {
            visit(node.get("coding"), visitor);
        } else {
            JsonNode code = node.get("code");
            JsonNode system = node.get("system");
            if (code != null && code.isTextual() && system != null && system.isTextual()) {
                visitor.coding(system.asText(), code.asText());
            }
        }
    }

    /** Codings anywhere in a CodeableConcept, a Coding, an array of either, or plain codes. */
    private static void collect(JsonNode node, Set<String> into, CodingVisitor visitor) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                collect(n, into, visitor);
            }
        } else if (node.isTextual()) {
            into.add(node.asText());
        } else if (node.has("coding")) {
            collect(node.get("coding"), into, visitor);
        } else if (node.has("code") && node.get("code").isTextual()) {
            String code = node.get("code").asText();
            into.add(code);
            if (node.hasNonNull("system")) {
                String system = node.get("system").asText();
                into.add(system + "|" + code);
                if (visitor != null) {
                    visitor.coding(system, code);
                }
            }
        }
    }
}
