package org.opencarerecord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.opencarerecord.platform.FhirJson;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the integration tests: the whole service on a random port over a real embedded
 * PostgreSQL in a fresh directory, spoken to over real HTTP. One context is shared by all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {

    public static final String FEED_TOKEN = "test-feed-token";
    public static final String GP_TOKEN = "test-gp-token";
    public static final String STRICT_TOKEN = "test-strict-token";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return FhirJson.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    protected String base() {
        return "http://localhost:" + port + "/fhir";
    }

    protected Response post(String token, String body) {
        return post(token, body, "application/fhir+json");
    }

    protected Response post(String token, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base()))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    protected Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create((path.startsWith("http") ? path : base() + path).replace("|", "%7C").replace(" ", "%20")))
                .header("Accept", "application/fhir+json").GET().build());
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts a 200 transaction response and returns it. */
    protected JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    protected long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
