package org.opencarerecord.access.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.opencarerecord.access.CareUser;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The viewer as a SMART on FHIR app, launched from an EHR (SMART App Launch, EHR launch; decision 0018):
 * <ol>
 * <li>{@code GET /smart/launch?iss=<EHR FHIR base>&launch=<opaque>}: a configured EHR's launch. Its
 * SMART configuration is read, and the browser sent to its authorization endpoint (authorization code
 * with PKCE S256, scope {@value SmartEhrs#SCOPE}, state and nonce, {@code aud} the FHIR base, the
 * launch). The state, nonce and PKCE verifier wait in the browser's session.</li>
 * <li>{@code GET /smart/callback?code=&state=}: the state must be one this browser's session is
 * waiting for (then it is used up); the code is exchanged for tokens as the registered confidential
 * client; the ID token is checked against the EHR's published keys, its issuer, audience and this
 * launch's nonce, and names the user and their role; the launch's {@code patient} is read from the
 * EHR's FHIR server with the access token for its NHS number. Then the user is signed in, locked to
 * that person, as with a signed launch link ({@link LaunchSignIn}).</li>
 * </ol>
 * Every refusal is a page saying why, audited. The EHR's tokens are not kept.
 */
@RestController
class SmartLaunchEndpoint {

    private static final String PENDING = SmartLaunchEndpoint.class.getName() + ".pending";
    /** How long the browser may take between the EHR's launch and its return with the code. */
    private static final Duration PATIENCE = Duration.ofMinutes(10);
    /** Launches one browser may have under way at once (several tabs). */
    private static final int AT_ONCE = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A launch under way: what the callback must match and needs. */
    record Pending(String ehr, String nonce, String verifier, String redirectUri, SmartEhrs.Endpoints endpoints,
            Instant started) implements Serializable {
    }

    private final SmartEhrs ehrs;
    private final LaunchSignIn signIn;

    SmartLaunchEndpoint(SmartEhrs ehrs, LaunchSignIn signIn) {
        this.ehrs = ehrs;
        this.signIn = signIn;
    }

    @GetMapping("/smart/launch")
    ResponseEntity<String> launch(@RequestParam(required = false) String iss, @RequestParam(required = false) String launch,
            HttpServletRequest request) {
        try {
            if (iss == null || iss.isBlank() || launch == null || launch.isBlank()) {
                throw new LaunchRefused(400, "malformed", "A SMART launch names the EHR's FHIR server (iss) and the launch"
                        + " (launch); this one did not.", null, null);
            }
            SmartEhrs.Ehr ehr = ehrs.byIss(iss).orElseThrow(() -> new LaunchRefused(401, "unknown-system", "The launch"
                    + " comes from an EHR this service is not configured for (its iss is not a configured FHIR server).",
                    null, null));
            SmartEhrs.Endpoints endpoints = ehrs.discover(ehr);
            String state = random();
            String nonce = random();
            String verifier = random();
            String redirectUri = ehr.redirectUri() != null && !ehr.redirectUri().isBlank() ? ehr.redirectUri()
                    : ServletUriComponentsBuilder.fromContextPath(request).path("/smart/callback").toUriString();
            pending(request.getSession(true)).put(state, new Pending(ehr.id(), nonce, verifier, redirectUri, endpoints,
                    Instant.now()));
            Map<String, String> query = new LinkedHashMap<>();
            query.put("response_type", "code");
            query.put("client_id", ehr.clientId());
            query.put("redirect_uri", redirectUri);
            query.put("scope", SmartEhrs.SCOPE);
            query.put("state", state);
            query.put("nonce", nonce);
            query.put("aud", ehr.fhirBase());
            query.put("launch", launch);
            query.put("code_challenge", challenge(verifier));
            query.put("code_challenge_method", "S256");
            StringBuilder to = new StringBuilder(endpoints.authorization()).append(endpoints.authorization().contains("?") ? '&' : '?');
            query.forEach((k, v) -> to.append(to.charAt(to.length() - 1) == '?' ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return ResponseEntity.status(302).location(URI.create(to.toString())).header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .build();
        } catch (LaunchRefused refused) {
            return signIn.refused(refused, SmartEhrs.METHOD, request);
        }
    }

    @GetMapping("/smart/callback")
    ResponseEntity<String> callback(@RequestParam(required = false) String code, @RequestParam(required = false) String state,
            @RequestParam(required = false) String error, HttpServletRequest request, HttpServletResponse response) {
        try {
            HttpSession session = request.getSession(false);
            Pending pending = session == null || state == null ? null : pending(session).remove(state);
            if (pending == null) {
                throw new LaunchRefused(400, "unknown-state", "This return from the EHR does not match a launch under way in"
                        + " this browser (it was used already, or started elsewhere).", null, null);
            }
            SmartEhrs.Ehr ehr = ehrs.byId(pending.ehr()).orElseThrow(() -> new LaunchRefused(401, "unknown-system",
                    "The EHR this launch came from is no longer configured.", null, null));
            if (Instant.now().isAfter(pending.started().plus(PATIENCE))) {
                throw new LaunchRefused(401, "expired", "The launch has expired: it took more than "
                        + PATIENCE.toMinutes() + " minutes to come back from " + ehr.name() + ".", ehr.id(), null);
            }
            if (error != null) {
                String shown = error.replaceAll("[^A-Za-z0-9_\\-]", "");
                throw new LaunchRefused(401, "ehr-refused", ehr.name() + " did not authorise the launch (" + shown + ").",
                        ehr.id(), null);
            }
            if (code == null || code.isBlank()) {
                throw new LaunchRefused(400, "malformed", ehr.name() + " came back without an authorization code.",
                        ehr.id(), null);
            }
            SmartEhrs.Tokens tokens = ehrs.exchange(ehr, pending.endpoints(), code, pending.redirectUri(), pending.verifier());
            Jwt idToken = ehrs.idToken(ehr, pending.endpoints(), tokens.idToken(), pending.nonce());
            String userId = idToken.getSubject();
            String name = idToken.getClaimAsString("name");
            String role = SmartEhrs.role(ehr, idToken);
            CareUser claimed = new CareUser(userId, name, role, ehr.organisation(), null, Set.of(), null);
            if (role == null) {
                throw new LaunchRefused(403, "unmapped-role", "Your role in " + ehr.name() + " is not one this service maps"
                        + " to one of its roles (the ID token's " + ehr.roleClaim() + ").", ehr.id(), claimed);
            }
            if (tokens.patient().isBlank()) {
                throw new LaunchRefused(400, "no-patient", ehr.name() + " launched without a patient in context.", ehr.id(),
                        claimed);
            }
            String nhsNumber = ehrs.nhsNumber(ehr, tokens.patient(), tokens.accessToken(), claimed);
            return signIn.signIn(new VerifiedLaunch(ehr.id(), ehr.name(), SmartEhrs.METHOD, userId,
                    name == null ? userId : name, role, ehr.organisation(), nhsNumber), request, response);
        } catch (LaunchRefused refused) {
            return signIn.refused(refused, SmartEhrs.METHOD, request);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Pending> pending(HttpSession session) {
        synchronized (org.springframework.web.util.WebUtils.getSessionMutex(session)) {
            Object held = session.getAttribute(PENDING);
            if (held instanceof Map<?, ?> map) {
                return (Map<String, Pending>) map;
            }
            Map<String, Pending> fresh = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
                    return size() > AT_ONCE;
                }
            });
            session.setAttribute(PENDING, fresh);
            return fresh;
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** PKCE S256: the verifier's SHA-256, base64url without padding (RFC 7636). */
    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
