package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;

/** A verified NHS number links, unless the demographics contradict it; a corrected number relinks. */
class PersonLinkingTest extends IntegrationTest {

    static String bundle(String s, String prefix, String nhsIdentifier, String family, String given, String birthDate) {
        return """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:cccccccc-0000-4000-8000-%1$s","resource":{"resourceType":"Patient","id":"%2$s-%1$s",
                   "identifier":[%3$s{"system":"https://fhir.example.nhs.uk/Id/local","value":"%2$s%1$s"}],
                   "name":[{"family":"%4$s","given":["%5$s"]}],"gender":"female","birthDate":"%6$s",
                   "address":[{"line":["1 Dock Road"],"city":"Liverpool","postalCode":"L3 4AA"}]},
                  "request":{"method":"PUT","url":"Patient/%2$s-%1$s"}},
                 {"resource":{"resourceType":"AllergyIntolerance","id":"alg-%2$s-%1$s","code":{"text":"Penicillin"},
                   "patient":{"reference":"urn:uuid:cccccccc-0000-4000-8000-%1$s"}},
                  "request":{"method":"PUT","url":"AllergyIntolerance/alg-%2$s-%1$s"}}]}"""
                .formatted(s, prefix, nhsIdentifier, family, given, birthDate);
    }

    static String nhs(String number) {
        return "{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"" + number + "\"},";
    }

    static String person(JsonNode response) {
        return response.path("entry").get(0).path("response").path("location").asText().substring("Patient/".length());
    }

    /**
     * The person index's references are checked once per statement (decision 0020), not by foreign keys:
     * a key, identifier or decision naming no source record, or a record naming no person, is refused, and
     * a named record or person cannot be deleted nor change its id.
     */
    @Test
    void thePersonIndexRefusesRowsThatNameNothingAndKeepsWhatIsNamed() {
        String s = FeedIngestionTest.suffix();
        String person = person(ok(post(GP_TOKEN, bundle(s, "ref", "", "Refton", "Rita", "1950-05-05"))));
        java.util.UUID record = jdbc.sql("SELECT id FROM source_record WHERE person_id = ?::uuid").param(person)
                .query(java.util.UUID.class).list().get(0);
        java.util.UUID nobody = java.util.UUID.randomUUID();
        for (String sql : java.util.List.of(
                "INSERT INTO match_key (key, source_record_id) VALUES ('x:orphan', ?)",
                "INSERT INTO source_record_identifier (organisation_code, system, value, source_record_id)"
                        + " VALUES ('XG1', 'urn:orphan', 'o1', ?)",
                "INSERT INTO link_event (id, source_record_id, action, decided_by, decided_at)"
                        + " VALUES (gen_random_uuid(), ?, 'linked', 'test', now())",
                "UPDATE source_record SET person_id = ? WHERE id = '" + record + "'",
                "UPDATE match_key SET source_record_id = ? WHERE source_record_id = '" + record + "'")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(sql).param(nobody).update())
                    .as(sql).isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        }
        for (String sql : java.util.List.of("DELETE FROM source_record WHERE id = ?::uuid",
                "DELETE FROM person WHERE id = ?::uuid", "UPDATE person SET id = gen_random_uuid() WHERE id = ?::uuid")) {
            Object id = sql.contains("source_record") ? record : person;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(sql).param(id.toString()).update())
                    .as(sql).isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        }
        for (String sql : java.util.List.of("UPDATE source_record SET feed_id = 'no-such-feed' WHERE id = ?",
                "UPDATE source_record SET organisation_code = 'NOSUCHORG' WHERE id = ?",
                "UPDATE feed SET id = 'renamed' WHERE id = (SELECT feed_id FROM source_record WHERE id = ?)",
                "DELETE FROM feed WHERE id = (SELECT feed_id FROM source_record WHERE id = ?)")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(sql).param(record).update())
                    .as(sql).isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        }
        assertThat(count("SELECT count(*) FROM match_key WHERE source_record_id = ?", record)).isPositive();
    }

    @Test
    void aCorrectedNhsNumberMovesTheRecordAndItsItemsToThePersonWhoHoldsIt() {
        String s = FeedIngestionTest.suffix();
        String hospital = person(ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle("9990000085", "H" + s, s, "38341003"))));
        // the GP first sends a mistyped (but valid) number: the numbers disagree, so no link
        String wrong = person(ok(post(GP_TOKEN, bundle(s, "gp", nhs("9990000093"), "Smith", "Margaret", "1948-03-02"))));
        assertThat(wrong).isNotEqualTo(hospital);
        assertThat(get("/AllergyIntolerance?patient=" + wrong).json().path("entry")).hasSize(1);

        String corrected = person(ok(post(GP_TOKEN, bundle(s, "gp", nhs("999 000 0085"), "Smith", "Margaret", "1948-03-02"))));
        assertThat(corrected).isEqualTo(hospital);
        JsonNode allergies = get("/AllergyIntolerance?patient=" + hospital).json().path("entry");
        assertThat(allergies).hasSize(1);
        assertThat(allergies.get(0).path("resource").path("patient").path("reference").asText()).isEqualTo("Patient/" + hospital);
        assertThat(get("/AllergyIntolerance?patient=" + wrong).json().path("entry")).isEmpty();
        assertThat(get("/Patient/" + wrong).status()).isEqualTo(410);
        assertThat(get("/Patient/" + hospital).json().path("meta").path("extension")).hasSize(2);
        assertThat(get("http://localhost:" + port + "/admin/persons/" + hospital + "/links").body())
                .contains("\"relinked\"").contains("nhs-number");
    }

    @Test
    void anNhsNumberWhoseDemographicsContradictItGoesToReviewNotToThePerson() {
        String s = FeedIngestionTest.suffix();
        String hospital = person(ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle("9990000115", "H" + s, s, "38341003"))));
        String other = person(ok(post(GP_TOKEN, bundle(s, "gp", nhs("9990000115"), "Brown", "Alan", "1960-01-01")
                .replace("\"gender\":\"female\"", "\"gender\":\"male\""))));
        assertThat(other).isNotEqualTo(hospital);
        JsonNode reviews = get("http://localhost:" + port + "/admin/reviews").json();
        boolean asked = false;
        for (JsonNode review : reviews) {
            asked |= review.path("candidatePersonId").asText().equals(hospital)
                    && review.path("record").path("family").asText().equals("Brown");
        }
        assertThat(asked).as("a possible match is waiting for review").isTrue();
    }

    @Test
    void aSourceMergeOfTwoOfItsRecordsMovesTheRetiredRecordAndItsItems() {
        String s = FeedIngestionTest.suffix();
        String duplicate = person(ok(post(FEED_TOKEN, bundle(s, "dup", "", "Mergeton", "Frederick", "1930-07-07"))));
        String t = FeedIngestionTest.suffix();
        String survivor = person(ok(post(FEED_TOKEN, """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","id":"keep-%1$s",
                   "name":[{"family":"Mergeton","given":["Fred"]}],"birthDate":"1931-08-08",
                   "link":[{"other":{"reference":"Patient/dup-%2$s"},"type":"replaces"}]},
                  "request":{"method":"PUT","url":"Patient/keep-%1$s"}}]}""".formatted(t, s))));
        assertThat(survivor).isNotEqualTo(duplicate);
        assertThat(get("/AllergyIntolerance?patient=" + survivor).json().path("entry")).hasSize(1);
        assertThat(get("/Patient/" + duplicate).status()).isEqualTo(410);
        assertThat(get("http://localhost:" + port + "/admin/persons/" + survivor + "/links").body()).contains("\"merged\"");
    }

    @Test
    void anAbsurdDateOfBirthIsFlaggedAndNotUsedToMatch() {
        String s = FeedIngestionTest.suffix();
        JsonNode response = ok(post(GP_TOKEN, bundle(s, "old", "", "Methuselah", "Ada", "1801-01-01")));
        assertThat(response.path("entry").get(0).path("response").path("outcome").toString())
                .contains("before 1880").contains("not used to match");
        JsonNode future = ok(post(GP_TOKEN, bundle(FeedIngestionTest.suffix(), "new", "", "Methuselah", "Ada", "2999-01-01")));
        assertThat(future.path("entry").get(0).path("response").path("outcome").toString()).contains("in the future");
    }

    @Test
    void twoDifferentNhsNumbersInOneRecordAreRefused() {
        String s = FeedIngestionTest.suffix();
        Response response = post(GP_TOKEN, bundle(s, "gp", nhs("9990000093") + nhs("9990000107"), "Brown", "Alan", "1960-01-01"));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("issue").get(0).path("diagnostics").asText()).contains("two different NHS numbers");
    }
}
