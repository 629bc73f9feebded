package org.opencarerecord.access.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.opencarerecord.access.CareUser;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.platform.FhirJson;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * The EHRs that launch the viewer as a SMART on FHIR app (care-record.launch.ehrs, decision 0018), and
 * what the launch asks of them: their SMART configuration, the exchange of an authorization code for
 * tokens, the check of the ID token against their published keys, and the launched Patient's NHS
 * number from their FHIR server. Nothing is fetched from a server that is not configured: an EHR is
 * found by its FHIR base URL (the launch's iss) before anything is asked of it. Every failure is a
 * {@link LaunchRefused} saying what went wrong.
 */
@Component
class SmartEhrs {

    static final String METHOD = "smart";
    static final String SCOPE = "launch openid fhirUser patient/Patient.read";
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final int LARGEST_ANSWER = 1_000_000;

    /** A configured EHR. */
    record Ehr(String id, String name, String fhirBase, String clientId, String clientSecret, String organisation,
            String roleClaim, Map<String, String> roles, String redirectUri) {
    }

    /** What an EHR's {@code .well-known/smart-configuration} says, of what the launch needs. */
    record Endpoints(String authorization, String token, String jwks, String issuer) implements java.io.Serializable {
    }

    /** The token endpoint's answer: the access token, the ID token and the launch's patient. */
    record Tokens(String accessToken, String idToken, String patient) {
    }

    private final Map<String, Ehr> byBase = new LinkedHashMap<>();
    private final Map<String, Ehr> byId = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    /** ID token decoders by EHR and key set: each remembers the keys it fetched. */
    private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

    SmartEhrs(LaunchProperties properties, Roles roles) {
        for (int i = 0; i < properties.getEhrs().size(); i++) {
            LaunchProperties.Ehr e = properties.getEhrs().get(i);
            String setting = "care-record.launch.ehrs[" + i + "]";
            for (Map.Entry<String, String> required : Map.of("id", nz(e.getId()), "name", nz(e.getName()), "fhir-base",
                    nz(e.getFhirBase()), "client-id", nz(e.getClientId()), "client-secret", nz(e.getClientSecret()),
                    "organisation", nz(e.getOrganisation()), "role-claim", nz(e.getRoleClaim())).entrySet()) {
                if (required.getValue().isBlank()) {
                    throw new IllegalStateException(setting + "." + required.getKey() + " must be set");
                }
            }
            String base = base(e.getFhirBase());
            if (!base.startsWith("https://") && !base.startsWith("http://")) {
                throw new IllegalStateException(setting + ".fhir-base must be the EHR's FHIR server URL (https://...)");
            }
            if (e.getRoles().isEmpty()) {
                throw new IllegalStateException(setting + ".roles must map the EHR's role values to roles here");
            }
            e.getRoles().forEach((value, role) -> {
                if (!roles.known(role) || !roles.opensRecords(role)) {
                    throw new IllegalStateException(setting + ".roles maps '" + value + "' to '" + role
                            + "', which is not a role here that opens records");
                }
            });
            Ehr ehr = new Ehr(e.getId(), e.getName(), base, e.getClientId(), e.getClientSecret(), e.getOrganisation(),
                    e.getRoleClaim(), Map.copyOf(e.getRoles()), e.getRedirectUri());
            if (byBase.put(base, ehr) != null || byId.put(ehr.id(), ehr) != null) {
                throw new IllegalStateException(setting + ": another EHR has the same id or fhir-base");
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** A FHIR base URL as compared: without a trailing slash. */
    static String base(String url) {
        return url.trim().replaceAll("/+$", "");
    }

    Optional<Ehr> byIss(String iss) {
        return Optional.ofNullable(byBase.get(base(iss)));
    }

    Optional<Ehr> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The EHR's SMART configuration: where to authorise, exchange the code, and check the ID token. */
    Endpoints discover(Ehr ehr) {
        JsonNode config = json(ehr, HttpRequest.newBuilder(URI.create(ehr.fhirBase() + "/.well-known/smart-configuration"))
                .header("Accept", "application/json").GET(), "its SMART configuration");
        String authorization = config.path("authorization_endpoint").asText("");
        String token = config.path("token_endpoint").asText("");
        String jwks = config.path("jwks_uri").asText("");
        String issuer = config.path("issuer").asText("");
        if (authorization.isBlank() || token.isBlank() || jwks.isBlank() || issuer.isBlank()) {
            throw new LaunchRefused(502, "ehr-misconfigured", ehr.name() + "'s SMART configuration does not say where to"
                    + " authorise, exchange the code and check who the user is (authorization_endpoint, token_endpoint,"
                    + " jwks_uri, issuer).", ehr.id(), null);
        }
        return new Endpoints(authorization, token, jwks, issuer);
    }

    /** The authorization code exchanged for tokens (the viewer authenticates as its registered client). */
    Tokens exchange(Ehr ehr, Endpoints endpoints, String code, String redirectUri, String verifier) {
        String form = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(redirectUri)
                + "&code_verifier=" + enc(verifier) + "&client_id=" + enc(ehr.clientId());
        String basic = Base64.getEncoder().encodeToString((enc(ehr.clientId()) + ":" + enc(ehr.clientSecret()))
                .getBytes(StandardCharsets.UTF_8));
        Reply answer = send(ehr, HttpRequest.newBuilder(URI.create(endpoints.token()))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.ofString(form)), "its token endpoint");
        if (answer.status() != 200) {
            throw new LaunchRefused(401, "ehr-refused", ehr.name() + " would not exchange the launch's authorization"
                    + " code for tokens (it answered " + answer.status() + ").", ehr.id(), null);
        }
        JsonNode tokens = parse(ehr, answer.body(), "its token endpoint");
        return new Tokens(tokens.path("access_token").asText(""), tokens.path("id_token").asText(""),
                tokens.path("patient").asText(""));
    }

    /** The ID token, checked: the EHR's signature, its issuer, meant for this client, current, and this launch's nonce. */
    Jwt idToken(Ehr ehr, Endpoints endpoints, String idToken, String nonce) {
        if (idToken == null || idToken.isBlank()) {
            throw new LaunchRefused(401, "bad-id-token", ehr.name() + " sent no ID token, so it is not known who the user"
                    + " is (the launch asks for the openid scope).", ehr.id(), null);
        }
        JwtDecoder decoder = decoders.computeIfAbsent(ehr.id() + " " + endpoints.jwks() + " " + endpoints.issuer(), k -> {
            NimbusJwtDecoder d = NimbusJwtDecoder.withJwkSetUri(endpoints.jwks()).build();
            d.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(endpoints.issuer()),
                    jwt -> jwt.getAudience() != null && jwt.getAudience().contains(ehr.clientId())
                            ? OAuth2TokenValidatorResult.success()
                            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                                    "its audience is not this service's client id", null))));
            return d;
        });
        Jwt jwt;
        try {
            jwt = decoder.decode(idToken);
        } catch (JwtException e) {
            throw new LaunchRefused(401, "bad-id-token", ehr.name() + "'s ID token does not check out ("
                    + reason(e) + ").", ehr.id(), null);
        }
        if (!nonce.equals(jwt.getClaimAsString("nonce"))) {
            throw new LaunchRefused(401, "bad-id-token", ehr.name() + "'s ID token was not issued for this launch (its"
                    + " nonce is not this launch's).", ehr.id(), null);
        }
        return jwt;
    }

    private static String reason(JwtException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("expired")) {
            return "it has expired";
        }
        if (m.contains("iss")) {
            return "it is not from the EHR's issuer";
        }
        if (m.contains("audience")) {
            return "it is not meant for this service";
        }
        if (m.contains("signature") || m.contains("Signed JWT rejected") || m.contains("key")) {
            return "its signature does not verify with the EHR's published keys";
        }
        return "it is not a valid signed token";
    }

    /** The user's role here: the first value of the EHR's role claim that its mapping names, or null. */
    static String role(Ehr ehr, Jwt idToken) {
        Object claim = idToken.getClaims().get(ehr.roleClaim());
        Collection<?> values = claim instanceof Collection<?> c ? c : claim == null ? java.util.List.of() : java.util.List.of(claim);
        return values.stream().map(String::valueOf).map(ehr.roles()::get).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
    }

    /** The NHS number of the launch's Patient, read from the EHR's FHIR server with the launch's access token. */
    String nhsNumber(Ehr ehr, String patient, String accessToken, CareUser claimed) {
        if (!FHIR_ID.matcher(patient).matches()) {
            throw new LaunchRefused(400, "no-patient", ehr.name() + "'s launch context does not name a patient by a FHIR"
                    + " id.", ehr.id(), claimed);
        }
        Reply answer = send(ehr, HttpRequest.newBuilder(URI.create(ehr.fhirBase() + "/Patient/" + patient))
                .header("Accept", "application/fhir+json").header("Authorization", "Bearer " + accessToken).GET(),
                "its FHIR server");
        if (answer.status() != 200) {
            throw new LaunchRefused(502, "patient-read-failed", ehr.name() + "'s FHIR server would not give the launched"
                    + " patient's record (it answered " + answer.status() + ").", ehr.id(), claimed);
        }
        JsonNode resource = parse(ehr, answer.body(), "its FHIR server");
        if (!"Patient".equals(resource.path("resourceType").asText())) {
            throw new LaunchRefused(502, "patient-read-failed", ehr.name() + "'s FHIR server did not answer with a"
                    + " Patient.", ehr.id(), claimed);
        }
        Set<String> numbers = new LinkedHashSet<>();
        for (JsonNode identifier : resource.path("identifier")) {
            if (NhsNumber.SYSTEM.equals(identifier.path("system").asText()) && !identifier.path("value").asText().isBlank()) {
                numbers.add(identifier.path("value").asText().replace(" ", "").replace("-", ""));
            }
        }
        if (numbers.isEmpty()) {
            throw new LaunchRefused(404, "no-nhs-number", ehr.name() + "'s record of this patient carries no NHS number,"
                    + " so the shared care record cannot be matched to them.", ehr.id(), claimed);
        }
        if (numbers.size() > 1) {
            throw new LaunchRefused(409, "ambiguous-person", ehr.name() + "'s record of this patient carries more than"
                    + " one NHS number; the shared care record cannot tell which is theirs.", ehr.id(), claimed);
        }
        return numbers.iterator().next();
    }

    private JsonNode json(Ehr ehr, HttpRequest.Builder request, String what) {
        Reply answer = send(ehr, request, what);
        if (answer.status() != 200) {
            throw new LaunchRefused(502, "ehr-unreachable", ehr.name() + " did not answer as expected (" + what + " said "
                    + answer.status() + ").", ehr.id(), null);
        }
        return parse(ehr, answer.body(), what);
    }

    private Reply send(Ehr ehr, HttpRequest.Builder request, String what) {
        try {
            HttpResponse<InputStream> answer = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = answer.body()) {
                body = in.readNBytes(LARGEST_ANSWER + 1);
            }
            if (body.length > LARGEST_ANSWER) {
                throw new LaunchRefused(502, "ehr-unreachable", ehr.name() + " answered too much (" + what + ").", ehr.id(),
                        null);
            }
            return new Reply(answer.statusCode(), body);
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchRefused(502, "ehr-unreachable", ehr.name() + " could not be reached (" + what + "); try again"
                    + " shortly.", ehr.id(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchRefused(502, "ehr-unreachable", ehr.name() + " could not be reached (" + what + ").", ehr.id(),
                    null);
        }
    }

    private static JsonNode parse(Ehr ehr, byte[] body, String what) {
        try {
            JsonNode node = FhirJson.MAPPER.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // said below
        }
        throw new LaunchRefused(502, "ehr-unreachable", ehr.name() + " did not answer with JSON (" + what + ").", ehr.id(),
                null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** An answer's status and its body (read, and bounded). */
    private record Reply(int status, byte[] body) {
    }
}
