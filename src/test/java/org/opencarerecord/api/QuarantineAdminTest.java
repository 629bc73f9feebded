package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.opencarerecord.platform.FhirJson;

/** An operator finds what a feed sent that could not be used, fixes and replays it, or discards it with a reason. */
class QuarantineAdminTest extends IntegrationTest {

    private Response postJson(String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + port + path)).header("Content-Type", "application/json").header("Authorization", adminAuthorization()).POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    private JsonNode admin(String path) throws Exception {
        return FhirJson.MAPPER.readTree(get("http://localhost:" + port + path).body());
    }

    private JsonNode quarantinedWith(String marker) throws Exception {
        for (JsonNode item : admin("/admin/quarantine-items?feed=xta-fhir&status=all")) {
            JsonNode full = admin("/admin/quarantine-items/" + item.path("id").asText());
            if (full.path("payload").asText().contains(marker)) {
                return full;
            }
        }
        throw new AssertionError("nothing quarantined with " + marker);
    }

    @Test
    void aRejectedBundleIsFixedAndReplayedThroughItsFeed() throws Exception {
        String s = FeedIngestionTest.suffix();
        String good = FeedIngestionTest.patientBundle(PersonMatchingTest.uniqueNhsNumber(), "Q" + s, s, "38341003");
        String bad = good.replace("\"subject\":{\"reference\":\"urn:uuid:11111111-1111-4111-8111-" + s + "\"}",
                "\"subject\":{\"reference\":\"Patient/nobody-" + s + "\"}");
        assertThat(post(FEED_TOKEN, bad).status()).isEqualTo(422);
        JsonNode item = quarantinedWith("nobody-" + s);
        String id = item.path("id").asText();
        assertThat(item.path("status").asText()).isEqualTo("held");
        assertThat(item.path("reason").asText()).contains("does not resolve");
        assertThat(item.path("payload").asText()).isEqualTo(bad);
        JsonNode listed = null;
        for (JsonNode i : admin("/admin/quarantine-items?feed=xta-fhir")) {
            listed = i.path("id").asText().equals(id) ? i : listed;
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("payload").isNull()).as("the list carries no payloads").isTrue();

        long before = count("SELECT count(*) FROM quarantine");
        Response asSent = postJson("/admin/quarantine-items/" + id + "/replay", "{\"by\":\"Ops A. Person\"}");
        assertThat(asSent.status()).as(asSent.body()).isEqualTo(200);
        assertThat(asSent.json().path("stored").asBoolean()).isFalse();
        assertThat(asSent.json().path("answer").asText()).contains("does not resolve");
        assertThat(asSent.json().path("item").path("status").asText()).isEqualTo("held");
        assertThat(count("SELECT count(*) FROM quarantine")).as("a failed replay is not quarantined twice").isEqualTo(before);

        Response fixed = postJson("/admin/quarantine-items/" + id + "/replay", FhirJson.MAPPER.createObjectNode()
                .put("by", "Ops A. Person").put("note", "subject pointed at a test patient").put("payload", good).toString());
        assertThat(fixed.json().path("stored").asBoolean()).as(fixed.body()).isTrue();
        assertThat(fixed.json().path("item").path("status").asText()).isEqualTo("replayed");
        assertThat(fixed.json().path("item").path("decidedBy").asText()).as("the signed-in operator, whatever name is sent")
                .isEqualTo("test-sysadmin");
        assertThat(get("/Patient?identifier=https://fhir.xta.example.nhs.uk/Id/mrn|Q" + s).json().path("total").asInt())
                .isEqualTo(1);
        assertThat(postJson("/admin/quarantine-items/" + id + "/replay", "{\"by\":\"Ops B\"}").status())
                .as("replayed once only").isEqualTo(409);
        assertThat(count("SELECT count(*) FROM quarantine WHERE id = '" + id + "' AND replayed_payload IS NOT NULL"))
                .as("the fixed content is kept beside what was sent").isEqualTo(1);
    }

    @Test
    void aPayloadIsDiscardedOnlyWithAReasonInTheSignedInOperatorsName() throws Exception {
        String s = FeedIngestionTest.suffix();
        assertThat(post(FEED_TOKEN, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"x\":\"" + s + "\",\"entry\":[")
                .status()).isEqualTo(400);
        String id = quarantinedWith(s).path("id").asText();
        assertThat(postJson("/admin/quarantine-items/" + id + "/discard", "{\"by\":\"Ops\"}").status()).isEqualTo(400);
        Response discarded = postJson("/admin/quarantine-items/" + id + "/discard",
                "{\"by\":\"Ops C\",\"reason\":\"a test message from the supplier\"}");
        assertThat(discarded.json().path("status").asText()).isEqualTo("discarded");
        assertThat(discarded.json().path("decisionNote").asText()).isEqualTo("a test message from the supplier");
        assertThat(discarded.json().path("decidedBy").asText()).as("the signed-in operator, not the name sent")
                .isEqualTo("test-sysadmin");
        assertThat(admin("/admin/quarantine-items?feed=xta-fhir&status=held").toString()).doesNotContain(id);

        String page = get("http://localhost:" + port + "/admin/quarantine?status=discarded").body();
        assertThat(page).contains("<h1>Quarantine</h1>").contains(id);
        String one = get("http://localhost:" + port + "/admin/quarantine/" + id).body();
        assertThat(one).contains("discarded by test-sysadmin").contains("&quot;x&quot;:&quot;" + s);
    }
}
