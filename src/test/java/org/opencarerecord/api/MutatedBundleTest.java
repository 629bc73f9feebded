package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.synthetic.RegionGenerator;
import org.opencarerecord.synthetic.SourceBundle;

/**
 * Valid bundles from the generator, damaged at random (fields removed, values of the wrong type,
 * cut short, references broken): whatever arrives, the answer is a success or a 4xx that says
 * why, never a 500, and a refused transaction leaves nothing behind.
 */
class MutatedBundleTest extends IntegrationTest {

    private static final Set<Integer> CLIENT_ERRORS = Set.of(400, 409, 412, 413, 415, 422);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void damagedBundlesGetAClearAnswerAndLeaveNothingPartial() throws Exception {
        Random random = new Random(20261128);
        RegionGenerator generator = new RegionGenerator(99);
        int refused = 0;
        for (int i = 0; i < 150; i++) {
            SourceBundle bundle = generator.person(i % 40).get(0); // the GP's bundle: carries the same feed's records
            String body = mutate(bundle.json(), random);
            long before = stored();
            Response response = post(GP_TOKEN_FOR_GENERATED, body);
            assertThat(response.status()).as("mutation %d: %s", i, response.body()).isIn(200, 400, 409, 412, 413, 415, 422);
            if (CLIENT_ERRORS.contains(response.status())) {
                refused++;
                JsonNode outcome = response.json();
                assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
                assertThat(outcome.path("issue").get(0).path("diagnostics").asText()).isNotBlank();
                assertThat(stored()).as("mutation %d left something behind", i).isEqualTo(before);
            }
        }
        assertThat(refused).as("the mutations do damage").isGreaterThan(20);
    }

    /** The generated GP bundles come from the demo GP practices; the test profile's GP feed stands in for all. */
    private static final String GP_TOKEN_FOR_GENERATED = GP_TOKEN;

    private long stored() {
        return count("SELECT (SELECT count(*) FROM clinical_item) + (SELECT count(*) FROM clinical_item_version)"
                + " + (SELECT count(*) FROM source_record) + (SELECT count(*) FROM shared_resource) + (SELECT count(*) FROM person)");
    }

    private static String mutate(String json, Random random) throws Exception {
        if (random.nextInt(10) == 0) {
            return json.substring(0, random.nextInt(json.length())); // cut short
        }
        JsonNode root = FhirJson.MAPPER.readTree(json);
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        int damage = 1 + random.nextInt(3);
        for (int d = 0; d < damage; d++) {
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ObjectNode object && object.size() > 0) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                switch (random.nextInt(4)) {
                    case 0 -> object.remove(name);
                    case 1 -> object.set(name, junk(random));
                    case 2 -> object.put(name, name.equals("reference") ? "urn:uuid:" + random.nextLong() : "x" + random.nextInt());
                    default -> object.set(name + "X", junk(random));
                }
            } else if (target instanceof ArrayNode array && array.size() > 0) {
                int index = random.nextInt(array.size());
                if (random.nextBoolean()) {
                    array.remove(index);
                } else {
                    array.set(index, junk(random));
                }
            }
        }
        return FhirJson.MAPPER.writeValueAsString(root);
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.forEach(child -> collect(child, into));
        }
    }

    private static JsonNode junk(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextInt());
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.objectNode().put("unexpected", "value");
            case 4 -> NODES.arrayNode().add(1).add("two");
            default -> NODES.textNode("2024-13-45T99:99:99Z");
        };
    }
}
