package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;

/** Every kind of bad input gets a 4xx naming the problem, leaves nothing partial, and is quarantined. */
class BadInputTest extends IntegrationTest {

    private long clinical() {
        return count("SELECT count(*) FROM clinical_item") + count("SELECT count(*) FROM source_record")
                + count("SELECT count(*) FROM shared_resource") + count("SELECT count(*) FROM person");
    }

    private long quarantined() {
        return count("SELECT count(*) FROM quarantine");
    }

    /** Posts, expects the status, nothing stored, the payload quarantined with a reason; returns the diagnostics. */
    private String rejected(String body, int status) {
        return rejected(FEED_TOKEN, body, status);
    }

    private String rejected(String token, String body, int status) {
        long before = clinical();
        long quarantineBefore = quarantined();
        Response response = post(token, body);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode outcome = response.json();
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(clinical()).as("nothing partial is stored").isEqualTo(before);
        assertThat(quarantined()).as("the payload is kept").isEqualTo(quarantineBefore + 1);
        String kept = jdbc.sql("SELECT convert_from(payload, 'UTF8') FROM quarantine ORDER BY received_at DESC, id DESC LIMIT 1")
                .query(String.class).single();
        assertThat(kept).isEqualTo(body);
        JsonNode issue = outcome.path("issue").get(0);
        return issue.path("diagnostics").asText() + " @ " + issue.path("expression");
    }

    @Test
    void malformedJson() {
        assertThat(rejected("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[", 400))
                .contains("not well-formed JSON").contains("line 1");
    }

    @Test
    void wrongResourceType() {
        assertThat(rejected("{\"resourceType\":\"Patient\",\"id\":\"x\"}", 400)).contains("takes a Bundle, not a Patient");
        assertThat(rejected("{\"resourceType\":\"Bundle\",\"type\":\"collection\"}", 400)).contains("Bundle.type");
    }

    @Test
    void anEntryThatIsNoFhirResourceType() {
        assertThat(rejected("""
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Pateint","id":"a"},"request":{"method":"PUT","url":"Pateint/a"}}]}""", 400))
                .contains("'Pateint' is not a FHIR R4 resource type").contains("Bundle.entry[0].resource.resourceType");
    }

    @Test
    void aNulCharacterInAString() {
        String s = FeedIngestionTest.suffix();
        String bundle = FeedIngestionTest.patientBundle("9990000115", "NUL" + s, s, "38341003")
                .replace("\"Type 2 diabetes mellitus\"", "\"Type 2\\u0000 diabetes\"");
        assertThat(rejected(bundle, 400)).contains("NUL");
    }

    @Test
    void entryWhoseResourceDoesNotMatchItsUrl() {
        assertThat(rejected("""
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","id":"a"},"request":{"method":"PUT","url":"Condition/a"}}]}""", 400))
                .contains("Bundle.entry[0].request.url");
    }

    @Test
    void aReferenceThatDoesNotResolveRollsBackTheWholeTransaction() {
        String s = FeedIngestionTest.suffix();
        String bundle = FeedIngestionTest.patientBundle("9990000034", "BAD" + s, s, "38341003")
                .replace("\"recorder\":{\"reference\":\"urn:uuid:22222222-2222-4222-8222-" + s + "\"",
                        "\"recorder\":{\"reference\":\"urn:uuid:99999999-2222-4222-8222-" + s + "\"");
        assertThat(rejected(bundle, 422)).contains("Bundle.entry[2].resource.recorder.reference").contains("does not resolve");
        assertThat(count("SELECT count(*) FROM person WHERE nhs_number = '9990000034'")).isZero();
    }

    @Test
    void aConditionalReferenceThatMatchesNothing() {
        String s = FeedIngestionTest.suffix();
        String bundle = FeedIngestionTest.patientBundle("9990000042", "BAD" + s, s, "38341003")
                .replace("\"recorder\":{\"reference\":\"urn:uuid:22222222-2222-4222-8222-" + s + "\"",
                        "\"recorder\":{\"reference\":\"Practitioner?identifier=https://fhir.nhs.uk/Id/sds-user-id|nobody\"");
        assertThat(rejected(bundle, 422)).contains("recorder.reference").contains("no Practitioner with that identifier");
    }

    @Test
    void anInvalidNhsNumberFromAFeedThatAsksForRejection() {
        // the strict feed is configured with reject-invalid-nhs-number; other feeds store the record without it
        // (PersonMatchingTest.anInvalidNhsNumberIsNoIdentifierButTheRecordIsMatchedByItsOtherDetails)
        String s = FeedIngestionTest.suffix();
        String bundle = FeedIngestionTest.patientBundle("9434765918", "BAD" + s, s, "38341003")
                .replaceAll(",\\s*\\{\"fullUrl\":\"urn:uuid:55555555[^\\]]*\"Claim\"}}", ""); // no out-of-scope Claim
        assertThat(rejected(STRICT_TOKEN, bundle, 422))
                .contains("Bundle.entry[0].resource.identifier[0]").contains("not a valid NHS number")
                .doesNotContain("9434765918");
    }

    @Test
    void anItemThatBelongsToNobody() {
        assertThat(rejected("""
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Condition","id":"orphan","code":{"text":"x"}},"request":{"method":"PUT","url":"Condition/orphan"}}]}""",
                422)).contains("must name the Patient");
    }

    @Test
    void anInvalidDateInAnItem() {
        String s = FeedIngestionTest.suffix();
        String bundle = FeedIngestionTest.patientBundle("9990000050", "BAD" + s, s, "38341003")
                .replace("\"onsetDateTime\":\"2019-05-01\"", "\"onsetDateTime\":\"01/05/2019\"");
        assertThat(rejected(bundle, 422)).contains("Bundle.entry[2].resource.onsetDateTime");
    }

    @Test
    void aBundleOverTheConfiguredSize() {
        StringBuilder big = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[],\"pad\":\"");
        big.append("x".repeat(16_100_000)).append("\"}");
        long quarantineBefore = quarantined();
        Response response = post(FEED_TOKEN, big.toString());
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().path("issue").get(0).path("diagnostics").asText()).contains("larger than");
        assertThat(quarantined()).isEqualTo(quarantineBefore + 1);
        assertThat(count("SELECT count(*) FROM quarantine WHERE payload_truncated")).isPositive();
    }

    @Test
    void tooManyEntries() {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < 5001; i++) {
            entries.append(i == 0 ? "" : ",").append("{\"request\":{\"method\":\"DELETE\",\"url\":\"Condition/x").append(i)
                    .append("\"}}");
        }
        assertThat(rejected("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + entries + "]}", 413))
                .contains("5001 entries");
    }

    @Test
    void noTokenOrAWrongOne() {
        Response none = post(null, "{}");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
        Response wrong = post("not-a-feed", "{}");
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void anUnsupportedMediaType() {
        Response response = post(FEED_TOKEN, "MSH|^~\\&|", "text/plain");
        assertThat(response.status()).isEqualTo(415);
    }

    @Test
    void aFeedSetToRejectOutOfScopeTypesRejectsTheBundle() {
        String s = FeedIngestionTest.suffix();
        long quarantineBefore = quarantined();
        Response response = post(STRICT_TOKEN, FeedIngestionTest.patientBundle("9990000069", "S" + s, s, "38341003"));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("issue").get(0).path("diagnostics").asText()).contains("Claim").contains("reject");
        assertThat(quarantined()).isEqualTo(quarantineBefore + 1);
    }

    @Test
    void aBatchReportsPerEntryAndKeepsTheGoodOnes() {
        String s = FeedIngestionTest.suffix();
        long quarantineBefore = quarantined();
        JsonNode response = ok(post(FEED_TOKEN, """
                {"resourceType":"Bundle","type":"batch","entry":[
                 {"resource":{"resourceType":"Organization","identifier":[{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"O%1$s"}],"name":"Good org"},
                  "request":{"method":"POST","url":"Organization"}},
                 {"resource":{"resourceType":"Condition","id":"orphan%1$s","code":{"text":"x"}},"request":{"method":"PUT","url":"Condition/orphan%1$s"}},
                 {"resource":{"resourceType":"Location","identifier":[{"system":"urn:test","value":"L%1$s"}],"name":"Ward 4",
                   "managingOrganization":{"reference":"Organization?identifier=https://fhir.nhs.uk/Id/ods-organization-code|O%1$s"}},
                  "request":{"method":"POST","url":"Location"}}
                ]}""".formatted(s)));
        assertThat(response.path("type").asText()).isEqualTo("batch-response");
        JsonNode entries = response.path("entry");
        assertThat(entries.get(0).path("response").path("status").asText()).isEqualTo("201 Created");
        assertThat(entries.get(1).path("response").path("status").asText()).startsWith("422");
        assertThat(entries.get(1).path("response").path("outcome").toString()).contains("must name the Patient");
        assertThat(entries.get(2).path("response").path("status").asText()).isEqualTo("201 Created");
        assertThat(quarantined()).isEqualTo(quarantineBefore + 1);
        String location = entries.get(2).path("response").path("location").asText();
        JsonNode ward = get("/" + location.substring(0, location.indexOf("/_history"))).json();
        assertThat(ward.path("managingOrganization").path("reference").asText())
                .isEqualTo(entries.get(0).path("response").path("location").asText().replaceAll("/_history/.*", ""));
    }

    @Test
    void readsOfUnknownThingsAre404NotErrors() {
        assertThat(get("/Patient/not-a-uuid").status()).isEqualTo(404);
        assertThat(get("/Patient/00000000-0000-7000-8000-000000000000").status()).isEqualTo(404);
        assertThat(get("/Condition/00000000-0000-7000-8000-000000000000").status()).isEqualTo(404);
        assertThat(get("/Condition").status()).isEqualTo(400);
        assertThat(get("/Patient/00000000-0000-7000-8000-000000000000/$everything").status()).isEqualTo(404);
        assertThat(get("/Patient/00000000-0000-7000-8000-000000000000/$everything?_count=abc").status()).isEqualTo(400);
    }
}
