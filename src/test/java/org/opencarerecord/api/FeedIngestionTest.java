package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.beans.factory.annotation.Autowired;

class FeedIngestionTest extends IntegrationTest {

    @Autowired
    SourceRegistry sources;

    static String patientBundle(String nhs, String mrn, String conditionId, String conditionCode) {
        return """
            {"resourceType":"Bundle","type":"transaction","entry":[
             {"fullUrl":"urn:uuid:11111111-1111-4111-8111-%3$s","resource":{"resourceType":"Patient","id":"pat-%2$s",
               "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%1$s"},
                             {"system":"https://fhir.xta.example.nhs.uk/Id/mrn","value":"%2$s"}],
               "name":[{"use":"official","family":"Smith","given":["Margaret","Ann"]}],"gender":"female","birthDate":"1948-03-02",
               "address":[{"line":["1 Dock Road"],"city":"Liverpool","postalCode":"L3 4AA"}]},
              "request":{"method":"PUT","url":"Patient/pat-%2$s"}},
             {"fullUrl":"urn:uuid:22222222-2222-4222-8222-%3$s","resource":{"resourceType":"Practitioner",
               "identifier":[{"system":"https://fhir.nhs.uk/Id/sds-user-id","value":"SDS%2$s"}],"name":[{"family":"Jones","prefix":["Dr"]}]},
              "request":{"method":"POST","url":"Practitioner","ifNoneExist":"identifier=https://fhir.nhs.uk/Id/sds-user-id|SDS%2$s"}},
             {"fullUrl":"urn:uuid:33333333-3333-4333-8333-%3$s","resource":{"resourceType":"Condition","id":"%3$s",
               "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
               "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-category","code":"problem-list-item"}]}],
               "code":{"coding":[{"system":"http://snomed.info/sct","code":"%4$s","display":"Type 2 diabetes mellitus"}]},
               "subject":{"reference":"urn:uuid:11111111-1111-4111-8111-%3$s"},
               "recorder":{"reference":"urn:uuid:22222222-2222-4222-8222-%3$s","display":"Dr Jones"},
               "onsetDateTime":"2019-05-01","recordedDate":"2019-05-02T10:00:00+01:00"},
              "request":{"method":"PUT","url":"Condition/%3$s"}},
             {"fullUrl":"urn:uuid:44444444-4444-4444-8444-%3$s","resource":{"resourceType":"Observation","id":"obs-%3$s","status":"final",
               "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
               "code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"HbA1c"}]},
               "subject":{"reference":"urn:uuid:11111111-1111-4111-8111-%3$s"},
               "effectiveDateTime":"2024-02-01T09:30:00Z",
               "valueQuantity":{"value":53.50,"unit":"mmol/mol","system":"http://unitsofmeasure.org","code":"mmol/mol"},
               "referenceRange":[{"low":{"value":20},"high":{"value":42}}],
               "interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"H"}]}]},
              "request":{"method":"POST","url":"Observation"}},
             {"fullUrl":"urn:uuid:55555555-5555-4555-8555-%3$s","resource":{"resourceType":"Claim","id":"claim-%3$s","status":"active"},
              "request":{"method":"POST","url":"Claim"}}
            ]}""".formatted(nhs, mrn, conditionId, conditionCode);
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(24);
    }

    @Test
    void aTransactionIsStoredWithProvenanceAndReadsBack() {
        String s = suffix();
        JsonNode response = ok(post(FEED_TOKEN, patientBundle("9434765919", "M" + s, s, "44054006")));
        assertThat(response.path("type").asText()).isEqualTo("transaction-response");
        JsonNode entries = response.path("entry");
        assertThat(entries).hasSize(5);
        String patientLocation = entries.get(0).path("response").path("location").asText();
        assertThat(patientLocation).startsWith("Patient/");
        assertThat(entries.get(2).path("response").path("status").asText()).isEqualTo("201 Created");
        assertThat(entries.get(4).path("response").path("outcome").path("issue").get(0).path("severity").asText())
                .isEqualTo("warning");
        assertThat(entries.get(4).path("response").path("outcome").toString()).contains("Claim is outside");

        JsonNode patient = get("/" + patientLocation).json();
        assertThat(patient.path("resourceType").asText()).isEqualTo("Patient");
        assertThat(patient.path("identifier").toString()).contains("9434765919").contains("M" + s);

        String conditionLocation = entries.get(2).path("response").path("location").asText();
        JsonNode condition = get("/" + conditionLocation.substring(0, conditionLocation.indexOf("/_history"))).json();
        assertThat(condition.path("subject").path("reference").asText()).isEqualTo(patientLocation);
        assertThat(condition.path("recorder").path("reference").asText()).startsWith("Practitioner/");
        assertThat(condition.path("meta").path("source").asText()).contains("XTA");
        String provenance = condition.path("meta").path("extension").toString();
        assertThat(provenance).contains("Test Acute Hospitals NHS Trust").contains("xta-fhir").contains("\"" + s + "\"")
                .contains("received").contains("recordedAtSource").contains("Dr Jones");

        JsonNode practitioner = get("/" + condition.path("recorder").path("reference").asText()).json();
        assertThat(practitioner.path("name").get(0).path("family").asText()).isEqualTo("Jones");

        JsonNode observations = get("/Observation?patient=" + patientLocation.substring(8) + "&code=http://loinc.org|4548-4").json();
        assertThat(observations.path("entry")).hasSize(1);
        JsonNode obs = observations.path("entry").get(0).path("resource");
        assertThat(obs.path("valueQuantity").path("value").decimalValue().toPlainString()).isEqualTo("53.50");

        assertThat(sources.skippedTypes("xta-fhir").get("Claim")).isPositive();
        JsonNode feeds = get("http://localhost:" + port + "/admin/feeds").json();
        JsonNode xta = null;
        for (JsonNode feed : feeds) {
            if (feed.path("id").asText().equals("xta-fhir")) {
                xta = feed;
            }
        }
        assertThat(xta).isNotNull();
        assertThat(xta.path("organisationName").asText()).isEqualTo("Test Acute Hospitals NHS Trust");
        assertThat(xta.path("skippedOutOfScope").path("Claim").asLong()).isPositive();
        assertThat(xta.path("lastLoadedAt").asText()).isNotEmpty();
    }

    @Test
    void theSameBundleSentAgainChangesNothing() {
        String s = suffix();
        String bundle = patientBundle("9990000018", "M" + s, s, "38341003");
        ok(post(FEED_TOKEN, bundle));
        long items = count("SELECT count(*) FROM clinical_item");
        long versions = count("SELECT count(*) FROM clinical_item_version");
        JsonNode again = ok(post(FEED_TOKEN, bundle));
        assertThat(again.path("entry").get(2).path("response").path("status").asText()).isEqualTo("200 OK");
        assertThat(again.path("entry").get(2).path("response").path("etag").asText()).isEqualTo("W/\"1\"");
        assertThat(count("SELECT count(*) FROM clinical_item")).isEqualTo(items);
        assertThat(count("SELECT count(*) FROM clinical_item_version")).isEqualTo(versions);
    }

    @Test
    void anUpdateKeepsTheEarlierVersionAndADeleteRetiresWithProvenance() {
        String s = suffix();
        ok(post(FEED_TOKEN, patientBundle("9990000026", "M" + s, s, "38341003")));
        JsonNode updated = ok(post(FEED_TOKEN, patientBundle("9990000026", "M" + s, s, "195967001")));
        String location = updated.path("entry").get(2).path("response").path("location").asText();
        assertThat(location).endsWith("/_history/2");
        String id = location.substring("Condition/".length(), location.indexOf("/_history"));
        JsonNode condition = get("/Condition/" + id).json();
        assertThat(condition.path("code").toString()).contains("195967001");
        assertThat(condition.path("meta").path("versionId").asText()).isEqualTo("2");
        assertThat(count("SELECT count(*) FROM clinical_item_version WHERE id = ?::uuid AND version = 1", id)).isEqualTo(1);

        JsonNode deleted = ok(post(FEED_TOKEN, """
                {"resourceType":"Bundle","type":"transaction","entry":[
                  {"request":{"method":"DELETE","url":"Condition/%s"}}]}""".formatted(s)));
        assertThat(deleted.path("entry").get(0).path("response").path("status").asText()).isEqualTo("204 No Content");
        assertThat(get("/Condition/" + id).status()).isEqualTo(410);
        assertThat(count("SELECT count(*) FROM clinical_item WHERE id = ?::uuid AND retired", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM clinical_item_version WHERE id = ?::uuid", id)).isEqualTo(2);
    }
}
