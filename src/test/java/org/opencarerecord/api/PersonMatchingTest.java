package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.platform.FhirJson;

/**
 * Records without an NHS number, matched on their demographics: the named cases of the person
 * index, the review queue round trip, and unlinking.
 */
class PersonMatchingTest extends IntegrationTest {

    /** A surname of letters no other test uses, so that each test has the index to itself. */
    static String surname() {
        StringBuilder name = new StringBuilder("Quen");
        for (char c : UUID.randomUUID().toString().replace("-", "").substring(0, 6).toCharArray()) {
            name.append((char) ('a' + Character.digit(c, 16) % 26));
        }
        return name.toString();
    }

    private String record(String token, String family, String given, String birthDate, String line, String postcode,
            String nhs) {
        String s = FeedIngestionTest.suffix();
        String body = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:dddddddd-0000-4000-8000-%1$s","resource":{"resourceType":"Patient","id":"p-%1$s",
                   "identifier":[%2$s{"system":"https://fhir.example.nhs.uk/Id/local","value":"L%1$s"}],
                   "name":[{"family":"%3$s","given":["%4$s"]}],"gender":"female","birthDate":"%5$s",
                   "address":[{"line":["%6$s"],"city":"Birkenhead","postalCode":"%7$s"}]},
                  "request":{"method":"PUT","url":"Patient/p-%1$s"}},
                 {"resource":{"resourceType":"Condition","id":"c-%1$s","code":{"text":"Asthma"},
                   "subject":{"reference":"urn:uuid:dddddddd-0000-4000-8000-%1$s"}},
                  "request":{"method":"PUT","url":"Condition/c-%1$s"}}]}"""
                .formatted(s, nhs == null ? "" : PersonLinkingTest.nhs(nhs), family, given, birthDate, line, postcode);
        return PersonLinkingTest.person(ok(post(token, body)));
    }

    private Set<String> items(String person) {
        Set<String> ids = new TreeSet<>();
        for (JsonNode entry : get("/Patient/" + person + "/$everything?_count=1000").json().path("entry")) {
            if (!entry.path("resource").path("resourceType").asText().equals("Patient")) {
                ids.add(entry.path("fullUrl").asText());
            }
        }
        return ids;
    }

    private JsonNode reviewFor(String person) {
        for (JsonNode review : get(admin("/admin/reviews")).json()) {
            if (review.path("candidatePersonId").asText().equals(person)) {
                return review;
            }
        }
        return null;
    }

    private String admin(String path) {
        return "http://localhost:" + port + path;
    }

    private Response postJson(String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(admin(path)))
                .header("Content-Type", "application/json").header("Authorization", adminAuthorization())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    /** A valid NHS number no other test uses. */
    static String uniqueNhsNumber() {
        while (true) {
            String stem = "9" + String.format("%08d", (long) (Math.random() * 100_000_000));
            Integer check = NhsNumber.checkDigit(stem);
            if (check != null) {
                return stem + check;
            }
        }
    }

    @Test
    void anInvalidNhsNumberIsNoIdentifierButTheRecordIsMatchedByItsOtherDetails() {
        String family = surname();
        String nhs = uniqueNhsNumber();
        String gp = record(GP_TOKEN, family, "Rosalind", "1962-04-11", "5 Church Lane", "CH44 5XY", nhs);
        String transposed = nhs.substring(0, 8) + nhs.charAt(9) + nhs.charAt(8);
        for (String invalid : new String[] {transposed, nhs.substring(0, 8), nhs.substring(0, 5) + "AB" + nhs.substring(7)}) {
            if (NhsNumber.parse(invalid).isPresent()) {
                continue; // a transposition the check digit cannot see (equal digits): not this case
            }
            String s = FeedIngestionTest.suffix();
            JsonNode response = ok(post(FEED_TOKEN, """
                    {"resourceType":"Bundle","type":"transaction","entry":[
                     {"resource":{"resourceType":"Patient","id":"inv-%1$s",
                       "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%2$s"},
                                     {"system":"https://fhir.example.nhs.uk/Id/local","value":"INV%1$s"}],
                       "name":[{"family":"%3$s","given":["Rosalind"]}],"gender":"female","birthDate":"1962-04-11",
                       "address":[{"line":["5 Church Lane"],"postalCode":"CH44 5XY"}]},
                      "request":{"method":"PUT","url":"Patient/inv-%1$s"}}]}""".formatted(s, invalid, family)));
            JsonNode entry = response.path("entry").get(0).path("response");
            assertThat(entry.path("status").asText()).isEqualTo("201 Created");
            JsonNode issue = entry.path("outcome").path("issue").get(0);
            assertThat(issue.path("severity").asText()).isEqualTo("warning");
            assertThat(issue.path("expression").get(0).asText()).isEqualTo("Bundle.entry[0].resource.identifier[0].value");
            assertThat(issue.path("diagnostics").asText()).contains("not a valid NHS number").doesNotContain(invalid);
            // matched by name, birth date and address to the person the GP's record founded
            assertThat(PersonLinkingTest.person(response)).as(invalid).isEqualTo(gp);
            String patient = get("/Patient/" + gp).body();
            assertThat(patient).as("the invalid number is never shown as an identifier").doesNotContain('"' + invalid + '"');
            assertThat(patient).contains(nhs);
            assertThat(get("/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|" + invalid).json().path("total").asInt())
                    .isZero();
        }
    }

    @Test
    void aRecordWithoutAnNhsNumberLinksOnItsDemographicsAndTheEvidenceIsKept() {
        String family = surname();
        String gp = record(GP_TOKEN, family, "Thaddeus", "1971-05-17", "12 Conway Street", "CH41 6JT", "9990000204");
        String social = record(STRICT_TOKEN, family, "Thaddeus", "1971-05-17", "12 Conway St", "CH41 6JT", null);
        assertThat(social).isEqualTo(gp);
        String links = get(admin("/admin/persons/" + gp + "/links")).body();
        assertThat(links).contains("\"linked\"").contains("\"matcher\"").contains("\"birthDate\"").contains("\"exact\"");
    }

    @Test
    void aNicknameAndATypoStillLink() {
        String family = surname();
        String gp = record(GP_TOKEN, family, "William", "1955-11-02", "3 Bridge Foot", "WA1 2RX", "9990000212");
        String hospital = record(STRICT_TOKEN, family, "Bill", "1955-11-02", "3 Bridge Foot", "WA1 2RX", null);
        assertThat(hospital).isEqualTo(gp);
    }

    @Test
    void twinsAreNeverLinkedAutomatically() {
        String family = surname();
        String olivia = record(GP_TOKEN, family, "Olivia", "2015-06-30", "8 Hoole Road", "CH2 3NH", "9990000220");
        String amelia = record(STRICT_TOKEN, family, "Amelia", "2015-06-30", "8 Hoole Road", "CH2 3NH", null);
        assertThat(amelia).isNotEqualTo(olivia);
    }

    @Test
    void aSurnameChangeGoesToReviewAndConfirmingMovesTheRecordWithItsItems() throws Exception {
        String maiden = surname();
        // a name nothing like the other (two of surname()'s share "Quen" and can be close enough to link)
        String married = "Oakenshaw";
        String before = record(GP_TOKEN, maiden, "Philippa", "1983-08-09", "44 Northgate Street", "CH1 2HT", "9990000239");
        String after = record(STRICT_TOKEN, married, "Philippa", "1983-08-09", "44 Northgate Street", "CH1 2HT", null);
        assertThat(after).as("a different surname is not linked automatically").isNotEqualTo(before);
        JsonNode review = reviewFor(before);
        assertThat(review).as("the possible match is in the queue").isNotNull();
        assertThat(review.path("record").path("family").asText()).isEqualTo(married);
        assertThat(review.path("candidateRecords").get(0).path("family").asText()).isEqualTo(maiden);
        assertThat(review.path("evidence").toString()).contains("\"family\"").contains("disagree");

        String page = get(admin("/admin/review")).body();
        assertThat(page).contains(married).contains(maiden).contains("Same person: link").contains("Different people: keep apart");

        Set<String> expected = new TreeSet<>(items(before));
        expected.addAll(items(after));
        Response confirmed = postJson("/admin/reviews/" + review.path("id").asText() + "/confirm",
                "{\"reviewer\":\"Dr R. Viewer\",\"note\":\"married name, checked with the GP\"}");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().path("status").asText()).isEqualTo("confirmed");
        assertThat(confirmed.json().path("decidedBy").asText()).as("the signed-in reviewer, whatever name is sent")
                .isEqualTo("test-sysadmin");
        assertThat(items(before)).isEqualTo(expected);
        assertThat(get("/Patient/" + after).status()).isEqualTo(410);

        Response again = postJson("/admin/reviews/" + review.path("id").asText() + "/reject", "{\"reviewer\":\"Someone\"}");
        assertThat(again.status()).as("a decided question cannot be decided again").isEqualTo(409);
    }

    @Test
    void aRejectedPairIsNotAskedAgainUntilTheRecordChanges() throws Exception {
        String maiden = surname();
        // a name nothing like the other (two of surname()'s share "Quen" and can be close enough to link)
        String married = "Oakenshaw";
        String first = record(GP_TOKEN, maiden, "Rosalind", "1979-02-14", "9 Hoylake Road", "CH46 6AD", "9990000247");
        String s = FeedIngestionTest.suffix();
        String body = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","id":"r-%1$s","name":[{"family":"%2$s","given":["Rosalind"]}],
                   "gender":"female","birthDate":"1979-02-14","address":[{"line":["9 Hoylake Road"],"postalCode":"CH46 6AD"}]},
                  "request":{"method":"PUT","url":"Patient/r-%1$s"}}]}""".formatted(s, married);
        String second = PersonLinkingTest.person(ok(post(STRICT_TOKEN, body)));
        JsonNode review = reviewFor(first);
        assertThat(review).isNotNull();
        Response rejected = postJson("/admin/reviews/" + review.path("id").asText() + "/reject",
                "{\"reviewer\":\"Dr R. Viewer\",\"note\":\"different people\"}");
        assertThat(rejected.json().path("status").asText()).isEqualTo("rejected");

        ok(post(STRICT_TOKEN, body));
        assertThat(reviewFor(first)).as("the same record again: not asked again").isNull();

        ok(post(STRICT_TOKEN, body.replace("9 Hoylake Road", "9 Hoylake Rd")));
        assertThat(reviewFor(first)).as("the record changed: the question may be asked again").isNotNull();
        assertThat(get("/Patient/" + second).status()).isEqualTo(200);
    }

    @Test
    void unlinkingRestoresBothRecordsExactly() throws Exception {
        String family = surname();
        String gp = record(GP_TOKEN, family, "Cornelius", "1949-12-25", "17 Witton Street", "CW9 5DE", "9990000255");
        Set<String> gpItemsBefore = items(gp);
        String social = record(STRICT_TOKEN, family, "Cornelius", "1949-12-25", "17 Witton Street", "CW9 5DE", null);
        assertThat(social).isEqualTo(gp);
        Set<String> linked = items(gp);
        assertThat(linked).hasSize(gpItemsBefore.size() + 1);

        String socialRecord = null;
        for (JsonNode event : get(admin("/admin/persons/" + gp + "/links")).json()) {
            if (event.path("action").asText().equals("linked")) {
                socialRecord = event.path("sourceRecordId").asText();
            }
        }
        assertThat(socialRecord).isNotNull();
        Response unlinked = postJson("/admin/source-records/" + socialRecord + "/unlink",
                "{\"by\":\"Privacy Officer\",\"reason\":\"a different Cornelius, confirmed by phone\"}");
        assertThat(unlinked.status()).as(unlinked.body()).isEqualTo(201);
        String separate = FhirJson.MAPPER.readTree(unlinked.body()).path("personId").asText();

        assertThat(items(gp)).isEqualTo(gpItemsBefore);
        Set<String> separateItems = items(separate);
        assertThat(separateItems).hasSize(1);
        Set<String> union = new TreeSet<>(gpItemsBefore);
        union.addAll(separateItems);
        assertThat(union).isEqualTo(linked);
        assertThat(get(admin("/admin/persons/" + gp + "/links")).body()).contains("\"unlinked\"")
                .as("by the signed-in reviewer").contains("\"decidedBy\":\"test-sysadmin\"");
    }
}
