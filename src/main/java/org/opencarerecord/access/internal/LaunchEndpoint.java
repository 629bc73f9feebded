package org.opencarerecord.access.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /launch}: a signed launch link. The launching system's page posts an auto-submitting
 * form with the field {@code launch_token} (a POST, so that the NHS number it carries is never in a
 * URL, a browser's history or a proxy's log). No CSRF token can come from another site's form: the
 * token's signature and single use stand in for it. A good launch answers 303 to the person's
 * record; any other a page saying why.
 */
@RestController
class LaunchEndpoint {

    private final LaunchTokens tokens;
    private final LaunchSignIn signIn;

    LaunchEndpoint(LaunchTokens tokens, LaunchSignIn signIn) {
        this.tokens = tokens;
        this.signIn = signIn;
    }

    @PostMapping("/launch")
    ResponseEntity<String> launch(@RequestParam(name = "launch_token", required = false) String token,
            HttpServletRequest request, HttpServletResponse response) {
        try {
            return signIn.signIn(tokens.verify(token, Instant.now()), request, response);
        } catch (LaunchRefused refused) {
            return signIn.refused(refused, LaunchTokens.METHOD, request);
        }
    }
}
