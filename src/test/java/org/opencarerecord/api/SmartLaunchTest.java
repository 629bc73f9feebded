package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opencarerecord.IntegrationTest;
import org.opencarerecord.SmartEhr;

/**
 * The viewer launched from an EHR as a SMART on FHIR app (EHR launch), end to end over real HTTP: the
 * EHR's launch, its authorization server (a real OAuth2 / OpenID Connect server with PKCE), the code
 * exchanged, the ID token checked, the patient read from the EHR's FHIR server for their NHS number,
 * and the session locked to that person with the launch as the relationship; and what is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmartLaunchTest extends IntegrationTest {

    private final String s = FeedIngestionTest.suffix();
    /** Known only to the acute trust XTA; the EHR's organisation (XTE) has no relationship with them. */
    private String person;
    private String nhs;
    private String other;
    private final String ehrPatient = "ehr-" + s;

    @BeforeAll
    void load() {
        nhs = PersonMatchingTest.uniqueNhsNumber();
        person = ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle(nhs, "SM" + s, "sm" + s, "38341003")))
                .path("entry").get(0).path("response").path("location").asText().substring("Patient/".length());
        String s2 = FeedIngestionTest.suffix();
        other = ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle(PersonMatchingTest.uniqueNhsNumber(), "SN" + s2, "sn" + s2,
                "38341003"))).path("entry").get(0).path("response").path("location").asText().substring("Patient/".length());
        SmartEhr.PATIENTS.put(ehrPatient, nhs);
        SmartEhr.PATIENTS.put("no-number-" + s, "");
        SmartEhr.PATIENTS.put("unknown-here-" + s, PersonMatchingTest.uniqueNhsNumber());
    }

    @AfterEach
    void reset() {
        SmartEhr.user = Map.of("sub", "ehr-user", "name", "Dr Ehr User", "ehr_role", "doctor");
        SmartEhr.patientInContext = null;
        SmartEhr.tokenAnswer = UnaryOperator.identity();
    }

    /** A browser: its own cookies, each redirect looked at. */
    private final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String url) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : "http://localhost:" + port + url))
                        .header("Accept", url.contains("/fhir/") && !url.contains("/smart/") ? "application/fhir+json" : "text/html")
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String smartLaunch(String iss, String launch) {
        return "/smart/launch?iss=" + URLEncoder.encode(iss, StandardCharsets.UTF_8) + "&launch="
                + URLEncoder.encode(launch, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The EHR's launch, to the authorization server and back: the viewer's answer to the browser's return. */
    private HttpResponse<String> launchFromTheEhr(Browser browser, String patientInContext) {
        SmartEhr.patientInContext = patientInContext;
        HttpResponse<String> launched = browser.get(smartLaunch(SmartEhr.fhirBase(), "launch-" + UUID.randomUUID()));
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(302);
        HttpResponse<String> authorised = browser.get(launched.headers().firstValue("Location").orElseThrow());
        assertThat(authorised.statusCode()).as(authorised.body()).isEqualTo(302);
        String back = authorised.headers().firstValue("Location").orElseThrow();
        assertThat(back).startsWith("http://localhost:" + port + "/smart/callback?");
        return browser.get(back);
    }

    @Test
    void anEhrLaunchOpensThePatientInContextWithTheLaunchAsTheRelationship() throws Exception {
        SmartEhr.user = Map.of("sub", "ehr-doctor-" + s, "name", "Dr Smart Launch", "ehr_role", "doctor",
                "fhirUser", SmartEhr.fhirBase() + "/Practitioner/77");
        Browser browser = new Browser();
        SmartEhr.patientInContext = ehrPatient;
        HttpResponse<String> launched = browser.get(smartLaunch(SmartEhr.fhirBase() + "/", "opaque-launch-" + s));
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(302);
        String authorize = launched.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith(SmartEhr.AUTHORIZATION.authorizationEndpointUrl(SmartEhr.ISSUER_ID).toString());
        Map<String, String> asked = query(authorize);
        assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", SmartEhr.CLIENT_ID)
                .containsEntry("redirect_uri", "http://localhost:" + port + "/smart/callback")
                .containsEntry("scope", "launch openid fhirUser patient/Patient.read")
                .containsEntry("aud", SmartEhr.fhirBase()).containsEntry("launch", "opaque-launch-" + s)
                .containsEntry("code_challenge_method", "S256").containsKeys("state", "nonce", "code_challenge");

        HttpResponse<String> authorised = browser.get(authorize);
        HttpResponse<String> back = browser.get(authorised.headers().firstValue("Location").orElseThrow());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(303);
        assertThat(back.headers().firstValue("Location").orElseThrow()).endsWith("/record/" + person);

        // the code went back with the PKCE verifier, as the registered confidential client
        String verifier = SmartEhr.lastTokenRequest.get("code_verifier");
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)))).isEqualTo(asked.get("code_challenge"));
        assertThat(SmartEhr.lastTokenAuthorization).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (SmartEhr.CLIENT_ID + ":" + SmartEhr.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> read = browser.get("/fhir/Patient/" + person);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        HttpResponse<String> someoneElse = browser.get("/fhir/Patient/" + other);
        assertThat(someoneElse.statusCode()).as("locked to the patient in context").isEqualTo(403);
        assertThat(someoneElse.body()).contains("opened by Test Hospital EHR for one person");

        String relationship = "in-context launch from Test Hospital EHR (XTE)";
        assertThat(jdbc.sql("SELECT action || '|' || actor_role || '|' || actor_organisation || '|' || relationship FROM audit_event"
                        + " WHERE actor_user_id = ? AND person_id = ?::uuid AND outcome = 'allowed' ORDER BY seq")
                .params("ehr-doctor-" + s, person).query(String.class).list())
                .containsExactly("launch|hospital-clinician|XTE|" + relationship, "record.open|hospital-clinician|XTE|" + relationship);
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE action = 'launch' AND actor_user_id = ?")
                .param("ehr-doctor-" + s).query(String.class).single()).contains("\"smart\"").contains("test-ehr")
                .doesNotContain(nhs);
    }

    @Test
    void aLaunchFromAnEhrThatIsNotConfiguredIsRefused() {
        refused(new Browser().get(smartLaunch("https://ehr.elsewhere.example/fhir", "x")), 401, "not configured for",
                "unknown-system");
        refused(new Browser().get("/smart/launch"), 400, "names the EHR", "malformed");
    }

    @Test
    void aReturnThatMatchesNoLaunchInThisBrowserIsRefused() {
        Browser browser = new Browser();
        SmartEhr.patientInContext = ehrPatient;
        HttpResponse<String> launched = browser.get(smartLaunch(SmartEhr.fhirBase(), "l"));
        String back = browser.get(launched.headers().firstValue("Location").orElseThrow()).headers().firstValue("Location")
                .orElseThrow();
        refused(new Browser().get(back), 400, "does not match a launch under way", "unknown-state");
        assertThat(browser.get(back).statusCode()).as("the launch's own browser").isEqualTo(303);
        refused(browser.get(back), 400, "does not match a launch under way", "unknown-state");
    }

    @Test
    void anEhrThatDoesNotAuthoriseTheLaunchIsRefused() {
        Browser browser = new Browser();
        HttpResponse<String> launched = browser.get(smartLaunch(SmartEhr.fhirBase(), "l"));
        String state = query(launched.headers().firstValue("Location").orElseThrow()).get("state");
        refused(browser.get("/smart/callback?error=access_denied&state=" + state), 401, "did not authorise the launch",
                "ehr-refused");
    }

    @Test
    void anIdTokenNotIssuedForThisLaunchIsRefused() {
        // signed by the EHR, for this client, but with another launch's nonce
        SmartEhr.tokenAnswer = tokens -> tokens.put("id_token", SmartEhr.AUTHORIZATION.issueToken(SmartEhr.ISSUER_ID,
                SmartEhr.CLIENT_ID, new DefaultOAuth2TokenCallback(SmartEhr.ISSUER_ID, "ehr-user", JOSEObjectType.JWT.getType(),
                        List.of(SmartEhr.CLIENT_ID), Map.of("nonce", "another-launch", "ehr_role", "doctor"), 300)).serialize());
        refused(launchFromTheEhr(new Browser(), ehrPatient), 401, "not issued for this launch", "bad-id-token");

        // from another issuer, signed with another key
        SmartEhr.tokenAnswer = tokens -> tokens.put("id_token", SmartEhr.AUTHORIZATION.issueToken("elsewhere",
                SmartEhr.CLIENT_ID, new DefaultOAuth2TokenCallback("elsewhere", "ehr-user", JOSEObjectType.JWT.getType(),
                        List.of(SmartEhr.CLIENT_ID), Map.of("ehr_role", "doctor"), 300)).serialize());
        refused(launchFromTheEhr(new Browser(), ehrPatient), 401, "ID token does not check out", "bad-id-token");

        // meant for another client
        SmartEhr.tokenAnswer = tokens -> tokens.put("id_token", SmartEhr.AUTHORIZATION.issueToken(SmartEhr.ISSUER_ID,
                "another-app", new DefaultOAuth2TokenCallback(SmartEhr.ISSUER_ID, "ehr-user", JOSEObjectType.JWT.getType(),
                        List.of("another-app"), Map.of("ehr_role", "doctor"), 300)).serialize());
        refused(launchFromTheEhr(new Browser(), ehrPatient), 401, "ID token does not check out", "bad-id-token");

        SmartEhr.tokenAnswer = tokens -> {
            tokens.remove("id_token");
            return tokens;
        };
        refused(launchFromTheEhr(new Browser(), ehrPatient), 401, "sent no ID token", "bad-id-token");
    }

    @Test
    void aUserWhoseEhrRoleIsNotMappedIsRefused() {
        SmartEhr.user = Map.of("sub", "ehr-porter-" + s, "name", "A Porter", "ehr_role", "porter");
        refused(launchFromTheEhr(new Browser(), ehrPatient), 403, "not one this service maps", "unmapped-role");
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'launch.refused' AND actor_user_id = ?",
                "ehr-porter-" + s)).as("the ID token verified: the refusal names its user").isEqualTo(1);
    }

    @Test
    void aPatientWithoutAnNhsNumberOrNotKnownHereIsRefused() {
        refused(launchFromTheEhr(new Browser(), "no-number-" + s), 404, "carries no NHS number", "no-nhs-number");
        refused(launchFromTheEhr(new Browser(), "unknown-here-" + s), 404, "No record here", "unknown-person");
        refused(launchFromTheEhr(new Browser(), null), 400, "without a patient in context", "no-patient");
    }

    /** A refusal: its status, a page that says why (no NHS number, no stack trace), no session signed in, audited. */
    private void refused(HttpResponse<String> r, int status, String says, String reason) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("<h1>").contains(says).doesNotContain(nhs).doesNotContain("Exception")
                .doesNotContain("at org.");
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'launch.refused' AND details LIKE ?"
                + " AND details LIKE '%\"smart\"%'", "%" + reason + "%")).isPositive();
    }
}
