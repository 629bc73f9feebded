package org.opencarerecord.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencarerecord.platform.FhirJson;

/** How a code matches the restricted code lists, and which lists stop the service at start. */
class RestrictedCodesRulesTest {

    private static RestrictedCodes codes(Map<String, RestrictedCodesProperties.Category> categories) {
        RestrictedCodesProperties properties = new RestrictedCodesProperties();
        properties.setRestrictedCodes(categories);
        return new RestrictedCodes(properties);
    }

    private static RestrictedCodes lists() {
        Map<String, RestrictedCodesProperties.Category> categories = new LinkedHashMap<>();
        categories.put("sti", new RestrictedCodesProperties.Category()
                .withCodes("icd-10", "A54", "Z22.4")
                .withCodes("snomed-ct", "15628003")
                .withCodes("read-v2", "A98..")
                .withCodes("ctv3", "XaXXX")
                .withCodes("[http://loinc.org]", "43304-5"));
        return codes(categories);
    }

    private static String category(RestrictedCodes codes, String system, String code) {
        RestrictedCodes.Category c = codes.categoryOf(system, code);
        return c == null ? null : c.name();
    }

    @Test
    void icd10MatchesByPrefixWithOrWithoutDotsInEitherCaseInBothIcd10Systems() {
        RestrictedCodes codes = lists();
        for (String system : new String[] {RestrictedCodes.ICD_10, RestrictedCodes.ICD_10_UK}) {
            for (String code : new String[] {"A54", "A54.0", "A540", "a54.0", "A54.8+", "A54.8*", "A549 ", "Z22.4", "Z224"}) {
                assertThat(category(codes, system, code)).as(system + " " + code).isEqualTo("sti");
            }
            for (String code : new String[] {"A5", "A55", "A49.9", "Z22", "Z22.3", "Z2", "", "."}) {
                assertThat(category(codes, system, code)).as(system + " " + code).isNull();
            }
        }
        assertThat(category(codes, "http://hl7.org/fhir/sid/icd-10-cm", "A54.0")).as("another system").isNull();
    }

    @Test
    void readV2MatchesItsHierarchyAndIsCaseSensitive() {
        RestrictedCodes codes = lists();
        for (String code : new String[] {"A98..", "A980.", "A9801", "A98..00", "A980.11"}) {
            assertThat(category(codes, RestrictedCodes.READ_V2, code)).as(code).isEqualTo("sti");
        }
        for (String code : new String[] {"A9...", "A99..", "a98..", "A8...", "A"}) {
            assertThat(category(codes, RestrictedCodes.READ_V2, code)).as(code).isNull();
        }
    }

    @Test
    void snomedCtCtv3AndOtherSystemsMatchExactly() {
        RestrictedCodes codes = lists();
        assertThat(category(codes, RestrictedCodes.SNOMED_CT, "15628003")).isEqualTo("sti");
        assertThat(category(codes, RestrictedCodes.SNOMED_CT, "156280031")).isNull();
        assertThat(category(codes, RestrictedCodes.SNOMED_CT, "1562800")).isNull();
        assertThat(category(codes, RestrictedCodes.CTV3, "XaXXX")).isEqualTo("sti");
        assertThat(category(codes, RestrictedCodes.CTV3, "Xaxxx")).isNull();
        assertThat(category(codes, "http://loinc.org", "43304-5")).isEqualTo("sti");
        assertThat(category(codes, "http://snomed.info/sct/", "15628003")).as("the system as it is spelt").isNull();
    }

    @Test
    void theMainCodeReasonValueComponentsAndConclusionCountButNotCategories() throws Exception {
        RestrictedCodes codes = lists();
        String gonorrhoea = "{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"15628003\"}]}";
        String plain = "{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"1-8\"}],\"text\":\"a test\"}";
        Map<String, String> restricted = Map.of(
                "Condition", "{\"code\":" + gonorrhoea + "}",
                "Encounter", "{\"type\":[" + plain + "],\"reasonCode\":[" + gonorrhoea + "]}",
                "Observation", "{\"code\":" + plain + ",\"valueCodeableConcept\":" + gonorrhoea + "}",
                "Procedure", "{\"code\":" + plain + ",\"reasonCode\":[" + gonorrhoea + "]}",
                "DiagnosticReport", "{\"code\":" + plain + ",\"conclusionCode\":[" + gonorrhoea + "]}",
                "MedicationRequest", "{\"medicationCodeableConcept\":" + gonorrhoea + "}",
                "DocumentReference", "{\"type\":" + gonorrhoea + "}");
        for (var e : restricted.entrySet()) {
            JsonNode resource = FhirJson.MAPPER.readTree(e.getValue());
            RestrictedCodes.Reading reading = codes.read(e.getKey(), resource);
            assertThat(reading.category()).as(e.getKey()).isNotNull();
            assertThat(reading.category().name()).isEqualTo("sti");
        }
        JsonNode observation = FhirJson.MAPPER.readTree("{\"code\":" + plain + ",\"component\":[{\"code\":" + plain
                + ",\"valueCodeableConcept\":" + gonorrhoea + "}]}");
        assertThat(codes.read("Observation", observation).category()).as("a component's value").isNotNull();

        JsonNode categoryOnly = FhirJson.MAPPER.readTree("{\"code\":" + plain + ",\"category\":[" + gonorrhoea + "]}");
        assertThat(codes.read("Condition", categoryOnly).category()).as("a category does not count").isNull();
        RestrictedCodes.Reading plainReading = codes.read("Observation", FhirJson.MAPPER.readTree("{\"code\":" + plain + "}"));
        assertThat(plainReading.category()).isNull();
        assertThat(plainReading.codes()).as("the tokens the store keeps").containsExactly("1-8", "http://loinc.org|1-8");
    }

    @Test
    void aMistakeInTheListsStopsTheServiceNamingTheSetting() {
        assertThatThrownBy(() -> codes(Map.of("x", new RestrictedCodesProperties.Category().withCodes("icd-10", "A5"))))
                .hasMessageContaining("care-record.restricted-codes.x.codes.icd-10").hasMessageContaining("'A5'");
        assertThatThrownBy(() -> codes(Map.of("x", new RestrictedCodesProperties.Category().withCodes("snomed", "15628003"))))
                .hasMessageContaining("'snomed' is no code system");
        assertThatThrownBy(() -> codes(Map.of("x", new RestrictedCodesProperties.Category().withCodes("snomed-ct", "A54"))))
                .hasMessageContaining("not a SNOMED CT concept id");
        assertThatThrownBy(() -> codes(Map.of("x", new RestrictedCodesProperties.Category().withCodes("read-v2", "A...."))))
                .hasMessageContaining("at least two levels");
        RestrictedCodesProperties.Category restrict = new RestrictedCodesProperties.Category().withCodes("icd-10", "A54");
        restrict.setAction("restrict");
        assertThatThrownBy(() -> codes(Map.of("x", restrict))).hasMessageContaining("x.action: 'restrict'")
                .hasMessageContaining("not available yet");
        Map<String, RestrictedCodesProperties.Category> twice = new LinkedHashMap<>();
        twice.put("a", new RestrictedCodesProperties.Category().withCodes("icd-10", "A54"));
        twice.put("b", new RestrictedCodesProperties.Category().withCodes("icd-10", "a54"));
        assertThatThrownBy(() -> codes(twice)).hasMessageContaining("is listed under a too");
    }
}
