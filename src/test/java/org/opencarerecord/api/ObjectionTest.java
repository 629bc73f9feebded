package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.opencarerecord.access.internal.AccessProperties;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The objections register end to end: recorded by a privacy officer under the age rules, the
 * record then shows the person and the notice and nothing clinical, and withdrawing it opens the
 * record again; each step is audited.
 */
class ObjectionTest extends IntegrationTest {

    @Autowired
    private AccessProperties access;

    private Response postAsPrivacy(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token("test-privacy"))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private String person(String born) {
        String s = FeedIngestionTest.suffix();
        JsonNode stored = ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle(PersonMatchingTest.uniqueNhsNumber(), "OB" + s,
                "ob" + s, "38341003").replace("1948-03-02", born)));
        return stored.path("entry").get(0).path("response").path("location").asText().substring("Patient/".length());
    }

    @Test
    void whileAnObjectionStandsNothingClinicalIsShownAndWithdrawingItOpensTheRecordAgain() {
        String person = person("1970-06-01");
        assertThat(getAs(CLINICIAN, REASON, "/Patient/" + person + "/$everything").body()).contains("\"Condition\"");

        Response recorded = postAsPrivacy("/admin/objections", "{\"person\":\"" + person
                + "\",\"basis\":\"self\",\"note\":\"told the practice in person\"}");
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        String id = recorded.json().path("id").asText();
        assertThat(recorded.json().path("recordedBy").asText()).isEqualTo("test-privacy");
        assertThat(postAsPrivacy("/admin/objections", "{\"person\":\"" + person + "\",\"basis\":\"self\"}").status())
                .as("one standing objection per person").isEqualTo(409);

        JsonNode record = getAs(CLINICIAN, REASON, "/Patient/" + person + "/$everything").json();
        assertThat(record.path("entry").toString()).contains("\"Patient\"").contains("has objected")
                .doesNotContain("\"Condition\"").doesNotContain("\"Observation\"");
        assertThat(record.path("total").asInt()).as("not even how much there is").isEqualTo(1);
        Response search = getAs(CLINICIAN, REASON, "/Condition?patient=" + person);
        assertThat(search.status()).isEqualTo(403);
        assertThat(search.body()).contains("has objected");
        assertThat(getAs("test-gp", REASON, "/Patient/" + person).status()).as("the person and the notice can be seen")
                .isEqualTo(200);
        Response emergency = send(HttpRequest.newBuilder(URI.create(base() + "/Patient/" + person + "/$everything"))
                .header("Authorization", "Bearer " + token(CLINICIAN)).header("X-Care-Reason", REASON)
                .header("X-Care-Break-Glass", "unconscious in the emergency department").GET().build());
        assertThat(emergency.body()).as("no emergency override by default").contains("has objected")
                .doesNotContain("\"Condition\"");

        Response withdrawn = postAsPrivacy("/admin/objections/" + id + "/withdraw", "{\"note\":\"changed their mind\"}");
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.json().path("withdrawnBy").asText()).isEqualTo("test-privacy");
        assertThat(getAs(CLINICIAN, REASON, "/Patient/" + person + "/$everything").body()).contains("\"Condition\"");
        assertThat(count("SELECT count(*) FROM audit_event WHERE action IN ('objection.recorded', 'objection.withdrawn')"
                + " AND details::jsonb ->> 'request' LIKE '%/admin/objections%'")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theAgeRulesDecideWhoMayObject() {
        String adult = person("1990-01-01");
        Response parentForAdult = postAsPrivacy("/admin/objections", "{\"person\":\"" + adult + "\",\"basis\":\"parent\"}");
        assertThat(parentForAdult.status()).isEqualTo(400);
        assertThat(parentForAdult.body()).contains("16 or over they decide for themselves");

        String child = person(java.time.LocalDate.now().minusYears(12).toString());
        Response childAlone = postAsPrivacy("/admin/objections", "{\"person\":\"" + child + "\",\"basis\":\"self\"}");
        assertThat(childAlone.status()).isEqualTo(400);
        assertThat(childAlone.body()).contains("under 16");
        assertThat(postAsPrivacy("/admin/objections", "{\"person\":\"" + child + "\",\"basis\":\"competent-child\"}")
                .status()).as("a competent child may").isEqualTo(201);
        assertThat(getAs(CLINICIAN, REASON, "http://localhost:" + port + "/admin/objections").status())
                .as("only privacy officers keep the register").isEqualTo(403);
    }

    @Test
    void whereTheRegionLetsAnEmergencyOverrideAnObjectionOnlyTheProfessionalWhoBreaksTheGlassSeesTheRecordAndItIsReported() {
        String person = person("1965-02-03");
        assertThat(postAsPrivacy("/admin/objections", "{\"person\":\"" + person + "\",\"basis\":\"self\"}").status())
                .isEqualTo(201);
        String record = "/Patient/" + person + "/$everything";
        String reason = "cardiac arrest, no other history available " + FeedIngestionTest.suffix();
        access.setObjectionEmergencyOverride(true); // care-record.access.objection-emergency-override: true
        try {
            assertThat(getAs(CLINICIAN, REASON, record).body()).as("a stated reason alone is not an emergency")
                    .contains("has objected").doesNotContain("\"Condition\"");
            Response broken = send(HttpRequest.newBuilder(URI.create(base() + record))
                    .header("Authorization", "Bearer " + token(CLINICIAN)).header("X-Care-Reason", REASON)
                    .header("X-Care-Break-Glass", reason).GET().build());
            assertThat(broken.status()).isEqualTo(200);
            assertThat(broken.body()).contains("\"Condition\"").doesNotContain("has objected");
            assertThat(getAs(CLINICIAN, REASON, record).body()).as("for the break-glass period").contains("\"Condition\"");
            assertThat(getAs("test-gp", REASON, record).body()).as("only for who broke it").contains("has objected")
                    .doesNotContain("\"Condition\"");
            JsonNode report = getAs("test-privacy", null, "http://localhost:" + port + "/admin/audit/reports/break-glass").json();
            assertThat(report.toString()).contains(person).contains(reason).contains(CLINICIAN);
        } finally {
            access.setObjectionEmergencyOverride(false);
        }
        assertThat(getAs(CLINICIAN, REASON, record).body()).as("the default again: no override, even within the period")
                .contains("has objected").doesNotContain("\"Condition\"");
    }
}
