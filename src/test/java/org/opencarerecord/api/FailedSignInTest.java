package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.opencarerecord.TestClock;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Guessing passwords is slowed down: after 5 failed sign-ins for one local account or API client, even
 * the right password is refused, without being checked, until the lock-out (15 minutes) is over; the
 * lock-out is audited once, not each refused attempt.
 */
class FailedSignInTest extends IntegrationTest {

    @Autowired
    private TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** Signs in on the form with a fresh browser; answers where the service sends it. */
    private String signIn(String user, String password) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String page = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();
        String form = "username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(302);
        return r.headers().firstValue("Location").orElseThrow();
    }

    private Response tokenFor(String client, String secret) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
    }

    private long audited(String action, String user) {
        return count("SELECT count(*) FROM audit_event WHERE action = ? AND actor_user_id = ?", action, user);
    }

    @Test
    void fiveWrongPasswordsLockALocalAccountOutUntilTheLockOutIsOver() throws Exception {
        String user = "test-throttled-user";
        for (int i = 1; i <= 4; i++) {
            assertThat(signIn(user, "wrong-" + i)).endsWith("/login?error");
        }
        String fifth = signIn(user, "wrong-5");
        assertThat(fifth).matches(".*/login\\?locked=\\d\\d:\\d\\d");
        assertThat(signIn(user, CLIENT_SECRET)).as("the right password, refused while locked out").contains("/login?locked=");
        assertThat(signIn(user, CLIENT_SECRET)).contains("/login?locked=");
        String page = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + fifth.substring(fifth.indexOf("/login")))).GET().build()).body();
        assertThat(page).contains("Too many failed sign-ins; try again after " + fifth.substring(fifth.length() - 5)
                + " or ask your administrator");
        assertThat(audited("sign-in.failed", user)).as("each checked failure").isEqualTo(5);
        assertThat(audited("sign-in.locked", user)).as("the lock-out, once").isEqualTo(1);
        assertThat(audited("sign-in", user)).isZero();

        clock.advance(Duration.ofMinutes(16));
        assertThat(signIn(user, CLIENT_SECRET)).as("the lock-out is over").doesNotContain("/login");
        assertThat(audited("sign-in", user)).isEqualTo(1);
        assertThat(audited("sign-in.failed", user)).as("refused attempts were not audited").isEqualTo(5);
    }

    @Test
    void fiveWrongSecretsLockAnApiClientOutWith429() {
        String client = "test-throttled-client";
        for (int i = 1; i <= 5; i++) {
            assertThat(tokenFor(client, "wrong-" + i).status()).isEqualTo(401);
        }
        Response refused = tokenFor(client, CLIENT_SECRET);
        assertThat(refused.status()).as("the right secret, refused while locked out").isEqualTo(429);
        assertThat(refused.json().path("error_description").asText())
                .matches("Too many failed sign-ins; try again after \\d\\d:\\d\\d or ask your administrator");
        assertThat(tokenFor(client, CLIENT_SECRET).status()).isEqualTo(429);
        assertThat(audited("sign-in.locked", client)).isEqualTo(1);
        assertThat(audited("sign-in.failed", client)).isEqualTo(5);
        assertThat(tokenFor(CLINICIAN, CLIENT_SECRET).status()).as("other clients are not affected").isEqualTo(200);

        clock.advance(Duration.ofMinutes(16));
        assertThat(tokenFor(client, CLIENT_SECRET).status()).isEqualTo(200);
        assertThat(getAs("test-privacy", null, "http://localhost:" + port + "/admin/audit/reports/refused").body())
                .contains("sign-in.locked");
    }
}
