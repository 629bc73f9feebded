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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.opencarerecord.platform.FhirJson;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole service on a random port over a real embedded
 * PostgreSQL in a fresh directory, spoken to over real HTTP. One context is shared by all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(IntegrationTest.Clocks.class)
public abstract class IntegrationTest {

    /** The service's clock where it takes one, which a test can move on. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        TestClock testClock() {
            return new TestClock();
        }
    }

    public static final String FEED_TOKEN = "test-feed-token";
    public static final String GP_TOKEN = "test-gp-token";
    public static final String STRICT_TOKEN = "test-strict-token";

    /** The API client most tests read as: a hospital clinician at the test acute trust (XTA). */
    public static final String CLINICIAN = "test-clinician";
    /** The API client the administrative endpoints are used as. */
    public static final String SYSADMIN = "test-sysadmin";
    /** Every test client's secret (application-test.yml). */
    public static final String CLIENT_SECRET = "test-secret";
    /** The reason most tests state: their people are seldom related to the clinician's trust. */
    public static final String REASON = "unplanned-care integration test";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    /** A real OpenID Connect provider, as the region's (CIS2) would be: its tokens and sign-ins are accepted. */
    protected static final MockOAuth2Server OIDC = new MockOAuth2Server();
    protected static final String OIDC_ISSUER = "cis2";
    protected static final String OIDC_AUDIENCE = "shared-care-record";

    static {
        OIDC.start();
    }

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) {
        String issuer = OIDC.issuerUrl(OIDC_ISSUER).toString();
        registry.add("care-record.access.oidc.issuer-uri", () -> issuer);
        registry.add("care-record.access.oidc.audience", () -> OIDC_AUDIENCE);
        registry.add("spring.security.oauth2.client.registration.cis2.client-id", () -> OIDC_AUDIENCE);
        registry.add("spring.security.oauth2.client.registration.cis2.client-secret", () -> "not-checked-by-the-test-provider");
        registry.add("spring.security.oauth2.client.registration.cis2.scope", () -> "openid");
        registry.add("spring.security.oauth2.client.provider.cis2.issuer-uri", () -> issuer);
        LaunchingSystems.register(registry);
        SmartEhr.register(registry);
    }

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

    /**
     * GET as the test clinician stating a direct-care reason (under /fhir unless a whole URL), or as
     * the system administrator for /admin paths.
     */
    protected Response get(String path) {
        boolean admin = path.contains("/admin/");
        return getAs(admin ? path.contains("/admin/audit") ? "test-privacy" : SYSADMIN : CLINICIAN, admin ? null : REASON, path);
    }

    /** GET as one of the test API clients (null: no token), with a reason (null: none). */
    protected Response getAs(String client, String reason, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create((path.startsWith("http") ? path : base() + path)
                .replace("|", "%7C").replace(" ", "%20"))).header("Accept", "application/fhir+json").GET();
        if (client != null) {
            request.header("Authorization", "Bearer " + token(client));
        }
        if (reason != null) {
            request.header("X-Care-Reason", reason);
        }
        return send(request.build());
    }

    /** A token from the service's own issuer for a test API client (cached for the run). */
    protected String token(String client) {
        return token(client, CLIENT_SECRET);
    }

    /** A token for an API client with its secret, from this context's service (each signs with its own key). */
    protected String token(String client, String secret) {
        return TOKENS.computeIfAbsent(port + " " + client, c -> {
            Response r = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (client + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            return r.json().path("access_token").asText();
        });
    }

    /** The Authorization header value of the system administrator, for the admin endpoints. */
    protected String adminAuthorization() {
        return "Bearer " + token(SYSADMIN);
    }

    protected static Response send(HttpRequest request) {
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
