package org.opencarerecord.access.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service's own token issuer for the default run (RFC 6749 client-credentials grant): a
 * registered API client sends its id and secret (HTTP Basic, or client_id and client_secret in
 * the form) to {@code POST /oauth2/token} and gets a signed JWT that acts as the client's named
 * user, role and organisation. {@code GET /oauth2/jwks} publishes the public key. Both answer 404
 * when the issuer is switched off ({@code care-record.access.token-issuer.enabled=false}). A client id
 * with too many failed attempts is refused for a while (429) without its secret being checked
 * ({@link SignInThrottle}).
 */
@RestController
class TokenEndpoint {

    private final AccessProperties properties;
    private final BearerTokens tokens;
    private final AccessAudit audit;
    private final SignInThrottle throttle;
    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    /** A bcrypt hash of nothing anyone can send, checked for clients that do not exist. */
    private static final String UNKNOWN_CLIENT = "{bcrypt}$2a$10$hRldbW6V60mUyCxygCmDpeWyx.La/Z5e5oN7ZT9l5w0tkTeG/fFXC";

    TokenEndpoint(AccessProperties properties, BearerTokens tokens, AccessAudit audit, SignInThrottle throttle) {
        this.properties = properties;
        this.tokens = tokens;
        this.audit = audit;
        this.throttle = throttle;
    }

    @PostMapping(path = "/oauth2/token", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> token(HttpServletRequest request,
            @RequestParam(name = "grant_type", required = false) String grantType,
            @RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(name = "client_secret", required = false) String clientSecret,
            @RequestParam(name = "scope", required = false) String scope) {
        if (!tokens.issuing()) {
            return error(HttpStatus.NOT_FOUND, "invalid_request", "This service does not issue tokens here; get one from"
                    + " the region's identity provider");
        }
        String[] basic = basic(request.getHeader("Authorization"));
        if (basic != null) {
            clientId = basic[0];
            clientSecret = basic[1];
        }
        if (!"client_credentials".equals(grantType)) {
            return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "Only grant_type=client_credentials is"
                    + " supported here");
        }
        String id = clientId;
        Optional<Instant> locked = id == null ? Optional.empty() : throttle.lockedUntil("api", id);
        if (locked.isPresent()) {
            // refused without checking the secret, and not audited again: the lock-out was, once
            long seconds = Math.max(1, throttle.remaining(locked.get()).toSeconds());
            ResponseEntity<Map<String, Object>> refused = error(HttpStatus.TOO_MANY_REQUESTS, "too_many_failed_sign_ins",
                    throttle.message(locked.get()));
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", String.valueOf(seconds))
                    .header("Cache-Control", "no-store").body(refused.getBody());
        }
        Optional<AccessProperties.Account> client = properties.getTokenIssuer().getClients().stream()
                .filter(c -> c.getId().equals(id)).findFirst();
        // an unknown client costs the same bcrypt check as a known one, so timing does not say which ids exist
        String hash = client.map(AccessProperties.Account::getSecret).orElse(UNKNOWN_CLIENT);
        boolean right = passwords.matches(clientSecret == null ? "" : clientSecret, hash == null ? UNKNOWN_CLIENT : hash);
        if (client.isEmpty() || clientSecret == null || client.get().getSecret() == null || !right) {
            audit.signInFailed(id, "api", request, "unknown API client or wrong secret");
            if (id != null) {
                throttle.failed("api", id).ifPresent(until -> audit.signInLocked(id, "api", request,
                        throttle.failuresAllowed(), throttle.window(), until));
            }
            ResponseEntity<Map<String, Object>> refused = error(HttpStatus.UNAUTHORIZED, "invalid_client",
                    "The client id or secret is not right");
            return ResponseEntity.status(401).header("WWW-Authenticate", "Basic realm=\"care-record\"")
                    .header("Cache-Control", "no-store").body(refused.getBody());
        }
        List<String> granted = new ArrayList<>(client.get().getScopes());
        if (scope != null && !scope.isBlank()) {
            List<String> asked = List.of(scope.trim().split("\\s+"));
            if (!granted.containsAll(asked)) {
                return error(HttpStatus.BAD_REQUEST, "invalid_scope", "This client may ask only for " + String.join(" ", granted));
            }
            granted = asked;
        }
        throttle.succeeded("api", id);
        Instant now = Instant.now();
        String token = tokens.issue(client.get(), granted, now);
        audit.apiClientSignedIn(client.get(), request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("token_type", "Bearer");
        body.put("expires_in", properties.getTokenIssuer().getLifetime().toSeconds());
        body.put("scope", String.join(" ", granted));
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(body);
    }

    @GetMapping(path = "/oauth2/jwks", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> keys() {
        return tokens.issuing() ? ResponseEntity.ok(tokens.publicKeys()) : ResponseEntity.notFound().build();
    }

    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {
                    java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return ResponseEntity.status(status).header("Cache-Control", "no-store").body(body);
    }
}
