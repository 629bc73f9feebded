package org.opencarerecord;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.opencarerecord.platform.FhirJson;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A hospital EHR that launches the viewer as a SMART on FHIR app, for the tests: a real OAuth2 /
 * OpenID Connect authorization server (mock-oauth2-server, its own instance, issuer {@code ehr}:
 * authorize without a login form, token, JWKS, PKCE checked, the nonce put in the ID token) behind a
 * small FHIR server of its own (JDK HttpServer) that serves {@code .well-known/smart-configuration},
 * the token endpoint the configuration names (the authorization server's, with the launch's
 * {@code patient} added to its answer, as an EHR's is), and {@code Patient/{id}} to the access token
 * it issued. The tests set who the user is, which patient is in context and what the EHR holds.
 */
public final class SmartEhr {

    public static final String NAME = "Test Hospital EHR";
    public static final String ORGANISATION = "XTE";
    public static final String CLIENT_ID = "shared-care-record-viewer";
    public static final String CLIENT_SECRET = "test-ehr-client-secret";
    public static final String ISSUER_ID = "ehr";

    /** The ID token's claims for the next launch ({@code sub} and the rest). */
    public static volatile Map<String, Object> user = Map.of("sub", "ehr-user", "name", "Dr Ehr User", "ehr_role", "doctor");
    /** The patient in the next launch's context (the EHR's own Patient id). */
    public static volatile String patientInContext;
    /** The EHR's patients: id to NHS number (null: they have none). */
    public static final Map<String, String> PATIENTS = new ConcurrentHashMap<>();
    /** What the token endpoint's answer becomes before it is sent (the tests replace the ID token with it). */
    public static volatile UnaryOperator<ObjectNode> tokenAnswer = UnaryOperator.identity();
    /** The last token request's form, as the viewer sent it, and its Authorization header. */
    public static volatile Map<String, String> lastTokenRequest = Map.of();
    public static volatile String lastTokenAuthorization;

    public static final MockOAuth2Server AUTHORIZATION = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
            new OAuth2TokenProvider(), Set.of(new EhrUser())));
    private static final HttpServer FHIR;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, Boolean> ACCESS_TOKENS = new ConcurrentHashMap<>();

    static {
        AUTHORIZATION.start();
        try {
            FHIR = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FHIR.createContext("/fhir/.well-known/smart-configuration", SmartEhr::configuration);
        FHIR.createContext("/token", SmartEhr::token);
        FHIR.createContext("/fhir/Patient/", SmartEhr::patient);
        FHIR.start();
    }

    private SmartEhr() {
    }

    public static String fhirBase() {
        return "http://localhost:" + FHIR.getAddress().getPort() + "/fhir";
    }

    static void register(DynamicPropertyRegistry registry) {
        registry.add("care-record.launch.ehrs[0].id", () -> "test-ehr");
        registry.add("care-record.launch.ehrs[0].name", () -> NAME);
        registry.add("care-record.launch.ehrs[0].fhir-base", SmartEhr::fhirBase);
        registry.add("care-record.launch.ehrs[0].client-id", () -> CLIENT_ID);
        registry.add("care-record.launch.ehrs[0].client-secret", () -> CLIENT_SECRET);
        registry.add("care-record.launch.ehrs[0].organisation", () -> ORGANISATION);
        registry.add("care-record.launch.ehrs[0].role-claim", () -> "ehr_role");
        registry.add("care-record.launch.ehrs[0].roles.doctor", () -> "hospital-clinician");
        registry.add("care-record.launch.ehrs[0].roles.ward-clerk", () -> "administrative-staff");
    }

    private static void configuration(HttpExchange exchange) throws IOException {
        ObjectNode config = FhirJson.MAPPER.createObjectNode();
        config.put("issuer", AUTHORIZATION.issuerUrl(ISSUER_ID).toString());
        config.put("jwks_uri", AUTHORIZATION.jwksUrl(ISSUER_ID).toString());
        config.put("authorization_endpoint", AUTHORIZATION.authorizationEndpointUrl(ISSUER_ID).toString());
        config.put("token_endpoint", "http://localhost:" + FHIR.getAddress().getPort() + "/token");
        config.putArray("capabilities").add("launch-ehr").add("client-confidential-symmetric").add("sso-openid-connect")
                .add("context-ehr-patient");
        config.putArray("code_challenge_methods_supported").add("S256");
        reply(exchange, 200, "application/json", config.toString());
    }

    /** The authorization server's token endpoint, and the launch context an EHR adds to its answer. */
    private static void token(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        lastTokenRequest = fields;
        lastTokenAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(AUTHORIZATION.tokenEndpointUrl(ISSUER_ID).toString()))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (lastTokenAuthorization != null) {
            forward.header("Authorization", lastTokenAuthorization);
        }
        try {
            HttpResponse<String> answer = HTTP.send(forward.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                reply(exchange, answer.statusCode(), "application/json", answer.body());
                return;
            }
            ObjectNode tokens = (ObjectNode) FhirJson.MAPPER.readTree(answer.body());
            if (patientInContext != null) {
                tokens.put("patient", patientInContext);
            }
            ACCESS_TOKENS.put(tokens.path("access_token").asText(), true);
            reply(exchange, 200, "application/json", tokenAnswer.apply(tokens).toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(exchange, 500, "text/plain", "interrupted");
        }
    }

    /** A Patient, to the access token the token endpoint issued, with its NHS number if it has one. */
    private static void patient(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !ACCESS_TOKENS.containsKey(authorization.replaceFirst("^Bearer ", ""))) {
            reply(exchange, 401, "application/fhir+json", "{\"resourceType\":\"OperationOutcome\"}");
            return;
        }
        String id = exchange.getRequestURI().getPath().substring("/fhir/Patient/".length());
        if (!PATIENTS.containsKey(id)) {
            reply(exchange, 404, "application/fhir+json", "{\"resourceType\":\"OperationOutcome\"}");
            return;
        }
        ObjectNode patient = FhirJson.MAPPER.createObjectNode().put("resourceType", "Patient").put("id", id);
        var identifiers = patient.putArray("identifier");
        identifiers.addObject().put("system", "https://fhir.test-ehr.example.nhs.uk/Id/mrn").put("value", "MRN-" + id);
        String nhs = PATIENTS.get(id);
        if (!nhs.isEmpty()) {
            identifiers.addObject().put("system", "https://fhir.nhs.uk/Id/nhs-number").put("value", nhs);
        }
        reply(exchange, 200, "application/fhir+json", patient.toString());
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Who signs in at the EHR: {@link #user}. The access token is for the EHR's FHIR server. */
    private static final class EhrUser implements OAuth2TokenCallback {
        @Override
        public String issuerId() {
            return ISSUER_ID;
        }

        @Override
        public String subject(TokenRequest request) {
            return String.valueOf(user.get("sub"));
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return "JWT";
        }

        @Override
        public List<String> audience(TokenRequest request) {
            return List.of(fhirBase());
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            Map<String, Object> claims = new LinkedHashMap<>(user);
            claims.remove("sub");
            return claims;
        }

        @Override
        public long tokenExpiry() {
            return 300;
        }
    }
}
