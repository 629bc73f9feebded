package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opencarerecord.IntegrationTest;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadApiTest extends IntegrationTest {

    private String personId;
    private final String s = FeedIngestionTest.suffix();

    /** One person known to two sources: the hospital (a Patient, a condition, an observation) and the GP (37 observations). */
    @BeforeAll
    void load() {
        JsonNode hospital = ok(post(FEED_TOKEN, FeedIngestionTest.patientBundle("9990000077", "R" + s, s, "38341003")));
        personId = hospital.path("entry").get(0).path("response").path("location").asText().substring("Patient/".length());
        StringBuilder entries = new StringBuilder("""
                {"fullUrl":"urn:uuid:aaaaaaaa-0000-4000-8000-%s","resource":{"resourceType":"Patient","id":"gp-%s",
                  "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000077"}],
                  "name":[{"family":"Smith","given":["Peggy"]}],"birthDate":"1948-03-02"},
                 "request":{"method":"PUT","url":"Patient/gp-%s"}}""".formatted(s, s, s));
        for (int i = 0; i < 37; i++) {
            entries.append(",").append("""
                    {"resource":{"resourceType":"Observation","id":"bp-%s-%d","status":"final",
                      "code":{"coding":[{"system":"http://snomed.info/sct","code":"75367002","display":"Blood pressure"}]},
                      "subject":{"reference":"urn:uuid:aaaaaaaa-0000-4000-8000-%s"},"effectiveDateTime":"2023-%02d-01"},
                     "request":{"method":"PUT","url":"Observation/bp-%s-%d"}}""".formatted(s, i, s, 1 + i % 12, s, i));
        }
        ok(post(GP_TOKEN, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + entries + "]}"));
    }

    @Test
    void bothSourcesRecordsAreOnePersonWithEveryIdentifier() {
        JsonNode patient = get("/Patient/" + personId).json();
        assertThat(patient.path("identifier").toString()).contains("9990000077").contains("R" + s);
        assertThat(patient.path("meta").path("extension")).hasSize(2);
        JsonNode found = get("/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9990000077").json();
        assertThat(found.path("entry")).hasSize(1);
        assertThat(get("/Patient?identifier=999 000 0077").json().path("entry")).hasSize(1);
        assertThat(get("/Patient?identifier=https://fhir.xta.example.nhs.uk/Id/mrn|R" + s).json().path("entry")).hasSize(1);
        assertThat(get("/Patient?family=smith&given=marg&birthdate=1948-03-02").json().path("entry").toString())
                .contains(personId);
        assertThat(get("/Patient?family=smith&birthdate=1948").json().path("entry").toString()).contains(personId);
    }

    @Test
    void everythingPagesWithoutRepeatsOrGaps() {
        JsonNode first = get("/Patient/" + personId + "/$everything").json();
        int total = first.path("total").asInt();
        assertThat(total).isEqualTo(1 + 2 + 37);

        List<String> seen = new ArrayList<>();
        String next = base() + "/Patient/" + personId + "/$everything?_count=7";
        int pages = 0;
        while (next != null) {
            JsonNode page = get(next).json();
            assertThat(page.path("entry").size()).isLessThanOrEqualTo(7);
            page.path("entry").forEach(e -> seen.add(e.path("fullUrl").asText()));
            next = null;
            for (JsonNode link : page.path("link")) {
                if (link.path("relation").asText().equals("next")) {
                    next = link.path("url").asText();
                }
            }
            pages++;
        }
        assertThat(pages).isEqualTo(6);
        assertThat(seen).hasSize(total);
        assertThat(new HashSet<>(seen)).hasSize(total);
        assertThat(seen.get(0)).endsWith("/Patient/" + personId);
    }

    @Test
    void everythingAnswersInXmlWhenAskedTo() {
        Response xml = get("/Patient/" + personId + "/$everything?_format=xml&_type=Condition");
        assertThat(xml.status()).isEqualTo(200);
        assertThat(xml.body()).startsWith("<Bundle xmlns=\"http://hl7.org/fhir\">").contains("<Condition");
    }

    @Test
    void everythingFiltersByTypeAndSince() {
        JsonNode onlyConditions = get("/Patient/" + personId + "/$everything?_type=Condition").json();
        assertThat(onlyConditions.path("total").asInt()).isEqualTo(1);
        assertThat(onlyConditions.path("entry").get(0).path("resource").path("resourceType").asText()).isEqualTo("Condition");
        JsonNode future = get("/Patient/" + personId + "/$everything?_since=2999-01-01T00:00:00Z&_type=Observation").json();
        assertThat(future.path("total").asInt()).isZero();
        assertThat(get("/Patient/" + personId + "/$everything?_type=Claim").status()).isEqualTo(400);
    }

    @Test
    void everyResourceInEverythingCarriesProvenance() {
        JsonNode all = get("/Patient/" + personId + "/$everything?_count=1000").json();
        Set<String> sources = new HashSet<>();
        for (JsonNode entry : all.path("entry")) {
            JsonNode meta = entry.path("resource").path("meta");
            assertThat(meta.path("source").asText()).startsWith("urn:care-record:source:");
            assertThat(meta.path("extension").toString()).contains("sourceOrganisation").contains("received");
            sources.add(meta.path("source").asText());
        }
        assertThat(sources).hasSize(2);
    }

    @Test
    void searchesByTypeCodeDateAndCategory() {
        assertThat(get("/Observation?patient=" + personId + "&code=75367002").json().path("entry")).hasSize(37);
        assertThat(get("/Observation?subject=Patient/" + personId + "&date=ge2023-03-01&date=lt2023-04-01").json()
                .path("entry")).hasSize(3);
        assertThat(get("/Observation?patient=" + personId + "&category=laboratory").json().path("entry")).hasSize(1);
        assertThat(get("/Condition?patient=" + personId + "&category=problem-list-item").json().path("entry")).hasSize(1);
    }

    @Test
    void metadataTellsWhatIsSupported() {
        JsonNode statement = get("/metadata").json();
        assertThat(statement.path("resourceType").asText()).isEqualTo("CapabilityStatement");
        String text = statement.toString();
        assertThat(text).contains("\"transaction\"").contains("\"batch\"").contains("everything").contains("Condition");
    }

    @Test
    void xmlBundlesAreAcceptedToo() {
        String x = FeedIngestionTest.suffix();
        String xml = """
                <Bundle xmlns="http://hl7.org/fhir"><type value="transaction"/>
                 <entry><fullUrl value="urn:uuid:bbbbbbbb-0000-4000-8000-%1$s"/><resource><Patient><id value="x%1$s"/>
                   <identifier><system value="https://fhir.xta.example.nhs.uk/Id/mrn"/><value value="X%1$s"/></identifier>
                   <name><family value="Jones"/></name></Patient></resource>
                  <request><method value="PUT"/><url value="Patient/x%1$s"/></request></entry>
                 <entry><resource><AllergyIntolerance><id value="a%1$s"/><code><text value="Penicillin"/></code>
                   <patient><reference value="urn:uuid:bbbbbbbb-0000-4000-8000-%1$s"/></patient></AllergyIntolerance></resource>
                  <request><method value="PUT"/><url value="AllergyIntolerance/a%1$s"/></request></entry>
                </Bundle>""".formatted(x);
        JsonNode response = ok(post(FEED_TOKEN, xml, "application/fhir+xml"));
        assertThat(response.path("entry").get(1).path("response").path("status").asText()).isEqualTo("201 Created");
    }
}
