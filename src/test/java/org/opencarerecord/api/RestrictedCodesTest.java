package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Legally restricted information is not stored at all (decision 0015): an item coded from the
 * restricted code lists is dropped at ingestion by every way in (FHIR bundles, HL7 v2 over MLLP, batch
 * files), what the source sent under its id before is retired, the rest of the delivery loads, the
 * sender is not told the code, and the feed's status counts what was dropped per category.
 */
class RestrictedCodesTest extends IntegrationTest {

    private static final String NOT_HELD = "Not held in the shared care record";

    @Autowired
    ApplicationContext context;

    /** The feed's count of dropped items in a category, as GET /admin/feeds shows it. */
    private long dropped(String feed, String category) {
        for (JsonNode f : get("http://localhost:" + port + "/admin/feeds").json()) {
            if (f.path("id").asText().equals(feed)) {
                return f.path("restrictedDropped").path(category).asLong(0);
            }
        }
        throw new AssertionError("no feed " + feed);
    }

    private JsonNode feedStatus(String feed) {
        for (JsonNode f : get("http://localhost:" + port + "/admin/feeds").json()) {
            if (f.path("id").asText().equals(feed)) {
                return f;
            }
        }
        throw new AssertionError("no feed " + feed);
    }

    private String personWith(String identifierSystem, String value) {
        JsonNode found = get("/Patient?identifier=" + identifierSystem + "|" + value).json();
        assertThat(found.path("total").asInt()).as(value).isEqualTo(1);
        return found.path("entry").get(0).path("resource").path("id").asText();
    }

    private String everything(String person) {
        return get("/Patient/" + person + "/$everything?_count=1000").body();
    }

    private static String patient(String s, String family) {
        return """
                {"fullUrl":"urn:uuid:aaaaaaaa-0000-4000-8000-%1$s","resource":{"resourceType":"Patient","id":"rp-%1$s",
                  "identifier":[{"system":"https://fhir.xta.example.nhs.uk/Id/mrn","value":"R%1$s"}],
                  "name":[{"family":"%2$s","given":["Imogen"]}],"gender":"female","birthDate":"1986-06-01"},
                 "request":{"method":"PUT","url":"Patient/rp-%1$s"}}""".formatted(s, family);
    }

    private static String condition(String s, String id, String codings) {
        return """
                {"fullUrl":"urn:uuid:%2$s","resource":{"resourceType":"Condition","id":"%2$s",
                  "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
                  "code":{"coding":[%3$s]},
                  "subject":{"reference":"urn:uuid:aaaaaaaa-0000-4000-8000-%1$s"},"recordedDate":"2024-05-02"},
                 "request":{"method":"PUT","url":"Condition/%2$s"}}""".formatted(s, id, codings);
    }

    @Test
    void aRestrictedConditionInATransactionIsNotStoredTheRestIsAndTheFeedCountsIt() {
        String s = FeedIngestionTest.suffix();
        String ivf = "c1c1c1c1-0000-4000-8000-" + s;
        String diabetes = "d1d1d1d1-0000-4000-8000-" + s;
        long before = dropped("xta-fhir", "ivf-fertility");
        long quarantined = count("SELECT count(*) FROM quarantine");
        String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[%1$s,%2$s,%3$s,
                 {"fullUrl":"urn:uuid:e1e1e1e1-0000-4000-8000-%4$s","resource":{"resourceType":"Encounter","id":"enc-%4$s",
                   "status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
                   "subject":{"reference":"urn:uuid:aaaaaaaa-0000-4000-8000-%4$s"},"period":{"start":"2024-05-02T09:00:00Z"},
                   "diagnosis":[{"condition":{"reference":"urn:uuid:%5$s","display":"IVF cycle 2"}},
                                {"condition":{"reference":"urn:uuid:%6$s","display":"Diabetes"}}]},
                  "request":{"method":"PUT","url":"Encounter/enc-%4$s"}}]}""".formatted(
                patient(s, PersonMatchingTest.surname()),
                condition(s, ivf, """
                        {"system":"http://hl7.org/fhir/sid/icd-10","code":"Z31.2","display":"In vitro fertilization"},
                        {"system":"http://snomed.info/sct","code":"52637005","display":"In vitro fertilisation"}"""),
                condition(s, diabetes, """
                        {"system":"http://snomed.info/sct","code":"44054006","display":"Type 2 diabetes mellitus"}"""),
                s, ivf, diabetes);

        Response response = post(FEED_TOKEN, bundle);
        JsonNode entries = ok(response).path("entry");
        JsonNode droppedEntry = entries.get(1).path("response");
        assertThat(droppedEntry.path("status").asText()).isEqualTo("200 OK");
        assertThat(droppedEntry.has("location")).as("nothing was stored to point at").isFalse();
        assertThat(droppedEntry.path("outcome").toString()).contains("not stored");
        assertThat(entries.get(2).path("response").path("status").asText()).isEqualTo("201 Created");
        assertThat(entries.get(3).path("response").path("status").asText()).isEqualTo("201 Created");
        assertThat(response.body()).as("the sender is not told the code or the category")
                .doesNotContain("Z31").doesNotContain("52637005").doesNotContain("ivf").doesNotContain("fertili");

        assertThat(count("SELECT count(*) FROM clinical_item WHERE source_id = ?", ivf)).isZero();
        assertThat(count("SELECT count(*) FROM clinical_item WHERE source_id = ?", diabetes)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM clinical_item WHERE codes && ARRAY['http://hl7.org/fhir/sid/icd-10|Z31.2',"
                + " 'http://snomed.info/sct|52637005']")).isZero();
        assertThat(count("SELECT count(*) FROM clinical_item WHERE resource LIKE '%IVF%' OR resource LIKE '%" + ivf + "%'"))
                .as("nor named by what points at it").isZero();
        assertThat(count("SELECT count(*) FROM quarantine")).as("nothing of it kept in quarantine").isEqualTo(quarantined);

        String person = personWith("https://fhir.xta.example.nhs.uk/Id/mrn", "R" + s);
        String record = everything(person);
        assertThat(record).contains("44054006").doesNotContain("Z31").doesNotContain("52637005").doesNotContain("IVF");
        JsonNode encounters = get("/Encounter?patient=" + person).json().path("entry");
        assertThat(encounters).hasSize(1);
        JsonNode diagnosis = encounters.get(0).path("resource").path("diagnosis");
        assertThat(diagnosis.get(0).path("condition").toString()).isEqualTo("{\"display\":\"" + NOT_HELD + "\"}");
        assertThat(diagnosis.get(1).path("condition").path("reference").asText()).startsWith("Condition/");
        assertThat(get("/Condition?patient=" + person + "&code=http://hl7.org/fhir/sid/icd-10|Z31.2").json()
                .path("entry")).isEmpty();
        assertThat(get("/Condition?patient=" + person).json().path("entry")).hasSize(1);

        assertThat(dropped("xta-fhir", "ivf-fertility")).isEqualTo(before + 1);
        JsonNode feed = feedStatus("xta-fhir");
        assertThat(feed.path("restrictedLastDroppedAt").path("ivf-fertility").asText()).isNotEmpty();
        assertThat(feed.toString()).doesNotContain("Z31").doesNotContain("52637005");
    }

    @Test
    void anItemFirstSentUnrestrictedThenResentWithARestrictedCodeIsRetired() {
        String s = FeedIngestionTest.suffix();
        String family = PersonMatchingTest.surname();
        String id = "c2c2c2c2-0000-4000-8000-" + s;
        ok(post(FEED_TOKEN, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + patient(s, family) + ","
                + condition(s, id, "{\"system\":\"http://snomed.info/sct\",\"code\":\"21522001\",\"display\":\"Abdominal pain\"}")
                + "]}"));
        String person = personWith("https://fhir.xta.example.nhs.uk/Id/mrn", "R" + s);
        String stored = jdbc.sql("SELECT id::text FROM clinical_item WHERE source_id = ?").param(id).query(String.class).single();
        assertThat(get("/Condition/" + stored).status()).isEqualTo(200);
        long before = dropped("xta-fhir", "termination-of-pregnancy");

        // the source recodes it: an ICD-10 UK code without its dot
        JsonNode resent = ok(post(FEED_TOKEN, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + patient(s, family) + "," + condition(s, id,
                "{\"system\":\"http://hl7.org/fhir/sid/icd-10-uk\",\"code\":\"O049\",\"display\":\"Medical abortion\"}")
                + "]}"));
        assertThat(resent.path("entry").get(1).path("response").has("location")).isFalse();

        assertThat(count("SELECT count(*) FROM clinical_item WHERE id = ?::uuid AND retired AND version = 2", stored))
                .as("retired, as a delete would").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM clinical_item WHERE id = ?::uuid AND resource LIKE '%withdrawn%'", stored))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM clinical_item_version WHERE id = ?::uuid AND version = 1", stored))
                .as("the earlier version is kept").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM clinical_item WHERE id = ?::uuid AND (resource LIKE '%O049%'"
                + " OR resource LIKE '%abortion%' OR codes && ARRAY['O049'])", stored)).as("the restricted version is not").isZero();
        assertThat(count("SELECT count(*) FROM clinical_item_version WHERE id = ?::uuid AND resource LIKE '%O049%'", stored))
                .isZero();
        assertThat(get("/Condition/" + stored).status()).isEqualTo(410);
        assertThat(get("/Condition/" + stored).body()).doesNotContain("restricted").doesNotContain("abortion");
        assertThat(everything(person)).doesNotContain("Abdominal pain").doesNotContain("O049");
        assertThat(dropped("xta-fhir", "termination-of-pregnancy")).isEqualTo(before + 1);

        // a later delivery naming it by the source's id still loads: the reference goes to the retired item
        JsonNode later = ok(post(FEED_TOKEN, """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Encounter","id":"enc2-%1$s","status":"finished",
                   "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
                   "subject":{"reference":"Patient/rp-%1$s"},"reasonReference":[{"reference":"Condition/%2$s"}]},
                  "request":{"method":"PUT","url":"Encounter/enc2-%1$s"}}]}""".formatted(s, id)));
        assertThat(later.path("entry").get(0).path("response").path("status").asText()).isEqualTo("201 Created");
    }

    @Test
    void aLaterDeliveryNamingADroppedItemLoadsWithTheReferenceNotHeld() {
        String s = FeedIngestionTest.suffix();
        String id = "c3c3c3c3-0000-4000-8000-" + s;
        ok(post(FEED_TOKEN, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + patient(s, PersonMatchingTest.surname()) + ","
                + condition(s, id, "{\"system\":\"http://hl7.org/fhir/sid/icd-10\",\"code\":\"F64.0\"}") + "]}"));
        JsonNode later = ok(post(FEED_TOKEN, """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Encounter","id":"enc3-%1$s","status":"finished",
                   "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
                   "subject":{"reference":"Patient/rp-%1$s"},
                   "reasonReference":[{"reference":"Condition/%2$s","display":"Gender clinic referral"}]},
                  "request":{"method":"PUT","url":"Encounter/enc3-%1$s"}}]}""".formatted(s, id)));
        assertThat(later.path("entry").get(0).path("response").path("status").asText()).isEqualTo("201 Created");
        String person = personWith("https://fhir.xta.example.nhs.uk/Id/mrn", "R" + s);
        JsonNode encounter = get("/Encounter?patient=" + person).json().path("entry").get(0).path("resource");
        assertThat(encounter.path("reasonReference").get(0).toString()).isEqualTo("{\"display\":\"" + NOT_HELD + "\"}");
        assertThat(everything(person)).doesNotContain("F64").doesNotContain("Gender clinic");

        // a reference to something the source never sent is still refused (hazard H2)
        Response unknown = post(FEED_TOKEN, """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Encounter","id":"enc4-%1$s","status":"finished",
                   "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
                   "subject":{"reference":"Patient/rp-%1$s"},"reasonReference":[{"reference":"Condition/never-%1$s"}]},
                  "request":{"method":"PUT","url":"Encounter/enc4-%1$s"}}]}""".formatted(s));
        assertThat(unknown.status()).isEqualTo(422);
    }

    private String sendOverMllp(String message) throws Exception {
        try (Socket socket = new Socket("localhost", MllpFeedTest.mllpPort(context))) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(MllpFeedTest.frame(message.replace("\n", "\r").getBytes(StandardCharsets.UTF_8)));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isEqualTo(0x0B);
            ByteArrayOutputStream ack = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != 0x1C; ) {
                assertThat(b).isNotEqualTo(-1);
                ack.write(b);
            }
            return ack.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void anHl7ResultWithAnStiFindingIsAcknowledgedAndOnlyThatObservationIsNotStored() throws Exception {
        String s = FeedIngestionTest.suffix();
        long before = dropped("xta-hl7", "sexually-transmitted-infection");
        String oru = """
                MSH|^~\\&|LAB|XTA-PAS|CARE|REGION|20240302091500||ORU^R01^ORU_R01|STI-%1$s|P|2.5.1
                PID|1||SH%1$s^^^XTA^MR||Quill^Robin||19900101|M
                OBR|1|PL%1$s|FL%1$s|MICRO^Microbiology^L|||20240302083000|||||||||C7654321^Patel^Ravi^^^Dr||||||20240302091000|||F
                OBX|1|NM|2160-0^Creatinine^LN||71|umol/L^umol/L^UCUM|60-110||||F
                OBX|2|CWE|NGNAAT^N. gonorrhoeae NAAT^L||15628003^Gonorrhoea^SCT||||||F
                """.formatted(s);
        String ack = sendOverMllp(oru);
        assertThat(MllpFeedTest.msa(ack)).isEqualTo("MSA|AA|STI-" + s);
        assertThat(ack).doesNotContain("15628003").doesNotContain("onorrh");

        String person = personWith("urn:care-record:hl7v2:XTA:patient-id/XTA", "SH" + s);
        JsonNode observations = get("/Observation?patient=" + person).json().path("entry");
        assertThat(observations).as("the creatinine only").hasSize(1);
        assertThat(observations.get(0).path("resource").path("code").toString()).contains("2160-0");
        JsonNode report = get("/DiagnosticReport?patient=" + person).json().path("entry").get(0).path("resource");
        assertThat(report.path("result")).hasSize(2);
        assertThat(report.path("result").get(0).path("reference").asText()).startsWith("Observation/");
        assertThat(report.path("result").get(1).toString()).isEqualTo("{\"display\":\"" + NOT_HELD + "\"}");
        assertThat(everything(person)).doesNotContain("15628003").doesNotContain("onorrh").doesNotContain("NGNAAT");
        assertThat(count("SELECT count(*) FROM clinical_item WHERE source_id = 'FL" + s + "-2'")).isZero();
        assertThat(dropped("xta-hl7", "sexually-transmitted-infection")).isEqualTo(before + 1);
    }

    private Response upload(String name, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + port + "/batch/files?name=" + name)).header("Content-Type", "application/fhir+ndjson")
                .header("Authorization", "Bearer test-batch-token").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    @Test
    void aBatchFileWithARestrictedLineLoadsTheRestAndALaterFileNamingItLoadsToo() throws Exception {
        String s = FeedIngestionTest.suffix();
        long before = dropped("xtc-batch", "sexually-transmitted-infection");
        String file = String.join("\n",
                "{\"resourceType\":\"Patient\",\"id\":\"bp-" + s + "\",\"identifier\":[{\"system\":\"https://fhir.xtc.example/Id/client\",\"value\":\"B" + s + "\"}],\"name\":[{\"family\":\"" + PersonMatchingTest.surname() + "\",\"given\":[\"Nell\"]}],\"birthDate\":\"1970-02-02\"}",
                "{\"resourceType\":\"Observation\",\"id\":\"bw-" + s + "\",\"status\":\"final\",\"code\":{\"text\":\"Weight\"},\"subject\":{\"reference\":\"Patient/bp-" + s + "\"},\"valueQuantity\":{\"value\":70,\"unit\":\"kg\"}}",
                "{\"resourceType\":\"Condition\",\"id\":\"bc-" + s + "\",\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-uk\",\"code\":\"A560\"}]},\"subject\":{\"reference\":\"Patient/bp-" + s + "\"}}",
                "{\"resourceType\":\"CarePlan\",\"id\":\"bcp-" + s + "\",\"status\":\"active\",\"intent\":\"plan\",\"title\":\"Support at home\",\"subject\":{\"reference\":\"Patient/bp-" + s + "\"},\"addresses\":[{\"reference\":\"Condition/bc-" + s + "\"}]}",
                "");
        Response r = upload("restricted-" + s + ".ndjson", file);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("linesRead").asLong()).isEqualTo(4);
        assertThat(r.json().path("linesRejected").asLong()).isZero();
        assertThat(count("SELECT count(*) FROM clinical_item WHERE source_id = 'bc-" + s + "'")).isZero();
        assertThat(count("SELECT count(*) FROM clinical_item WHERE source_id IN ('bw-" + s + "', 'bcp-" + s + "')"))
                .isEqualTo(2);
        String person = personWith("https://fhir.xtc.example/Id/client", "B" + s);
        assertThat(everything(person)).contains("Support at home").doesNotContain("A560").doesNotContain("bc-" + s);

        // next week's file names the dropped condition from a care plan: it loads, the reference not held
        Response next = upload("restricted-next-" + s + ".ndjson", "{\"resourceType\":\"CarePlan\",\"id\":\"bcp2-" + s
                + "\",\"status\":\"active\",\"intent\":\"plan\",\"title\":\"Follow-up\",\"subject\":{\"reference\":\"Patient/bp-"
                + s + "\"},\"addresses\":[{\"reference\":\"Condition/bc-" + s + "\"}]}\n");
        assertThat(next.json().path("linesLoaded").asLong()).as(next.body()).isEqualTo(1);
        assertThat(next.json().path("linesRejected").asLong()).isZero();
        assertThat(count("SELECT count(*) FROM clinical_item WHERE source_id = 'bcp2-" + s + "' AND resource LIKE ?",
                "%\"addresses\":[{\"display\":\"" + NOT_HELD + "\"}]%")).isEqualTo(1);
        assertThat(dropped("xtc-batch", "sexually-transmitted-infection")).isEqualTo(before + 1);
    }

    @Test
    void aCodeListSetInConfigurationIsHonoured() {
        // application-test.yml adds test-only-category; application.yml's lists still apply beside it
        String s = FeedIngestionTest.suffix();
        long before = dropped("xtg-fhir", "test-only-category");
        String observation = """
                {"resource":{"resourceType":"Observation","id":"%2$s-%1$s","status":"final",
                  "code":{"coding":[{"system":"%3$s","code":"%4$s"}]},"subject":{"reference":"Patient/gp-%1$s"}},
                 "request":{"method":"PUT","url":"Observation/%2$s-%1$s"}}""";
        JsonNode response = ok(post(GP_TOKEN, """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","id":"gp-%1$s","name":[{"family":"%2$s","given":["Tam"]}],
                   "identifier":[{"system":"https://fhir.xtg.example/Id/patient","value":"G%1$s"}],"birthDate":"1977-07-07"},
                  "request":{"method":"PUT","url":"Patient/gp-%1$s"}},%3$s,%4$s,%5$s]}""".formatted(s,
                PersonMatchingTest.surname(),
                observation.formatted(s, "t1", "http://read.info/readv2", "ZZZ12"),
                observation.formatted(s, "t2", "urn:care-record:test:restricted", "TEST-RESTRICTED"),
                observation.formatted(s, "t3", "http://read.info/readv2", "ZZZ2."))));
        assertThat(response.path("entry").get(3).path("response").path("status").asText()).isEqualTo("201 Created");
        assertThat(count("SELECT count(*) FROM clinical_item WHERE source_id LIKE 't_-" + s + "'")).as("t3 only").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM clinical_item WHERE source_id = 't3-" + s + "'")).isEqualTo(1);
        assertThat(dropped("xtg-fhir", "test-only-category")).isEqualTo(before + 2);
    }
}
