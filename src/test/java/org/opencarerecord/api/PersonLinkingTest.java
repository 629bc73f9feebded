package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;

/** Interim linking (decision 0004): only a verified NHS number joins two sources' records of a person. */
class PersonLinkingTest extends IntegrationTest {

    private static String gpBundle(String s, String nhsIdentifier) {
        return """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:cccccccc-0000-4000-8000-%1$s","resource":{"resourceType":"Patient","id":"gp-%1$s",
                   "identifier":[%2$s{"system":"https://fhir.xtg.example.nhs.uk/Id/local","value":"L%1$s"}],
                   "name":[{"family":"Brown","given":["Alan"]}],"birthDate":"1960-01-01"},
                  "request":{"method":"PUT","url":"Patient/gp-%1$s"}},
                 {"resource":{"resourceType":"AllergyIntolerance","id":"alg-%1$s","code":{"text":"Penicillin"},
                   "patient":{"reference":"urn:uuid:cccccccc-0000-4000-8000-%1$s"}},
                  "request":{"method":"PUT","url":"AllergyIntolerance/alg-%1$s"}}]}""".formatted(s, nhsIdentifier);
    }

    private static String person(JsonNode response) {
        return response.path("entry").get(0).path("response").path("location").asText().substring("Patient/".length());
    }

    @Test
    void aRecordWithoutAnNhsNumberIsAPersonOfItsOwnUntilAVerifiedNumberArrivesThenItsItemsMoveWithIt() {
        String s = FeedIngestionTest.suffix();
        String gpOnly = person(ok(post(GP_TOKEN, gpBundle(s, ""))));
        String hospital = person(ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle("9990000085", "H" + s, s, "38341003"))));
        assertThat(gpOnly).as("no NHS number: never linked on demographics alone").isNotEqualTo(hospital);
        assertThat(get("/AllergyIntolerance?patient=" + gpOnly).json().path("entry")).hasSize(1);

        String relinked = person(ok(post(GP_TOKEN,
                gpBundle(s, "{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"999 000 0085\"},"))));
        assertThat(relinked).isEqualTo(hospital);

        JsonNode allergies = get("/AllergyIntolerance?patient=" + hospital).json().path("entry");
        assertThat(allergies).hasSize(1);
        assertThat(allergies.get(0).path("resource").path("patient").path("reference").asText()).isEqualTo("Patient/" + hospital);
        assertThat(get("/AllergyIntolerance?patient=" + gpOnly).json().path("entry")).isEmpty();
        assertThat(get("/Patient/" + gpOnly).status()).isEqualTo(410);
        assertThat(get("/Patient/" + hospital).json().path("meta").path("extension")).hasSize(2);
    }

    @Test
    void twoDifferentNhsNumbersInOneRecordAreRefused() {
        String s = FeedIngestionTest.suffix();
        Response response = post(GP_TOKEN, gpBundle(s, "{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"9990000093\"},"
                + "{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"9990000107\"},"));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("issue").get(0).path("diagnostics").asText()).contains("two different NHS numbers");
    }
}
