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

/**
 * The feed registry's facts and what is built from them: feed status with freshness, a person's
 * sources (who holds data, who is connected and holds nothing), and the Data Visibility Guide.
 */
class FeedRegistryTest extends IntegrationTest {

    /** As the system administrator, except a person's sources: a clinician stating a reason reads those. */
    private HttpResponse<String> fetch(String path, String accept) throws Exception {
        boolean record = path.startsWith("/api/");
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", accept)
                .header("Authorization", record ? "Bearer " + token(CLINICIAN) : adminAuthorization());
        if (record) {
            r.header("X-Care-Reason", REASON);
        }
        return HttpClient.newHttpClient().send(r.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = fetch(path, "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return FhirJson.MAPPER.readTree(r.body());
    }

    private static JsonNode byField(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.path(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    @Test
    void feedStatusSaysWhatAFeedCarriesHowOftenAndWhetherItIsOnTime() throws Exception {
        String s = FeedIngestionTest.suffix();
        ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle(PersonMatchingTest.uniqueNhsNumber(), "REG" + s, s, "38341003")));
        JsonNode feeds = json("/admin/feeds");
        JsonNode acute = byField(feeds, "id", "xta-fhir");
        assertThat(acute.path("categories").toString()).isEqualTo("[\"demographics\",\"encounters\",\"results\",\"documents\"]");
        assertThat(acute.path("content").asText()).isEqualTo("structured-and-documents");
        assertThat(acute.path("cadence").asText()).isEqualTo("real-time");
        assertThat(acute.path("status").asText()).isEqualTo("fresh");
        assertThat(acute.path("lagSeconds").asLong()).isLessThan(3600);
        assertThat(acute.path("statusRule").asText()).contains("fresh up to 1 hour since");
        JsonNode hl7 = byField(feeds, "id", "xta-hl7");
        assertThat(hl7.path("kind").asText()).isEqualTo("hl7v2-mllp");
        if (hl7.path("lastLoadedAt").isNull()) {
            assertThat(hl7.path("status").asText()).as("a feed that never loaded").isEqualTo("down");
        }
        assertThat(byField(feeds, "id", "xtg-fhir").path("cadence").asText()).isEqualTo("daily");
    }

    @Test
    void aPersonsSourcesSayWhoHoldsDataAndWhichConnectedSourcesHoldNothing() throws Exception {
        String s = FeedIngestionTest.suffix();
        JsonNode stored = ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle(PersonMatchingTest.uniqueNhsNumber(),
                "SRC" + s, s, "38341003")));
        String person = PersonLinkingTest.person(stored);
        JsonNode sources = json("/api/persons/" + person + "/sources");
        JsonNode acute = byField(sources.path("holdingData"), "organisationCode", "XTA");
        assertThat(acute.path("items").asLong()).as("condition and observation").isEqualTo(2);
        assertThat(acute.path("lastUpdated").asText()).isNotEmpty();
        assertThat(acute.path("feeds").toString()).contains("xta-fhir").contains("\"status\":\"fresh\"");
        assertThat(sources.path("connectedHoldingNothing").toString()).contains("XTG").contains("XTS").doesNotContain("\"XTA\"");
        assertThat(sources.path("note").asText()).contains("may still have records");
        assertThat(fetch("/api/persons/" + java.util.UUID.randomUUID() + "/sources", "application/json").statusCode())
                .isEqualTo(404);
    }

    @Test
    void theDataVisibilityGuideIsBuiltFromLiveFactsAsHtmlAndJson() throws Exception {
        String s = FeedIngestionTest.suffix();
        ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle(PersonMatchingTest.uniqueNhsNumber(), "DVG" + s, s, "38341003")));
        JsonNode guide = json("/data-visibility-guide");
        JsonNode acute = byField(guide.path("entries"), "code", "XTA");
        assertThat(acute.path("name").asText()).isEqualTo("Test Acute Hospitals NHS Trust");
        assertThat(acute.path("email").asText()).isEqualTo("records@test-acute.example.nhs.uk");
        assertThat(acute.path("peopleCovered").asLong()).isPositive();
        JsonNode fhir = byField(acute.path("feeds"), "id", "xta-fhir");
        assertThat(fhir.path("cadence").asText()).isEqualTo("real-time");
        assertThat(fhir.path("status").asText()).isEqualTo("fresh");
        assertThat(fhir.path("categories").toString()).contains("results");

        HttpResponse<String> page = fetch("/data-visibility-guide", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<h1>Data Visibility Guide</h1>").contains("Test Acute Hospitals NHS Trust")
                .contains("structured and documents").contains("real-time").contains("records@test-acute.example.nhs.uk");
    }
}
