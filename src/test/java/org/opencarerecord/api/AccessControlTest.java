package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opencarerecord.IntegrationTest;

/**
 * Who may read what through the API: tokens from the service's own issuer and from a real OpenID
 * Connect provider (CIS2's role claims), a feed's token, scopes, roles, the legitimate relationship
 * or a stated reason, the visibility policy with its "withheld" marker, and the audit of each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlTest extends IntegrationTest {

    private final String s = FeedIngestionTest.suffix();
    /** Known to the acute trust (XTA) with a recent encounter, and registered at the GP practice (XTG). */
    private String person;
    private String conditionId;
    private String nhs;

    @BeforeAll
    void load() {
        nhs = PersonMatchingTest.uniqueNhsNumber();
        JsonNode hospital = ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle(nhs, "AC" + s, "ac" + s, "38341003")));
        person = hospital.path("entry").get(0).path("response").path("location").asText().substring("Patient/".length());
        conditionId = hospital.path("entry").get(2).path("response").path("location").asText().split("/")[1];
        ok(post(FEED_TOKEN, """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:61111111-1111-4111-8111-%1$s","resource":{"resourceType":"Patient","id":"pat-AC%1$s",
                   "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%2$s"}],
                   "name":[{"family":"Smith","given":["Margaret"]}],"gender":"female","birthDate":"1948-03-02"},
                  "request":{"method":"PUT","url":"Patient/pat-AC%1$s"}},
                 {"resource":{"resourceType":"Encounter","id":"enc-ac%1$s","status":"finished",
                   "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
                   "subject":{"reference":"urn:uuid:61111111-1111-4111-8111-%1$s"},
                   "period":{"start":"%3$s"}},
                  "request":{"method":"PUT","url":"Encounter/enc-ac%1$s"}}]}""".formatted(s, nhs,
                java.time.LocalDate.now().minusDays(10))));
        ok(post(GP_TOKEN, """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:71111111-1111-4111-8111-%1$s","resource":{"resourceType":"Patient","id":"gp-AC%1$s",
                   "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%2$s"}],
                   "name":[{"family":"Smith","given":["Margaret"]}],"gender":"female","birthDate":"1948-03-02"},
                  "request":{"method":"PUT","url":"Patient/gp-AC%1$s"}}]}""".formatted(s, nhs)));
    }

    private String everything() {
        return "/Patient/" + person + "/$everything";
    }

    private String oidcToken(Map<String, Object> claims, List<String> audience, long expirySeconds) {
        return OIDC.issueToken(OIDC_ISSUER, "some-client", new DefaultOAuth2TokenCallback(OIDC_ISSUER, "555011112222",
                JOSEObjectType.JWT.getType(), audience, claims, expirySeconds)).serialize();
    }

    private Response getWithToken(String token, String reason, String path) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token);
        if (reason != null) {
            r.header("X-Care-Reason", reason);
        }
        return send(r.GET().build());
    }

    private long audited(String action, String user, String outcome) {
        return count("SELECT count(*) FROM audit_event WHERE action = ? AND actor_user_id = ? AND outcome = ? AND person_id = ?::uuid",
                action, user, outcome, person);
    }

    @Test
    void withoutATokenNothingIsRead() {
        Response r = getAs(null, null, everything());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).contains("Sign in first");
        assertThat(getAs(null, null, "/metadata").status()).as("the capability statement is public").isEqualTo(200);
    }

    @Test
    void aFeedsTokenCanOnlySend() {
        Response r = getWithToken(FEED_TOKEN, REASON, everything());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("can only send data");
        assertThat(send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/feeds"))
                .header("Authorization", "Bearer " + FEED_TOKEN).GET().build()).status()).isEqualTo(403);
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'access.denied' AND actor_user_id = 'feed:xta-fhir'"))
                .isPositive();
    }

    @Test
    void unknownForgedExpiredAndWrongAudienceTokensAreRefusedWithTheirReason() {
        Response unknown = getWithToken("not-a-token-we-know", REASON, everything());
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).contains("not one this service knows");

        String good = token(CLINICIAN);
        String[] parts = good.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        Response bad = getWithToken(forged, REASON, everything());
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.body()).contains("signature");

        Map<String, Object> cis2 = Map.of("scope", "user/*.read", "care_role", "hospital-clinician", "care_org", "XTA");
        long now = java.time.Instant.now().getEpochSecond();
        Map<String, Object> old = new java.util.HashMap<>(cis2);
        old.put("iat", now - 3600);
        old.put("nbf", now - 3600);
        old.put("exp", now - 1800);
        Response expired = getWithToken(oidcToken(old, List.of(OIDC_AUDIENCE), 300), REASON, everything());
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body()).contains("expired");

        Response elsewhere = getWithToken(oidcToken(cis2, List.of("another-service"), 300), REASON, everything());
        assertThat(elsewhere.status()).isEqualTo(401);
        assertThat(elsewhere.body()).contains("not meant for this service");
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'sign-in.failed' AND details::text LIKE '%expired%'"))
                .isPositive();

        // a client sending the same bad token again and again is recorded once a minute, not once a request
        String malformed = "SELECT count(*) FROM audit_event WHERE action = 'sign-in.failed' AND details::text LIKE '%malformed%'";
        long before = count(malformed);
        for (int i = 0; i < 5; i++) {
            assertThat(getWithToken("not-a-token-" + i, REASON, everything()).status()).isEqualTo(401);
        }
        assertThat(count(malformed) - before).isBetween(0L, 1L);
    }

    @Test
    void aTokenWhoseScopesDoNotReadIsRefused() {
        Response r = getAs("test-no-scope", REASON, everything());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("do not allow reading");
    }

    @Test
    void withoutARelationshipAReasonIsNeededAndTheAccessIsFlagged() {
        Response refused = getAs("test-elsewhere", null, everything());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("A reason is needed").contains("X-Care-Reason").contains("unplanned-care");
        assertThat(audited("access.denied", "test-elsewhere", "denied")).isEqualTo(1);

        Response unknownReason = getAs("test-elsewhere", "curiosity", everything());
        assertThat(unknownReason.status()).isEqualTo(403);
        assertThat(unknownReason.body()).contains("not a direct-care reason");

        Response allowed = getAs("test-elsewhere", "unplanned-care Seen in the urgent treatment centre", everything());
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT reason_code || '|' || reason_text || '|' || coalesce(relationship, 'none') FROM audit_event"
                        + " WHERE action = 'record.open' AND actor_user_id = 'test-elsewhere' AND person_id = ?::uuid")
                .param(person).query(String.class).list())
                .containsExactly("unplanned-care|Seen in the urgent treatment centre|none");
    }

    @Test
    void aRegisteredPersonOrARecentEncounterIsARelationship() {
        Response gp = getAs("test-gp", null, everything());
        assertThat(gp.status()).as(gp.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT relationship FROM audit_event WHERE action = 'record.open' AND actor_user_id = 'test-gp'"
                + " AND person_id = ?::uuid").param(person).query(String.class).list()).containsExactly("registered at XTG");

        Response hospital = getAs("test-pharmacist", null, everything());
        assertThat(hospital.status()).as(hospital.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT relationship FROM audit_event WHERE action = 'record.open' AND actor_user_id = 'test-pharmacist'"
                + " AND person_id = ?::uuid").param(person).query(String.class).list()).containsExactly("encounter at XTA");
    }

    @Test
    void aRoleSeesOnlyWhatThePolicyShowsItAndIsToldThatTheRestIsWithheld() {
        JsonNode clinician = getAs(CLINICIAN, null, everything()).json();
        assertThat(clinician.path("entry").toString()).contains("\"Condition\"").doesNotContain("withheld");

        Response adminStaff = getAs("test-admin-staff", null, everything());
        assertThat(adminStaff.status()).as(adminStaff.body()).isEqualTo(200);
        JsonNode bundle = adminStaff.json();
        assertThat(bundle.path("entry").toString()).contains("\"Patient\"").doesNotContain("\"Condition\"")
                .doesNotContain("\"Observation\"").doesNotContain("\"Encounter\"").contains("Some information has been withheld");
        assertThat(bundle.path("total").asInt()).isEqualTo(1);

        Response search = getAs("test-admin-staff", null, "/Condition?patient=" + person);
        assertThat(search.json().path("entry").toString()).doesNotContain("38341003").contains("withheld");
        Response read = getAs("test-admin-staff", null, "/Condition/" + conditionId);
        assertThat(read.status()).isEqualTo(403);
        assertThat(read.body()).contains("withheld");
        assertThat(getAs(CLINICIAN, REASON, "/Condition/" + conditionId).status()).isEqualTo(200);
    }

    @Test
    void aResultRecordedInTheLastTwoWeeksIsMarkedAsPerhapsNotYetDiscussed() {
        ok(post(FEED_TOKEN, """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Observation","id":"new-ac%1$s","status":"final",
                   "code":{"coding":[{"system":"http://loinc.org","code":"2160-0","display":"Creatinine"}]},
                   "subject":{"reference":"Patient/pat-AC%1$s"},"effectiveDateTime":"%2$s","issued":"%3$s",
                   "valueQuantity":{"value":412,"unit":"umol/L"}},
                  "request":{"method":"PUT","url":"Observation/new-ac%1$s"}}]}""".formatted(s,
                java.time.LocalDate.now().minusDays(1), java.time.Instant.now())));
        JsonNode entries = getAs(CLINICIAN, null, everything()).json().path("entry");
        int marked = 0;
        for (JsonNode e : entries) {
            boolean flagged = e.path("search").path("extension").toString().contains("not-yet-discussed");
            String code = e.path("resource").path("code").path("coding").path(0).path("code").asText();
            if (code.equals("2160-0")) {
                assertThat(flagged).as("recorded yesterday").isTrue();
                marked++;
            } else if (code.equals("4548-4") || code.equals("38341003")) {
                assertThat(flagged).as("recorded in 2019 or taken in 2024: long since discussable").isFalse();
            }
        }
        assertThat(marked).isEqualTo(1);
        JsonNode search = getAs(CLINICIAN, null, "/Observation?patient=" + person + "&code=2160-0").json();
        assertThat(search.path("entry").get(0).path("resource").path("meta").path("tag").toString())
                .contains("not-yet-discussed").contains("may not yet have been discussed");
    }

    @Test
    void aSearchResultTellsPeopleApartWithoutSayingWhichServicesKnowThem() {
        Response search = getAs("test-elsewhere", null, "/Patient?identifier=" + nhs);
        assertThat(search.json().path("entry")).as(search.body()).hasSize(1);
        JsonNode found = search.json().path("entry").get(0).path("resource");
        assertThat(found.path("id").asText()).isEqualTo(person);
        assertThat(found.path("identifier")).as("the NHS number only").hasSize(1);
        assertThat(found.path("meta").path("extension").isMissingNode()).as("no provenance naming the sources").isTrue();
        assertThat(found.path("birthDate").asText()).isEqualTo("1948-03-02");
        Response sources = getAs("test-admin-staff", null, "http://localhost:" + port + "/api/persons/" + person + "/sources");
        assertThat(sources.status()).as(sources.body()).isEqualTo(200);
        assertThat(sources.json().path("holdingData").toString()).as("no count of the clinical items hidden from the role")
                .doesNotContain("\"items\":2").doesNotContain("\"items\":3");
    }

    @Test
    void sensitiveInformationIsForNamedRolesAndOthersBreakTheGlassWhichIsReported() {
        String t = FeedIngestionTest.suffix();
        String other = post(FEED_TOKEN, FeedIngestionTest.patientBundle(PersonMatchingTest.uniqueNhsNumber(), "SG" + t,
                "sg" + t, "38341003")).json().path("entry").get(0).path("response").path("location").asText();
        ok(post(FEED_TOKEN, """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Condition","id":"sg-concern-%1$s",
                   "code":{"coding":[{"system":"http://snomed.info/sct","code":"TEST-SAFEGUARDING","display":"Concern"}]},
                   "subject":{"reference":"Patient/pat-SG%1$s"},"recordedDate":"2020-01-01"},
                  "request":{"method":"PUT","url":"Condition/sg-concern-%1$s"}}]}""".formatted(t)));
        String record = "/" + other + "/$everything";
        String hidden = getAs(CLINICIAN, REASON, record).body();
        assertThat(hidden).doesNotContain("TEST-SAFEGUARDING").contains("Some information has been withheld");
        assertThat(getAs("test-gp", REASON, "/Condition?patient=" + other.substring(8)).body())
                .as("a named role sees it").contains("TEST-SAFEGUARDING");

        Response broken = send(HttpRequest.newBuilder(URI.create(base() + record))
                .header("Authorization", "Bearer " + token(CLINICIAN)).header("X-Care-Reason", REASON)
                .header("X-Care-Break-Glass", "unconscious in the emergency department").GET().build());
        assertThat(broken.body()).contains("TEST-SAFEGUARDING");
        assertThat(getAs(CLINICIAN, REASON, record).body()).as("for the break-glass period").contains("TEST-SAFEGUARDING");
        assertThat(getAs("test-pharmacist", REASON, record).body()).as("only for who broke it")
                .doesNotContain("TEST-SAFEGUARDING");
        JsonNode report = getAs("test-privacy", null, "http://localhost:" + port + "/admin/audit/reports/break-glass").json();
        assertThat(report.toString()).contains(other.substring(8)).contains("unconscious in the emergency department")
                .contains(CLINICIAN);
    }

    @Test
    void privacyOfficersAndSystemAdministratorsDoNotOpenRecords() {
        for (String role : List.of("test-privacy", SYSADMIN)) {
            Response r = getAs(role, REASON, everything());
            assertThat(r.status()).as(role).isEqualTo(403);
            assertThat(r.body()).contains("does not open people's records");
            assertThat(getAs(role, null, "/Patient?family=smith&birthdate=1948-03-02").status()).isEqualTo(403);
        }
        assertThat(getAs("test-privacy", null, "http://localhost:" + port + "/admin/feeds").status()).isEqualTo(403);
        assertThat(getAs(SYSADMIN, null, "http://localhost:" + port + "/admin/feeds").status()).isEqualTo(200);
        assertThat(getAs(CLINICIAN, null, "http://localhost:" + port + "/admin/quarantine-items").status()).isEqualTo(403);
    }

    @Test
    void aCis2SignInGivesTheSelectedNationalRoleAndItsOrganisation() {
        Map<String, Object> claims = Map.of("scope", "user/*.read", "name", "Dr Test Cis2",
                "selected_roleid", "2222",
                "nhsid_nrbac_roles", List.of(
                        Map.of("person_roleid", "1111", "org_code", "XTG", "role_code", "S8000:G8000:R8008"),
                        Map.of("person_roleid", "2222", "org_code", "XTA", "role_code", "S8000:G8000:R8000")));
        Response r = getWithToken(oidcToken(claims, List.of(OIDC_AUDIENCE), 300), null, everything());
        assertThat(r.status()).as("a clinical practitioner at XTA, where the person had an encounter: " + r.body())
                .isEqualTo(200);
        assertThat(count("SELECT count(*) FROM audit_event WHERE actor_user_id = '555011112222' AND actor_role = 'hospital-clinician'"
                + " AND actor_organisation = 'XTA' AND action = 'record.open'")).isPositive();

        Map<String, Object> unknownRole = Map.of("scope", "user/*.read", "nhsid_nrbac_roles",
                List.of(Map.of("person_roleid", "3", "org_code", "XTA", "role_code", "S1:G1:R9999")));
        Response refused = getWithToken(oidcToken(unknownRole, List.of(OIDC_AUDIENCE), 300), REASON, everything());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("no role this service knows");
    }

    @Test
    void aCis2RoleAtAnOrganisationOutsideTheRegionIsRefusedAndAudited() {
        Map<String, Object> claims = Map.of("scope", "user/*.read", "sub", "555033334444", "selected_roleid", "9",
                "nhsid_nrbac_roles", List.of(
                        Map.of("person_roleid", "8", "org_code", "XTA", "role_code", "S8000:G8000:R8000"),
                        Map.of("person_roleid", "9", "org_code", "XOUT1", "role_code", "S8000:G8000:R8000")));
        Response r = getWithToken(oidcToken(claims, List.of(OIDC_AUDIENCE), 300), REASON, everything());
        assertThat(r.status()).as("the selected role is at XOUT1, outside the region").isEqualTo(403);
        assertThat(r.body()).contains("XOUT1").contains("not one this shared care record serves");
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'sign-in.failed' AND actor_user_id = '555033334444'"
                + " AND actor_organisation = 'XOUT1' AND details LIKE '%organisation not in the region%'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_event WHERE actor_user_id = '555033334444' AND action = 'record.open'"))
                .isZero();

        Map<String, Object> plain = Map.of("scope", "user/*.read", "sub", "555033335555", "care_role", "gp", "care_org",
                "XOUT2");
        assertThat(getWithToken(oidcToken(plain, List.of(OIDC_AUDIENCE), 300), REASON, everything()).status())
                .as("a provider's plain role claims too").isEqualTo(403);
        Map<String, Object> unselected = Map.of("scope", "user/*.read", "sub", "555033336666", "nhsid_nrbac_roles", List.of(
                Map.of("person_roleid", "1", "org_code", "XOUT3", "role_code", "S8000:G8000:R8000"),
                Map.of("person_roleid", "2", "org_code", "XTA", "role_code", "S8000:G8000:R8000")));
        assertThat(getWithToken(oidcToken(unselected, List.of(OIDC_AUDIENCE), 300), null, everything()).status())
                .as("no role selected: the one at an organisation of the region").isEqualTo(200);
    }

    @Test
    void aPatientScopedTokenReadsOnlyItsPerson() {
        Map<String, Object> claims = Map.of("scope", "patient/*.read", "care_role", "hospital-clinician", "care_org", "XTA",
                "patient", person);
        String token = oidcToken(claims, List.of(OIDC_AUDIENCE), 300);
        assertThat(getWithToken(token, null, everything()).status()).isEqualTo(200);
        String other = post(FEED_TOKEN, FeedIngestionTest.patientBundle(PersonMatchingTest.uniqueNhsNumber(), "AO" + s,
                "ao" + s, "38341003")).json().path("entry").get(0).path("response").path("location").asText();
        Response r = getWithToken(token, REASON, "/" + other + "/$everything");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("one person's record");
        assertThat(getWithToken(token, null, "/Patient?family=smith").status()).isEqualTo(403);
    }

    @Test
    void theTokenEndpointRefusesWrongClientsGrantsAndScopes() {
        Response wrong = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=test-gp&client_secret=nope"))
                .build());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().path("error").asText()).isEqualTo("invalid_client");
        Response grant = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=test-gp&client_secret=" + CLIENT_SECRET))
                .build());
        assertThat(grant.status()).isEqualTo(400);
        assertThat(grant.json().path("error").asText()).isEqualTo("unsupported_grant_type");
        Response scope = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=test-gp&client_secret="
                        + CLIENT_SECRET + "&scope=system/*.read"))
                .build());
        assertThat(scope.status()).isEqualTo(400);
        assertThat(scope.json().path("error").asText()).isEqualTo("invalid_scope");
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'sign-in.failed' AND actor_user_id = 'test-gp'")).isPositive();
    }
}
