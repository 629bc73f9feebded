package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opencarerecord.IntegrationTest;

/**
 * What a privacy officer sees: a person's access history, the reports (access without a
 * relationship, refusals, out of hours, a shared surname, volume) and the same entries as FHIR
 * AuditEvents; nobody else sees them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyReportsTest extends IntegrationTest {

    private final String s = FeedIngestionTest.suffix();
    private String person;

    /** A person called Testgp (the surname of the test GP client), read on a reason, and refused once. */
    @BeforeAll
    void load() {
        JsonNode stored = ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle(PersonMatchingTest.uniqueNhsNumber(), "PR" + s,
                "pr" + s, "38341003").replace("\"family\":\"Smith\"", "\"family\":\"Testgp\"")));
        person = stored.path("entry").get(0).path("response").path("location").asText().substring("Patient/".length());
        assertThat(getAs("test-elsewhere", "safeguarding concern raised by the school", "/Patient/" + person + "/$everything")
                .status()).isEqualTo(200);
        assertThat(getAs("test-elsewhere", null, "/Patient/" + person).status()).isEqualTo(403);
        assertThat(getAs("test-gp", "unplanned-care", "/Patient/" + person).status()).isEqualTo(200);
        assertThat(getAs("test-pharmacist", null, "/Patient?family=testgp&birthdate=1948-03-02").json().path("entry")
                .toString()).contains(person);
    }

    private JsonNode privacy(String path) {
        Response r = getAs("test-privacy", null, "http://localhost:" + port + path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aPersonsAccessHistorySaysWhoFromWhereWhenAndWhy() {
        JsonNode history = privacy("/admin/audit/persons/" + person + "/history");
        assertThat(history.toString()).contains("test-elsewhere").contains("XZZ").contains("safeguarding")
                .contains("concern raised by the school").contains("test-gp").contains("\"denied\"")
                .as("the search that found them").contains("\"person.search\"").contains("test-pharmacist");
        assertThat(history.get(0).path("when").asText()).as("newest first")
                .isGreaterThanOrEqualTo(history.get(history.size() - 1).path("when").asText());
    }

    @Test
    void theReportsFindWhatTheyAreFor() {
        assertThat(privacy("/admin/audit/reports/without-relationship").toString()).contains(person)
                .contains("no legitimate relationship; reason safeguarding");
        assertThat(privacy("/admin/audit/reports/refused").toString()).contains(person).contains("A reason is needed");
        assertThat(privacy("/admin/audit/reports/out-of-hours").toString()).contains(person);
        JsonNode surname = privacy("/admin/audit/reports/same-surname");
        assertThat(surname.toString()).contains(person).contains("surname");
        for (JsonNode f : surname) {
            assertThat(f.path("user").asText()).as("only the user who shares the surname").isEqualTo("test-gp");
        }
        assertThat(privacy("/admin/audit/reports/volume?threshold=0").toString()).contains("test-elsewhere");
        assertThat(getAs("test-privacy", null, "http://localhost:" + port + "/admin/audit/reports/gossip").status())
                .isEqualTo(404);
    }

    @Test
    void theEntriesAreFhirAuditEventsForOutsideTools() {
        JsonNode bundle = privacy("/admin/audit/AuditEvent?patient=" + person);
        assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
        JsonNode first = null;
        for (JsonNode e : bundle.path("entry")) {
            JsonNode ev = e.path("resource");
            assertThat(ev.path("resourceType").asText()).isEqualTo("AuditEvent");
            assertThat(ev.path("entity").get(0).path("what").path("reference").asText()).isEqualTo("Patient/" + person);
            if (ev.path("purposeOfEvent").toString().contains("reason safeguarding: concern raised by the school")) {
                first = ev;
            }
        }
        assertThat(first).as("the access on a reason").isNotNull();
        assertThat(first.path("agent").get(0).path("who").path("identifier").path("value").asText()).isEqualTo("test-elsewhere");
        assertThat(first.path("agent").get(1).path("who").path("identifier").path("value").asText()).isEqualTo("XZZ");
        assertThat(first.path("outcome").asText()).isEqualTo("0");
    }

    @Test
    void onlyPrivacyOfficersSeeTheLog() {
        for (String client : new String[] {CLINICIAN, SYSADMIN, "test-gp"}) {
            assertThat(getAs(client, REASON, "http://localhost:" + port + "/admin/audit/persons/" + person + "/history")
                    .status()).as(client).isEqualTo(403);
        }
    }
}
