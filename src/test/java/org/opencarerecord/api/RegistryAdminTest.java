package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;

/** The feed registry changed while the service runs: an organisation and its feed added, changed, stopped. */
class RegistryAdminTest extends IntegrationTest {

    private Response send(String method, String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + port + path)).header("Content-Type", "application/json").header("Authorization", adminAuthorization())
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    private static String bundle(String s) {
        return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\","
                + "\"id\":\"h-" + s + "\",\"name\":[{\"family\":\"Hospice" + s + "\",\"given\":[\"Iris\"]}],"
                + "\"birthDate\":\"1941-02-03\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/h-" + s + "\"}}]}";
    }

    @Test
    void aFeedAddedThroughTheApiWorksAtOnceAndStopsWhenStopped() throws Exception {
        String s = FeedIngestionTest.suffix();
        String code = "XH" + s.substring(0, 4).toUpperCase();
        String token = "hospice-token-" + s;
        Response org = send("PUT", "/admin/registry/organisations/" + code, "{\"name\":\"Meadow Hospice " + s
                + "\",\"kind\":\"hospice\",\"phone\":\"0151 496 0999\",\"email\":\"records@meadow.example\"}");
        assertThat(org.status()).as(org.body()).isEqualTo(201);
        assertThat(org.json().path("configured").asBoolean()).isFalse();
        assertThat(audited("config.changed", "PUT /admin/registry/organisations/" + code)).as("the change is audited")
                .isEqualTo(1);

        assertThat(post(token, bundle(s)).status()).as("no such feed yet").isEqualTo(401);
        Response feed = send("PUT", "/admin/registry/feeds/" + code.toLowerCase() + "-fhir", "{\"organisation\":\"" + code
                + "\",\"kind\":\"fhir-push\",\"token\":\"" + token + "\",\"categories\":[\"demographics\",\"care-plans\"],"
                + "\"content\":\"structured-and-documents\",\"cadence\":\"daily\"}");
        assertThat(feed.status()).as(feed.body()).isEqualTo(201);
        assertThat(feed.body()).doesNotContain(token);
        ok(post(token, bundle(s)));
        assertThat(get("http://localhost:" + port + "/admin/feeds").body()).contains(code.toLowerCase() + "-fhir");
        assertThat(get("http://localhost:" + port + "/admin/registry").body()).contains("Meadow Hospice " + s)
                .doesNotContain(token);

        // a change without a token keeps the token
        Response changed = send("PUT", "/admin/registry/feeds/" + code.toLowerCase() + "-fhir", "{\"organisation\":\""
                + code + "\",\"kind\":\"fhir-push\",\"categories\":[\"demographics\"],\"cadence\":\"weekly\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("cadence").asText()).isEqualTo("weekly");
        ok(post(token, bundle(s)));

        assertThat(send("DELETE", "/admin/registry/feeds/" + code.toLowerCase() + "-fhir", null).status()).isEqualTo(204);
        assertThat(post(token, bundle(s)).status()).as("a stopped feed no longer authenticates").isEqualTo(401);
        assertThat(get("http://localhost:" + port + "/admin/feeds").body()).doesNotContain(code.toLowerCase() + "-fhir");
        assertThat(count("SELECT count(*) FROM source_record WHERE feed_id = ?", code.toLowerCase() + "-fhir"))
                .as("what it sent stays").isEqualTo(1);
        assertThat(send("DELETE", "/admin/registry/feeds/" + code.toLowerCase() + "-fhir", null).status()).isEqualTo(404);
        Response again = send("PUT", "/admin/registry/feeds/" + code.toLowerCase() + "-fhir", "{\"organisation\":\""
                + code + "\",\"kind\":\"fhir-push\"}");
        assertThat(again.status()).as("a stopped feed starts again only with a token of its own").isEqualTo(400);
        assertThat(again.body()).contains("token must be set");
    }

    @Test
    void aBadChangeIsRefusedWithWhatIsWrongAndChangesNothing() throws Exception {
        String s = FeedIngestionTest.suffix();
        assertThat(send("PUT", "/admin/registry/organisations/XB" + s, "{\"name\":\"Somewhere\",\"kind\":\"spa\"}").body())
                .contains("kind must be one of");
        Response noOrg = send("PUT", "/admin/registry/feeds/nowhere-" + s, "{\"organisation\":\"NOWHERE" + s
                + "\",\"kind\":\"fhir-push\",\"token\":\"a-long-enough-token-" + s + "\"}");
        assertThat(noOrg.status()).isEqualTo(400);
        assertThat(noOrg.body()).contains("no active organisation");
        Response shortToken = send("PUT", "/admin/registry/feeds/short-" + s, "{\"organisation\":\"XTA\","
                + "\"kind\":\"fhir-push\",\"token\":\"abc\"}");
        assertThat(shortToken.status()).isEqualTo(400);
        assertThat(shortToken.body()).contains("at least 16 characters");
        Response stolen = send("PUT", "/admin/registry/feeds/thief-" + s, "{\"organisation\":\"XTA\","
                + "\"kind\":\"batch-file\",\"token\":\"test-batch-token\"}");
        assertThat(stolen.status()).isEqualTo(400);
        assertThat(stolen.body()).contains("another feed has this token");
        assertThat(send("PUT", "/admin/registry/feeds/cat-" + s, "{\"organisation\":\"XTA\",\"kind\":\"hl7v2-mllp\","
                + "\"sendingFacility\":\"CAT" + s + "\",\"categories\":[\"gossip\"]}").body()).contains("'gossip' is not one of");
        Response drop = send("PUT", "/admin/registry/feeds/drop-" + s, "{\"organisation\":\"XTA\",\"kind\":\"batch-file\","
                + "\"token\":\"a-long-enough-token-" + s + "\",\"dropDirectory\":\"/etc\"}");
        assertThat(drop.status()).isEqualTo(400);
        assertThat(drop.body()).contains("configuration file only");
        assertThat(count("SELECT count(*) FROM feed WHERE id IN (?, ?, ?, ?, ?)", "nowhere-" + s, "short-" + s,
                "thief-" + s, "cat-" + s, "drop-" + s)).isZero();
        assertThat(get("http://localhost:" + port + "/admin/registry").json().findValues("configured"))
                .as("the configuration file's own feeds are marked").anyMatch(n -> n.asBoolean());
    }

    /** Audit entries of an action for a request (written before the request is served). */
    private long audited(String action, String request) {
        return count("SELECT count(*) FROM audit_event WHERE action = ? AND actor_user_id = 'test-sysadmin'"
                + " AND details::jsonb ->> 'request' = ?", action, request);
    }
}
