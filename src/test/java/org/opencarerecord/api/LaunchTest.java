package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencarerecord.LaunchingSystems.GP_SECRET;
import static org.opencarerecord.LaunchingSystems.gpLaunch;
import static org.opencarerecord.LaunchingSystems.hs256;
import static org.opencarerecord.LaunchingSystems.rs256;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opencarerecord.IntegrationTest;
import org.opencarerecord.access.LaunchLinkCommand;
import org.opencarerecord.LaunchingSystems;

/**
 * In-context launch by a signed launch link (POST /launch): a GP or hospital system opens the
 * viewer on one person for its user, without a second sign-in. A good launch signs a new session in,
 * locked to that person, with the launch as the relationship; every bad one is refused with a page
 * saying why, and audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LaunchTest extends IntegrationTest {

    private final String s = FeedIngestionTest.suffix();
    /** Known only to the acute trust (XTA): the GP practice XTG has no relationship with them. */
    private String person;
    private String nhs;
    /** Someone else, also known to XTA. */
    private String other;

    @BeforeAll
    void load() {
        nhs = PersonMatchingTest.uniqueNhsNumber();
        person = ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle(nhs, "LA" + s, "la" + s, "38341003")))
                .path("entry").get(0).path("response").path("location").asText().substring("Patient/".length());
        String s2 = FeedIngestionTest.suffix();
        other = ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle(PersonMatchingTest.uniqueNhsNumber(), "LB" + s2, "lb" + s2,
                "38341003"))).path("entry").get(0).path("response").path("location").asText().substring("Patient/".length());
    }

    /** A browser: its own cookies, no redirects followed. */
    private final class Browser {
        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();

        /** The launching system's auto-submitting form, posted from its own page (another site). */
        HttpResponse<String> launch(String token) {
            return form("/launch", Map.of("launch_token", token), "https://gp-system.example");
        }

        HttpResponse<String> form(String path, Map<String, String> fields) {
            return form(path, fields, "http://localhost:" + port);
        }

        HttpResponse<String> form(String path, Map<String, String> fields, String origin) {
            StringBuilder body = new StringBuilder();
            fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                    .header("Origin", origin).POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        }

        HttpResponse<String> get(String path, String reason) {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create((path.startsWith("http") ? "" : "http://localhost:" + port)
                    + path)).header("Accept", path.startsWith("/fhir") ? "application/fhir+json" : "text/html").GET();
            if (reason != null) {
                r.header("X-Care-Reason", reason);
            }
            return send(r);
        }

        String session() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                    .map(HttpCookie::getValue).findFirst().orElse(null);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("a CSRF token in the page").isTrue();
        return m.group(1);
    }

    private long audited(String action, String outcome, String detail) {
        return count("SELECT count(*) FROM audit_event WHERE action = ? AND outcome = ? AND details LIKE ?", action, outcome,
                "%" + detail + "%");
    }

    @Test
    void aSignedLaunchOpensThatPersonWithTheLaunchAsTheRelationship() {
        Response withoutRelationship = getAs("test-gp", null, "/Patient/" + person);
        assertThat(withoutRelationship.status()).as("the GP practice XTG has no other relationship with the person")
                .isEqualTo(403);
        assertThat(withoutRelationship.body()).contains("A reason is needed");

        Browser browser = new Browser();
        Map<String, Object> claims = gpLaunch(nhs);
        claims.put("sub", "G-launch-" + s);
        HttpResponse<String> launched = browser.launch(hs256(claims, GP_SECRET));
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(303);
        assertThat(launched.headers().firstValue("Location").orElseThrow()).endsWith("/record/" + person);
        assertThat(browser.session()).as("a session").isNotNull();

        HttpResponse<String> read = browser.get("/fhir/Patient/" + person, null);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains(nhs);
        HttpResponse<String> everything = browser.get("/fhir/Patient/" + person + "/$everything", null);
        assertThat(everything.statusCode()).as(everything.body()).isEqualTo(200);

        String relationship = "in-context launch from Test GP System (XTG)";
        assertThat(jdbc.sql("SELECT action || '|' || actor_role || '|' || actor_organisation || '|' || relationship"
                        + " FROM audit_event WHERE actor_user_id = ? AND person_id = ?::uuid AND outcome = 'allowed' ORDER BY seq")
                .params("G-launch-" + s, person).query(String.class).list())
                .containsExactly("launch|gp|XTG|" + relationship, "record.open|gp|XTG|" + relationship,
                        "record.open|gp|XTG|" + relationship);
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE action = 'launch' AND actor_user_id = ?")
                .param("G-launch-" + s).query(String.class).single())
                .contains("test-gp-system").contains("signed-link").contains("XTG").doesNotContain(nhs);
    }

    @Test
    void theLaunchedSessionIsLockedToThatOnePerson() {
        Browser browser = new Browser();
        assertThat(browser.launch(hs256(gpLaunch(nhs), GP_SECRET)).statusCode()).isEqualTo(303);

        HttpResponse<String> someoneElse = browser.get("/fhir/Patient/" + other, REASON);
        assertThat(someoneElse.statusCode()).as("even with a reason: the session is for one person").isEqualTo(403);
        assertThat(someoneElse.body()).contains("one person");
        assertThat(browser.get("/fhir/Patient/" + other + "/$everything", null).statusCode()).isEqualTo(403);
        assertThat(browser.get("/fhir/Condition?patient=" + other, REASON).statusCode()).isEqualTo(403);
        HttpResponse<String> search = browser.get("/fhir/Patient?family=smith&birthdate=1948-03-02", null);
        assertThat(search.statusCode()).as("no finding other people either").isEqualTo(403);
        assertThat(browser.get("/api/persons/" + other + "/sources", REASON).statusCode()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'access.denied' AND actor_user_id = 'G8123456'"
                + " AND person_id = ?::uuid", other)).isPositive();
        assertThat(browser.get("/fhir/Patient/" + person, null).statusCode()).as("the launched person still opens").isEqualTo(200);
    }

    @Test
    void aHospitalSystemLaunchesWithItsRsaKey() {
        Map<String, Object> claims = gpLaunch(nhs);
        claims.put("iss", LaunchingSystems.EPR);
        claims.put("sub", "epr-user-" + s);
        claims.put("role", "R8000");
        claims.put("org", "XTA");
        Browser browser = new Browser();
        HttpResponse<String> launched = browser.launch(rs256(claims));
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(303);
        assertThat(browser.get("/fhir/Patient/" + person, null).statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT relationship FROM audit_event WHERE action = 'record.open' AND actor_user_id = ?")
                .param("epr-user-" + s).query(String.class).list())
                .containsExactly("in-context launch from Test Hospital EPR (XTA)");
    }

    @Test
    void aLaunchStartsANewSessionInPlaceOfTheBrowsersEarlierOne() {
        Browser browser = new Browser();
        String login = browser.get("/login", null).body();
        HttpResponse<String> signedIn = browser.form("/login", Map.of("username", "test-gp-user", "password", CLIENT_SECRET,
                "_csrf", csrf(login)));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        String before = browser.session();
        assertThat(browser.get("/fhir/Patient?family=smith&birthdate=1948-03-02", null).statusCode())
                .as("signed in with a local account: searching is allowed").isEqualTo(200);

        assertThat(browser.launch(hs256(gpLaunch(nhs), GP_SECRET)).statusCode()).isEqualTo(303);
        assertThat(browser.session()).isNotNull().isNotEqualTo(before);
        assertThat(browser.get("/fhir/Patient?family=smith&birthdate=1948-03-02", null).statusCode())
                .as("the earlier sign-in is gone: the session is the launch's").isEqualTo(403);

        Response old = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + person)).header("Cookie", "JSESSIONID=" + before)
                .header("X-Care-Reason", REASON).GET().build());
        assertThat(old.status()).as("the earlier session id is dead").isEqualTo(401);
    }

    @Test
    void theJarsLaunchLinkCommandMakesALaunchTheServiceTakes() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int exit = LaunchLinkCommand.run(new String[] {"--nhs-number", nhs, "--url", "http://localhost:" + port,
                "--system", LaunchingSystems.GP_SYSTEM, "--secret", GP_SECRET, "--user", "cmd-" + s, "--org", "XTG"},
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err, Instant.now());
        assertThat(exit).isZero();
        String page = out.toString(StandardCharsets.UTF_8);
        assertThat(page).contains("action=\"http://localhost:" + port + "/launch\"").contains("document.forms[0].submit()");
        Matcher token = Pattern.compile("name=\"launch_token\" value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).isTrue();
        HttpResponse<String> launched = new Browser().launch(token.group(1));
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(303);
        assertThat(launched.headers().firstValue("Location").orElseThrow()).endsWith("/record/" + person);
    }

    @Test
    void theSameLaunchTwiceIsRefusedTheSecondTime() {
        String token = hs256(gpLaunch(nhs), GP_SECRET);
        assertThat(new Browser().launch(token).statusCode()).isEqualTo(303);
        Browser replaying = new Browser();
        refused(replaying.launch(token), 401, "used already", "replayed");
        assertThat(replaying.get("/fhir/Patient/" + person, null).statusCode()).as("nobody signed in").isEqualTo(401);
    }

    @Test
    void anExpiredOrNotYetValidOrTooLongLivedLaunchIsRefused() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> expired = gpLaunch(nhs);
        expired.put("iat", now - 400);
        expired.put("exp", now - 100);
        refused(new Browser().launch(hs256(expired, GP_SECRET)), 401, "expired", "expired");

        Map<String, Object> withinSkew = gpLaunch(nhs);
        withinSkew.put("iat", now - 200);
        withinSkew.put("exp", now - 10);
        assertThat(new Browser().launch(hs256(withinSkew, GP_SECRET)).statusCode())
                .as("30 seconds of clock skew are allowed").isEqualTo(303);

        Map<String, Object> future = gpLaunch(nhs);
        future.put("iat", now + 120);
        future.put("exp", now + 240);
        refused(new Browser().launch(hs256(future, GP_SECRET)), 401, "not valid yet", "not-yet-valid");

        Map<String, Object> tooLong = gpLaunch(nhs);
        tooLong.put("exp", now + 3600);
        refused(new Browser().launch(hs256(tooLong, GP_SECRET)), 401, "5 minutes", "too-long-lived");
    }

    @Test
    void aWronglySignedLaunchIsRefused() {
        refused(new Browser().launch(hs256(gpLaunch(nhs), "another-secret-that-is-also-longer-than-32-bytes")), 401,
                "signature does not verify", "bad-signature");

        String good = hs256(gpLaunch(nhs), GP_SECRET);
        String[] parts = good.split("\\.");
        Map<String, Object> changed = gpLaunch(nhs);
        changed.put("org", "XTL");
        String tampered = hs256(changed, GP_SECRET).split("\\.")[1];
        refused(new Browser().launch(parts[0] + "." + tampered + "." + parts[2]), 401, "signature does not verify",
                "bad-signature");

        // the hospital EPR's public key is no HMAC secret: an HS256 token in its name must not pass
        Map<String, Object> confused = gpLaunch(nhs);
        confused.put("iss", LaunchingSystems.EPR);
        confused.put("role", "R8000");
        confused.put("org", "XTA");
        refused(new Browser().launch(hs256(confused, LaunchingSystems.eprPublicKeyPem())), 401, "signature does not verify",
                "bad-signature");

        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'launch.refused' AND details LIKE '%bad-signature%'"
                + " AND actor_user_id = 'anonymous'")).as("an unverified token's user is nobody's word").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aLaunchFromAnUnknownSystemOrForAnotherServiceIsRefused() {
        Map<String, Object> unknown = gpLaunch(nhs);
        unknown.put("iss", "some-other-system");
        refused(new Browser().launch(hs256(unknown, GP_SECRET)), 401, "does not know", "unknown-system");

        Map<String, Object> elsewhere = gpLaunch(nhs);
        elsewhere.put("aud", "another-service");
        refused(new Browser().launch(hs256(elsewhere, GP_SECRET)), 401, "not meant for this service", "wrong-audience");
    }

    @Test
    void aLaunchForAnOrganisationOrRoleTheSystemIsNotConfiguredForIsRefused() {
        Map<String, Object> organisation = gpLaunch(nhs);
        organisation.put("org", "XTA");
        refused(new Browser().launch(hs256(organisation, GP_SECRET)), 403, "not configured to launch for the organisation XTA",
                "organisation-not-configured");

        Map<String, Object> role = gpLaunch(nhs);
        role.put("role", "PRACTICE-MANAGER");
        refused(new Browser().launch(hs256(role, GP_SECRET)), 403, "does not map", "unmapped-role");
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'launch.refused' AND actor_user_id = 'G8123456'"
                + " AND details LIKE '%unmapped-role%'")).as("a signed launch's refusal names its user").isPositive();
    }

    @Test
    void aLaunchForAPersonNotKnownHereOrWithAnInvalidNhsNumberIsRefused() {
        String unknown = PersonMatchingTest.uniqueNhsNumber();
        refused(new Browser().launch(hs256(gpLaunch(unknown), GP_SECRET)), 404, "No record here", "unknown-person", unknown);

        String invalid = nhs.substring(0, 9) + ((nhs.charAt(9) - '0' + 1) % 10);
        refused(new Browser().launch(hs256(gpLaunch(invalid), GP_SECRET)), 400, "not valid", "invalid-nhs-number", invalid);
    }

    @Test
    void aMalformedLaunchIsRefused() {
        refused(new Browser().launch("this is not a token"), 400, "not a signed JWT", "malformed");
        refused(new Browser().form("/launch", Map.of(), "https://gp-system.example"), 400, "no launch token", "malformed");
        Map<String, Object> noJti = gpLaunch(nhs);
        noJti.remove("jti");
        refused(new Browser().launch(hs256(noJti, GP_SECRET)), 400, "no jti claim", "malformed");
        Map<String, Object> noPerson = gpLaunch(nhs);
        noPerson.remove("nhs_number");
        refused(new Browser().launch(hs256(noPerson, GP_SECRET)), 400, "no nhs_number claim", "malformed");
    }

    @Test
    void refusedLaunchesAreInThePrivacyOfficersReportOfRefusals() {
        Map<String, Object> elsewhere = gpLaunch(nhs);
        elsewhere.put("aud", "a-service-for-the-report-" + s);
        refused(new Browser().launch(hs256(elsewhere, GP_SECRET)), 401, "not meant for this service", "wrong-audience");
        Response report = getAs("test-privacy", null, "http://localhost:" + port + "/admin/audit/reports/refused");
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        assertThat(report.body()).contains("launch.refused").contains("wrong-audience");
    }

    private void refused(HttpResponse<String> r, int status, String says, String reason) {
        refused(r, status, says, reason, nhs);
    }

    /** A refusal: its status, a page that says why (never the NHS number, never a stack trace), an audit entry. */
    private void refused(HttpResponse<String> r, int status, String says, String reason, String nhsNumber) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("<h1>").contains(says).doesNotContain(nhsNumber)
                .doesNotContain("Exception").doesNotContain("at org.");
        assertThat(r.headers().firstValue("Set-Cookie").orElse("")).as("no session").doesNotContain("JSESSIONID");
        assertThat(audited("launch.refused", "denied", reason)).isPositive();
        assertThat(count("SELECT count(*) FROM audit_event WHERE action LIKE 'launch%' AND details LIKE ?", "%" + nhsNumber + "%"))
                .as("the audit never holds the NHS number in its details").isZero();
    }
}
