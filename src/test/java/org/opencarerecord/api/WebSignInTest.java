package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;

/**
 * Signing in to the pages as a person would, with a browser's cookies: a local account through the
 * sign-in form (with its CSRF token), and OpenID Connect through a real provider (the authorization
 * code flow, the provider's ID token carrying CIS2's role claims).
 */
class WebSignInTest extends IntegrationTest {

    /** A browser: its own cookies, redirects followed by hand so each hop can be checked. */
    private final class Browser {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String url) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(absolute(url)))
                    .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
            for (int hops = 0; r.statusCode() / 100 == 3 && hops < 10; hops++) {
                String next = r.headers().firstValue("Location").orElseThrow();
                if (next.endsWith("/") || next.endsWith("/?continue")) {
                    return r; // signed in: the service sends the browser home
                }
                r = http.send(HttpRequest.newBuilder(URI.create(absolute(next))).header("Accept", "text/html").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            return r;
        }

        HttpResponse<String> postForm(String url, Map<String, String> form) throws Exception {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return http.send(HttpRequest.newBuilder(URI.create(absolute(url)))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        }

        private String absolute(String url) {
            return url.startsWith("http") ? url : "http://localhost:" + port + url;
        }
    }

    private static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("a CSRF token in the page").isTrue();
        return m.group(1);
    }

    private void signIn(Browser browser, String user, String password, int expectedStatus, String expectedLocation)
            throws Exception {
        String login = browser.get("/login").body();
        HttpResponse<String> r = browser.postForm("/login", Map.of("username", user, "password", password,
                "_csrf", csrf(login)));
        assertThat(r.statusCode()).isEqualTo(expectedStatus);
        assertThat(r.headers().firstValue("Location").orElse("")).contains(expectedLocation);
    }

    @Test
    void aLocalAccountSignsInAndSeesOnlyWhatItsRoleAdministers() throws Exception {
        Browser admin = new Browser();
        assertThat(admin.get("/admin/review").body()).as("not signed in: the sign-in page").contains("<h1>Sign in</h1>").contains("Sign in with");
        signIn(admin, "test-sysadmin-user", CLIENT_SECRET, 302, "/admin/review");
        HttpResponse<String> page = admin.get("/admin/review");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Possible matches");

        Browser gp = new Browser();
        signIn(gp, "test-gp-user", CLIENT_SECRET, 302, "/");
        assertThat(gp.get("/admin/review").statusCode()).as("a GP does not administer the person index").isEqualTo(403);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'sign-in' AND actor_user_id = 'test-gp-user'"
                + " AND actor_channel = 'page'")).isPositive();
    }

    @Test
    void aWrongPasswordIsRefusedAndAudited() throws Exception {
        long before = count("SELECT count(*) FROM audit_event WHERE action = 'sign-in.failed' AND actor_user_id = 'test-gp-user'");
        signIn(new Browser(), "test-gp-user", "not-the-password", 302, "/login?error");
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'sign-in.failed' AND actor_user_id = 'test-gp-user'"))
                .isEqualTo(before + 1);
    }

    @Test
    void aFormSentWithoutItsCsrfTokenIsRefused() throws Exception {
        Browser admin = new Browser();
        signIn(admin, "test-sysadmin-user", CLIENT_SECRET, 302, "/");
        HttpResponse<String> r = admin.postForm("/admin/quarantine/" + java.util.UUID.randomUUID() + "/discard",
                Map.of("reason", "forged by another site"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("CSRF");
    }

    @Test
    void anOpenIdConnectSignInTakesTheSelectedCis2RoleAndOrganisation() throws Exception {
        OIDC.enqueueCallback(new DefaultOAuth2TokenCallback(OIDC_ISSUER, "555099990000", JOSEObjectType.JWT.getType(),
                List.of(OIDC_AUDIENCE), Map.of("name", "Dr Web Cis2", "selected_roleid", "77",
                        "nhsid_nrbac_roles", List.of(Map.of("person_roleid", "77", "org_code", "XTG",
                                "role_code", "S8000:G8000:R8003"))), 300));
        Browser browser = new Browser();
        HttpResponse<String> r = browser.get("/oauth2/authorization/cis2");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'sign-in' AND actor_user_id = '555099990000'"
                + " AND actor_role = 'hospital-clinician' AND actor_organisation = 'XTG'"
                + " AND details LIKE '%openid-connect%'")).isEqualTo(1);
        // the session now reads the record as that professional
        HttpResponse<String> record = browser.http.send(HttpRequest.newBuilder(URI.create(base()
                        + "/Patient?family=nobody-is-called-this&birthdate=1900-01-01")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(record.statusCode()).as(record.body()).isEqualTo(200);
    }

    @Test
    void anOpenIdConnectSignInWithARoleOutsideTheRegionIsRefusedOnTheSignInPage() throws Exception {
        OIDC.enqueueCallback(new DefaultOAuth2TokenCallback(OIDC_ISSUER, "555099991111", JOSEObjectType.JWT.getType(),
                List.of(OIDC_AUDIENCE), Map.of("name", "Dr Elsewhere", "selected_roleid", "5",
                        "nhsid_nrbac_roles", List.of(Map.of("person_roleid", "5", "org_code", "XOUT9",
                                "role_code", "S8000:G8000:R8000"))), 300));
        Browser browser = new Browser();
        HttpResponse<String> r = browser.get("/oauth2/authorization/cis2");
        assertThat(r.statusCode()).as("the sign-in page").isEqualTo(200);
        assertThat(r.body()).contains("The organisation of the role you selected is not one this shared care record serves");
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'sign-in.failed' AND actor_user_id = '555099991111'"
                + " AND actor_organisation = 'XOUT9' AND actor_channel = 'page'")).isEqualTo(1);
        assertThat(browser.get("/admin/review").body()).as("not signed in").contains("<h1>Sign in</h1>");
    }
}
