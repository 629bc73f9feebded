package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opencarerecord.IntegrationTest;

/**
 * What a privacy officer sees: a person's access history, the reports (access without a
 * relationship, refusals, out of hours, a shared surname, volume, and with the staff register a user's
 * own record and a shared address) and the same entries as FHIR AuditEvents; nobody else sees them.
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
            if (f.path("person").asText().equals(person)) {
                assertThat(f.path("user").asText()).as("only the user who shares the surname").isEqualTo("test-gp");
            }
        }
        assertThat(privacy("/admin/audit/reports/volume?threshold=0").toString()).contains("test-elsewhere");
        assertThat(getAs("test-privacy", null, "http://localhost:" + port + "/admin/audit/reports/gossip").status())
                .isEqualTo(404);
    }

    private Response staff(String client, String method, String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token(client)).header("Content-Type", contentType)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** The findings of a report about this person, by user. */
    private List<String> usersIn(String report, String personId) {
        List<String> users = new ArrayList<>();
        for (JsonNode f : privacy("/admin/audit/reports/" + report)) {
            if (f.path("person").asText().equals(personId)) {
                users.add(f.path("user").asText());
            }
        }
        return users;
    }

    private String patient(String family, String addressLine) {
        String suffix = FeedIngestionTest.suffix();
        JsonNode stored = ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle(PersonMatchingTest.uniqueNhsNumber(),
                "SR" + suffix, "sr" + suffix, "38341003").replace("\"family\":\"Smith\"", "\"family\":\"" + family + "\"")
                .replace("1 Dock Road", addressLine)));
        return stored.path("entry").get(0).path("response").path("location").asText().substring("Patient/".length());
    }

    private String nhsNumberOf(String personId) {
        return jdbc.sql("SELECT nhs_number FROM source_record WHERE person_id = ?::uuid LIMIT 1").param(personId)
                .query(String.class).single();
    }

    /**
     * With a staff register entry (loaded by a privacy officer), a nurse opening their own record shows in
     * own-record, opening the record of someone at their home address in same-address, and the register's
     * family name is the one same-surname compares; a person they have nothing in common with is in none.
     */
    @Test
    void theStaffRegisterFindsAUserOpeningTheirOwnRecordOrOneAtTheirAddress() {
        String street = "Larkspur" + s.replaceAll("[0-9]", "x");
        String own = patient("Quillon", "3 Heron Way");
        String neighbour = patient("Smith", "Flat 2, 12 " + street + " Rd.");
        String stranger = patient("Smith", "12 Elsewhere Road");
        String nurse = "test-nurse";

        Response put = staff("test-privacy", "PUT", "/admin/staff/" + nurse, "application/json", """
                {"nhsNumber":"%s","familyName":"Quillon","addressLines":["flat 2 12 %s road","Liverpool"],"postcode":"l3 4aa"}"""
                .formatted(nhsNumberOf(own), street.toUpperCase()));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("loadedBy").asText()).contains("test-privacy");
        assertThat(put.json().path("postcode").asText()).isEqualTo("L34AA");
        assertThat(staff("test-privacy", "GET", "/admin/staff/" + nurse, "application/json", null).json()
                .path("nhsNumber").asText()).isEqualTo(nhsNumberOf(own));
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'staff.changed' AND actor_user_id = 'test-privacy'"
                + " AND details LIKE '%PUT /admin/staff/test-nurse%'")).isEqualTo(1);

        for (String p : List.of(own, neighbour, stranger)) {
            assertThat(getAs(nurse, "unplanned-care", "/Patient/" + p + "/$everything").status()).isEqualTo(200);
        }
        assertThat(usersIn("own-record", own)).containsOnly(nurse).isNotEmpty();
        assertThat(usersIn("own-record", neighbour)).isEmpty();
        assertThat(usersIn("same-address", neighbour)).containsOnly(nurse).isNotEmpty();
        assertThat(usersIn("same-address", own)).as("the nurse's own record is at another address here").isEmpty();
        assertThat(usersIn("same-surname", own)).as("the register's family name, not the display name").contains(nurse);
        for (String report : List.of("own-record", "same-address", "same-surname")) {
            assertThat(usersIn(report, stranger)).as(report).isEmpty();
        }
        assertThat(privacy("/admin/audit/reports/own-record").toString()).contains("their own record");
    }

    @Test
    void theStaffRegisterLoadsFromACsvFileAllOrNothingAndOnlyForWhoAdministersIt() {
        String csv = """
                user_id,nhs_number,family_name,address_line_1,address_line_2,postcode
                csv-user-1%1$s,,O'Brien,"4, Mill Lane",Chester,CH1 2AB
                csv-user-2%1$s,%2$s,Ng,,,
                """.formatted(s, PersonMatchingTest.uniqueNhsNumber());
        Response loaded = staff("test-privacy", "POST", "/admin/staff", "text/csv", csv);
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(loaded.json().path("added").asInt()).isEqualTo(2);
        JsonNode first = staff("test-privacy", "GET", "/admin/staff/csv-user-1" + s, "application/json", null).json();
        assertThat(first.path("addressLines").get(0).asText()).isEqualTo("4, Mill Lane");
        assertThat(first.path("familyName").asText()).isEqualTo("O'Brien");

        Response bad = staff("test-privacy", "POST", "/admin/staff", "text/csv", """
                user_id,nhs_number,family_name
                csv-user-3%1$s,,Patel
                csv-user-4%1$s,1234567890,Khan
                csv-user-1%1$s,,
                """.formatted(s));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("detail").asText()).contains("Nothing was loaded").contains("line 3").contains("NHS number")
                .contains("line 4").doesNotContain("1234567890");
        assertThat(staff("test-privacy", "GET", "/admin/staff/csv-user-3" + s, "application/json", null).status())
                .as("nothing of a bad file is loaded").isEqualTo(404);
        assertThat(staff("test-privacy", "POST", "/admin/staff", "text/csv", "user,surname\nx,y\n").status()).isEqualTo(400);

        for (String other : List.of(SYSADMIN, CLINICIAN)) {
            assertThat(staff(other, "GET", "/admin/staff/csv-user-1" + s, "application/json", null).status()).as(other)
                    .isEqualTo(403);
            assertThat(staff(other, "POST", "/admin/staff", "text/csv", csv).status()).as(other).isEqualTo(403);
        }
        assertThat(staff("test-privacy", "DELETE", "/admin/staff/csv-user-2" + s, "application/json", null).status())
                .isEqualTo(204);
        assertThat(staff("test-privacy", "GET", "/admin/staff/csv-user-2" + s, "application/json", null).status())
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
