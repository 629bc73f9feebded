package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opencarerecord.IntegrationTest;

/** Finding a person the way professionals type: each tolerated variation finds the right person, and says why. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientSearchTest extends IntegrationTest {

    private String family;
    private String person;

    @BeforeAll
    void load() {
        StringBuilder name = new StringBuilder("Ashcroft");
        for (char c : UUID.randomUUID().toString().replace("-", "").substring(0, 5).toCharArray()) {
            name.append((char) ('a' + Character.digit(c, 16) % 26));
        }
        family = name.toString();
        String s = FeedIngestionTest.suffix();
        person = PersonLinkingTest.person(ok(post(GP_TOKEN, """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","id":"s-%1$s",
                   "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000263"}],
                   "name":[{"family":"%2$s","given":["Margaret","Rose"]}],"gender":"female","birthDate":"1952-04-09",
                   "address":[{"line":["5 Priory Road"],"postalCode":"L4 2RZ"}]},
                  "request":{"method":"PUT","url":"Patient/s-%1$s"}}]}""".formatted(s, family))));
    }

    private JsonNode search(String query) {
        return get("/Patient?" + query).json();
    }

    private boolean finds(String query) {
        for (JsonNode entry : search(query).path("entry")) {
            if (entry.path("resource").path("id").asText().equals(person)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void byNhsNumberWithOrWithoutSpaces() {
        assertThat(finds("identifier=999 000 0263")).isTrue();
        assertThat(finds("identifier=9990000263")).isTrue();
        assertThat(finds("identifier=https://fhir.nhs.uk/Id/nhs-number|9990000263")).isTrue();
    }

    @Test
    void byNameAndDateOfBirthWithTheUsualSlips() {
        assertThat(finds("family=" + family + "&birthdate=1952-04-09")).isTrue();
        String typo = family.substring(0, 3) + family.charAt(4) + family.charAt(3) + family.substring(5);
        assertThat(finds("family=" + typo + "&birthdate=1952-04-09")).as("transposed letters").isTrue();
        assertThat(finds("family=" + family + "&given=peggy&birthdate=1952-04-09")).as("nickname").isTrue();
        assertThat(finds("family=" + family + "&given=marg&birthdate=1952-04-09")).as("start of the given name").isTrue();
        assertThat(finds("family=" + family + "&birthdate=1952-09-04")).as("day and month swapped").isTrue();
        assertThat(finds("family=" + family + "&birthdate=1952")).as("year only").isTrue();
        assertThat(finds("family=" + family.toUpperCase() + "&gender=female&address-postalcode=l42rz")).isTrue();
    }

    @Test
    void whatDisagreesIsNotFound() {
        assertThat(finds("family=" + family + "&birthdate=1952-04-08")).as("a slipped digit of the day").isTrue();
        assertThat(finds("family=" + family + "&birthdate=1987-11-30")).isFalse();
        assertThat(finds("family=" + family + "&given=albert&birthdate=1952-04-09")).isFalse();
        assertThat(finds("family=" + family + "&gender=male&birthdate=1952-04-09")).isFalse();
    }

    @Test
    void eachResultSaysWhyItMatched() {
        JsonNode entry = search("family=" + family + "&given=peggy&birthdate=1952-04-09").path("entry").get(0);
        assertThat(entry.path("search").path("score").asDouble()).isPositive();
        String why = entry.path("resource").path("extension").toString();
        assertThat(why).contains("search-match").contains("nickname").contains("birthDate exact");
    }

    @Test
    void tooBroadASearchIsRefusedWithWhatToAdd() {
        Response response = get("/Patient?gender=female");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Too broad");
        assertThat(get("/Patient?given=margaret").status()).isEqualTo(400);
        assertThat(get("/Patient?family=a").status()).isEqualTo(400);
    }
}
