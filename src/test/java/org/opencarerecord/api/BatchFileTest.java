package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.beans.factory.annotation.Autowired;

/** NDJSON files from a batch-file feed: uploaded or dropped, loaded once, bad lines quarantined by number. */
class BatchFileTest extends IntegrationTest {

    @Autowired
    SourceRegistry sources;

    private Response upload(String token, String name, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + port + "/batch/files?name=" + name)).header("Content-Type", "application/fhir+ndjson")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    private static String file(String s, String family) {
        return String.join("\n",
                "{\"resourceType\":\"Patient\",\"id\":\"c1-" + s + "\",\"identifier\":[{\"system\":\"https://fhir.xtc.example/Id/client\",\"value\":\"C1" + s + "\"}],\"name\":[{\"family\":\"" + family + "\",\"given\":[\"Ada\"]}],\"gender\":\"female\",\"birthDate\":\"1950-01-01\"}",
                "{\"resourceType\":\"Patient\",\"id\":\"c2-" + s + "\",\"identifier\":[{\"system\":\"https://fhir.xtc.example/Id/client\",\"value\":\"C2" + s + "\"}],\"name\":[{\"family\":\"" + family + "\",\"given\":[\"Bert\"]}],\"gender\":\"male\",\"birthDate\":\"1948-05-05\"}",
                "{\"resourceType\":\"Observation\",\"id\":\"o1-" + s + "\",\"status\":\"final\",\"code\":{\"text\":\"Weight\"},\"subject\":{\"reference\":\"Patient/c1-" + s + "\"},\"valueQuantity\":{\"value\":61.50,\"unit\":\"kg\"}}",
                "{\"resourceType\":\"Observation\",\"id\":\"o2-" + s + "\",\"status\":\"final\",",
                "{\"resourceType\":\"Observation\",\"id\":\"o3-" + s + "\",\"status\":\"final\",\"code\":{\"text\":\"Weight\"},\"subject\":{\"reference\":\"Patient/nobody-" + s + "\"}}",
                "{\"resourceType\":\"CarePlan\",\"id\":\"p1-" + s + "\",\"status\":\"active\",\"intent\":\"plan\",\"title\":\"Home care, twice daily\",\"subject\":{\"reference\":\"Patient/c2-" + s + "\"}}",
                "");
    }

    @Test
    void aFileLoadsOnceAndItsBadLinesAreQuarantinedByLineNumber() throws Exception {
        String s = FeedIngestionTest.suffix();
        String family = PersonMatchingTest.surname();
        String content = file(s, family);
        long quarantined = count("SELECT count(*) FROM quarantine");
        Response first = upload("test-batch-token", "clients-" + s + ".ndjson", content);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        JsonNode report = first.json();
        assertThat(report.path("status").asText()).isEqualTo("loaded");
        assertThat(report.path("linesRead").asLong()).isEqualTo(6);
        assertThat(report.path("linesLoaded").asLong()).isEqualTo(4);
        assertThat(report.path("linesRejected").asLong()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM quarantine")).isEqualTo(quarantined + 2);
        assertThat(count("SELECT count(*) FROM quarantine WHERE reason LIKE 'line 4 of clients-" + s
                + ".ndjson: not a FHIR resource%'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM quarantine WHERE reason LIKE 'line 5 of clients-" + s
                + ".ndjson:%does not resolve%'")).isEqualTo(1);

        JsonNode ada = get("/Patient?identifier=https://fhir.xtc.example/Id/client|C1" + s).json();
        assertThat(ada.path("total").asInt()).isEqualTo(1);
        String person = ada.path("entry").get(0).path("resource").path("id").asText();
        String record = get("/Patient/" + person + "/$everything").body();
        assertThat(record).contains("\"value\":61.50").contains("xtc-batch");

        long items = count("SELECT count(*) FROM clinical_item");
        Response again = upload("test-batch-token", "clients-again.ndjson", content);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("alreadyProcessed").asBoolean()).isTrue();
        assertThat(again.json().path("name").asText()).as("the first report").isEqualTo("clients-" + s + ".ndjson");
        assertThat(count("SELECT count(*) FROM clinical_item")).isEqualTo(items);
        assertThat(count("SELECT count(*) FROM quarantine")).isEqualTo(quarantined + 2);

        assertThat(upload("test-feed-token", "x.ndjson", content).status()).as("only a batch-file feed's token").isEqualTo(401);
        assertThat(get("http://localhost:" + port + "/admin/batch-files?feed=xtc-batch").body()).contains("clients-" + s);
    }

    @Test
    void aFileWhoseLinesNameWhatEarlierChunksHoldLoadsWhole() throws Exception {
        // chunks of a file load on several workers at once: a chunk naming patients that a chunk still
        // loading holds waits for it and goes again, and a resource sent twice keeps its later line
        String s = FeedIngestionTest.suffix();
        int people = 1500;
        StringBuilder file = new StringBuilder();
        for (int p = 0; p < people; p++) {
            file.append("{\"resourceType\":\"Patient\",\"id\":\"m").append(p).append('-').append(s)
                    .append("\",\"name\":[{\"family\":\"Chunk").append(s).append("\",\"given\":[\"P").append(p)
                    .append("\"]}],\"birthDate\":\"1960-01-01\"}\n");
        }
        for (int p = 0; p < people; p++) {
            file.append("{\"resourceType\":\"Observation\",\"id\":\"w").append(p).append('-').append(s)
                    .append("\",\"status\":\"final\",\"code\":{\"text\":\"Weight\"},\"subject\":{\"reference\":\"Patient/m")
                    .append(p).append('-').append(s).append("\"},\"valueQuantity\":{\"value\":").append(p % 90 + 40)
                    .append(",\"unit\":\"kg\"}}\n");
        }
        file.append("{\"resourceType\":\"Observation\",\"id\":\"w0-").append(s).append("\",\"status\":\"amended\","
                + "\"code\":{\"text\":\"Weight\"},\"subject\":{\"reference\":\"Patient/m0-").append(s)
                .append("\"},\"valueQuantity\":{\"value\":41.5,\"unit\":\"kg\"}}\n");
        Response r = upload("test-batch-token", "mixed-" + s + ".ndjson", file.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("linesLoaded").asLong()).isEqualTo(2L * people + 1);
        assertThat(r.json().path("linesRejected").asLong()).isZero();
        assertThat(count("SELECT count(*) FROM clinical_item WHERE feed_id = 'xtc-batch' AND source_id LIKE 'w%-" + s + "'"))
                .isEqualTo(people);
        assertThat(count("SELECT count(*) FROM clinical_item WHERE source_id = 'w0-" + s + "' AND version = 2"
                + " AND resource LIKE '%amended%'")).as("the later line wins").isEqualTo(1);
    }

    /**
     * The person index reads ahead for a chunk's patients together; lines that name what earlier
     * lines of the same chunk created must still be linked as if each had been sent alone.
     */
    @Test
    void patientsOfOneChunkThatAreTheSamePersonAreLinkedAsIfSentOneByOne() throws Exception {
        String s = FeedIngestionTest.suffix();
        String family = PersonMatchingTest.surname();
        String nhs = PersonMatchingTest.uniqueNhsNumber();
        String other = PersonMatchingTest.surname();
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"%s\",\"identifier\":[%s{\"system\":\"https://fhir.xtc.example/Id/client\","
                + "\"value\":\"%s\"}],\"name\":[{\"family\":\"%s\",\"given\":[\"%s\"]}],\"gender\":\"%s\",\"birthDate\":\"%s\","
                + "\"address\":[{\"line\":[\"%s\"],\"postalCode\":\"L19 2WQ\"}]}";
        String withNhs = "{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"" + nhs + "\"},";
        // three files, as a line that breaks a unique key sends its chunk line by line and would hide the others
        load("holder-" + s, String.format(patient, "a1-" + s, withNhs, "A1" + s, family, "Carys", "female", "1961-07-14",
                "3 Elm Row"),
                // the same NHS number under another id: its holder was created by the line before
                String.format(patient, "a2-" + s, withNhs, "A2" + s, family, "Carys", "female", "1961-07-14", "3 Elm Row"));
        load("matched-" + s, String.format(patient, "b1-" + s, "", "B1" + s, other, "Dafydd", "male", "1955-03-02", "9 Ash Lane"),
                // no NHS number, the same details: matched against the record the line before created
                String.format(patient, "b2-" + s, "", "B2" + s, other, "Dafydd", "male", "1955-03-02", "9 Ash Lane"));
        load("moved-" + s, String.format(patient, "c1-" + s, "", "C1" + s, other, "Eira", "female", "1990-10-10", "1 Bay View"),
                // the same record again, moved house: an update of the record the line before created
                String.format(patient, "c1-" + s, "", "C1" + s, other, "Eira", "female", "1990-10-10", "5 Oak Road"));

        assertThat(count("SELECT count(DISTINCT person_id) FROM source_record WHERE source_id IN ('a1-" + s + "', 'a2-" + s + "')"))
                .as("one person by NHS number").isEqualTo(1);
        assertThat(count("SELECT count(DISTINCT person_id) FROM source_record WHERE source_id IN ('b1-" + s + "', 'b2-" + s + "')"))
                .as("one person by matching").isEqualTo(1);
        assertThat(count("SELECT count(DISTINCT person_id) FROM source_record WHERE source_id LIKE '_1-" + s + "'"))
                .as("three people").isEqualTo(3);
        assertThat(count("SELECT count(*) FROM source_record WHERE source_id = 'c1-" + s + "' AND version = 2"
                + " AND address_line = '5 Oak Road'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM person p JOIN source_record r ON r.person_id = p.id WHERE r.source_id = 'a2-" + s
                + "' AND p.nhs_number = '" + nhs + "'")).isEqualTo(1);
    }

    private void load(String name, String... lines) throws Exception {
        Response r = upload("test-batch-token", name + ".ndjson", String.join("\n", lines) + "\n");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("linesLoaded").asLong()).as(r.body()).isEqualTo(lines.length);
    }

    @Test
    void aLoadCutShortResumesWithExactlyTheLinesNoCommittedChunkHolds() throws Exception {
        String s = FeedIngestionTest.suffix();
        Response patient = upload("test-batch-token", "resume-patient-" + s + ".ndjson", "{\"resourceType\":\"Patient\","
                + "\"id\":\"r-" + s + "\",\"name\":[{\"family\":\"Resume" + s + "\",\"given\":[\"Rhea\"]}],"
                + "\"birthDate\":\"1955-05-05\"}\n");
        assertThat(patient.status()).as(patient.body()).isEqualTo(201);
        StringBuilder file = new StringBuilder();
        for (int line = 1; line <= 3000; line++) {
            file.append("{\"resourceType\":\"Observation\",\"id\":\"rl").append(line).append('-').append(s)
                    .append("\",\"status\":\"final\",\"code\":{\"text\":\"Pulse\"},\"subject\":{\"reference\":"
                            + "\"Patient/r-").append(s).append("\"},\"valueQuantity\":{\"value\":").append(60 + line % 40)
                    .append(",\"unit\":\"/min\"}}\n");
        }
        String content = file.toString();
        // an earlier load of this very file was cut short after committing lines 1-400 and 1001-2000
        java.util.UUID id = java.util.UUID.randomUUID();
        jdbc.sql("INSERT INTO batch_file (id, feed_id, sha256, name, received_at, status) VALUES (?, 'xtc-batch', ?, ?,"
                + " now(), 'loading')").params(id, java.security.MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "resume-" + s + ".ndjson").update();
        jdbc.sql("INSERT INTO batch_chunk (file_id, first_line, last_line, loaded, rejected) VALUES (?, 1, 400, 400, 0),"
                + " (?, 1001, 2000, 1000, 0)").params(id, id).update();

        Response resumed = upload("test-batch-token", "resume-" + s + ".ndjson", content);
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(201);
        assertThat(resumed.json().path("status").asText()).isEqualTo("loaded");
        assertThat(resumed.json().path("linesLoaded").asLong()).isEqualTo(3000);
        assertThat(count("SELECT count(*) FROM clinical_item WHERE source_id LIKE 'rl%-" + s + "'"))
                .as("only the lines no committed chunk held").isEqualTo(1600);
        assertThat(count("SELECT count(*) FROM clinical_item WHERE source_id IN ('rl400-" + s + "', 'rl1001-" + s
                + "', 'rl2000-" + s + "')")).isZero();
        assertThat(count("SELECT count(*) FROM clinical_item WHERE source_id IN ('rl401-" + s + "', 'rl1000-" + s
                + "', 'rl2001-" + s + "', 'rl3000-" + s + "')")).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM batch_chunk a JOIN batch_chunk b ON a.file_id = b.file_id"
                + " AND a.first_line < b.first_line AND a.last_line >= b.first_line WHERE a.file_id = ?", id))
                .as("no chunk spans lines another holds").isZero();
    }

    @Test
    void aFormEncodedUploadIsRefusedWithoutReadingIt() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + port + "/batch/files?name=form.ndjson")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer test-batch-token")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(3_000_000))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
    }

    @Test
    void aFileInTheDropDirectoryIsPickedUpAndMovedAside() throws Exception {
        String s = FeedIngestionTest.suffix();
        Path drop = Path.of(sources.feeds().stream().filter(f -> f.id().equals("xtc-batch")).findFirst().orElseThrow()
                .dropDirectory());
        Files.createDirectories(drop);
        Path written = drop.resolve(".writing-" + s);
        Files.writeString(written, file(s, PersonMatchingTest.surname()));
        Files.move(written, drop.resolve("dropped-" + s + ".ndjson"));
        Path processed = drop.resolve("processed").resolve("dropped-" + s + ".ndjson");
        for (int i = 0; i < 200 && !Files.exists(processed); i++) {
            Thread.sleep(100);
        }
        assertThat(processed).as("loaded and moved aside").exists();
        assertThat(drop.resolve("dropped-" + s + ".ndjson")).doesNotExist();
        JsonNode reports = FhirJson.MAPPER.readTree(get("http://localhost:" + port + "/admin/batch-files?feed=xtc-batch").body());
        JsonNode report = null;
        for (JsonNode r : reports) {
            report = r.path("name").asText().equals("dropped-" + s + ".ndjson") ? r : report;
        }
        assertThat(report).isNotNull();
        assertThat(report.path("linesLoaded").asLong()).isEqualTo(4);
        assertThat(get("/Patient?identifier=https://fhir.xtc.example/Id/client|C2" + s).json().path("total").asInt())
                .isEqualTo(1);
    }

    @Test
    void aFullExtractRetiresWhatTheSourceNoLongerSendsForThePeopleInIt() throws Exception {
        String s = FeedIngestionTest.suffix();
        String family = PersonMatchingTest.surname();
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"x-" + s + "\",\"identifier\":[{\"system\":"
                + "\"https://fhir.xtc.example/Id/extract\",\"value\":\"X" + s + "\"}],\"name\":[{\"family\":\"" + family
                + "\",\"given\":[\"Cora\"]}],\"gender\":\"female\",\"birthDate\":\"1939-09-09\"}";
        String plan = "{\"resourceType\":\"CarePlan\",\"id\":\"plan-" + s + "\",\"status\":\"active\",\"intent\":\"plan\","
                + "\"title\":\"Meals at home\",\"subject\":{\"reference\":\"Patient/x-" + s + "\"}}";
        String flag = "{\"resourceType\":\"Flag\",\"id\":\"flag-" + s + "\",\"status\":\"active\",\"code\":{\"text\":"
                + "\"Key safe by the door\"},\"subject\":{\"reference\":\"Patient/x-" + s + "\"}}";
        Response first = upload("test-extract-token", "week1-" + s + ".ndjson", String.join("\n", patient, plan, flag));
        assertThat(first.json().path("linesLoaded").asLong()).as(first.body()).isEqualTo(3);
        assertThat(first.json().path("itemsRetired").asLong()).isZero();

        // next week's extract no longer has the care plan: the package ended
        Response second = upload("test-extract-token", "week2-" + s + ".ndjson", String.join("\n", patient, flag));
        assertThat(second.json().path("itemsRetired").asLong()).as(second.body()).isEqualTo(1);
        String person = get("/Patient?identifier=https://fhir.xtc.example/Id/extract|X" + s).json()
                .path("entry").get(0).path("resource").path("id").asText();
        String record = get("/Patient/" + person + "/$everything").body();
        assertThat(record).contains("Key safe by the door").doesNotContain("Meals at home");
        assertThat(count("SELECT count(*) FROM clinical_item WHERE source_id = 'plan-" + s + "' AND retired"
                + " AND resource LIKE '%no longer in the source''s full extract (week2-" + s + ".ndjson)%'")).isEqualTo(1);
    }

    @Test
    void socialCareCsvLoadsByItsLayoutAndABadRowIsRefusedWithItsReason() throws Exception {
        String s = FeedIngestionTest.suffix();
        String family = PersonMatchingTest.surname();
        String clients = "client_id,nhs_number,family_name,given_names,birth_date,sex,postcode,address_line,phone\n"
                + "K1" + s + ",," + family + ",Dora May,02/03/1941,F,CH41 6JT,\"Flat 2, 9 Conway Street\",0151 496 0000\n"
                + "K2" + s + ",," + family + ",Eric,1944-07-01,M,CH41 6JT\n"
                + "K3" + s + ",," + family + ",Fay,31/02/1950,F,CH41 6JT,1 Hope St,\n";
        Response loaded = upload("test-batch-token", "clients-" + s + ".csv", clients);
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(201);
        assertThat(loaded.json().path("linesLoaded").asLong()).isEqualTo(1);
        assertThat(loaded.json().path("linesRejected").asLong()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM quarantine WHERE reason LIKE 'line 3 of clients-" + s
                + ".csv: the row has 7 columns; the clients layout has 9%'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM quarantine WHERE reason LIKE 'line 4 of clients-" + s
                + ".csv: birth_date ''31/02/1950'' is not a date%'")).isEqualTo(1);

        String packages = "package_id,client_id,service,status,start_date,end_date,hours_per_week,provider\n"
                + "P1" + s + ",K1" + s + ",Home care,active,01/04/2025,,10.5,Wirral Home Care Ltd\n"
                + "P2" + s + ",NOBODY" + s + ",Day centre,active,2025-04-01,,6,\n";
        Response plans = upload("test-batch-token", "packages-" + s + ".csv", packages);
        assertThat(plans.json().path("linesLoaded").asLong()).as(plans.body()).isEqualTo(1);
        assertThat(plans.json().path("linesRejected").asLong()).isEqualTo(1);

        String person = get("/Patient?identifier=urn:care-record:csv:XTC:client|K1" + s).json()
                .path("entry").get(0).path("resource").path("id").asText();
        String patient = get("/Patient/" + person).body();
        assertThat(patient).contains("\"birthDate\":\"1941-03-02\"").contains("Flat 2, 9 Conway Street").contains("Dora");
        String record = get("/Patient/" + person + "/$everything").body();
        assertThat(record).contains("Home care, 10.5 hours a week, provided by Wirral Home Care Ltd")
                .contains("\"start\":\"2025-04-01\"");

        // a row in another encoding (Latin-1 "Zoë") is refused on its own; the rest of the file loads
        byte[] latin = ("client_id,nhs_number,family_name,given_names,birth_date,sex,postcode,address_line,phone\n"
                + "L1" + s + ",," + family + ",Zo\u00eb,1950-01-01,F,,,\n"
                + "L2" + s + ",," + family + ",Zara,1950-01-02,F,,,\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        HttpResponse<String> mixed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + port + "/batch/files?name=latin-" + s + ".csv")).header("Authorization", "Bearer test-batch-token")
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(mixed.statusCode()).as(mixed.body()).isEqualTo(201);
        assertThat(FhirJson.MAPPER.readTree(mixed.body()).path("linesLoaded").asLong()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM quarantine WHERE reason LIKE 'line 2 of latin-" + s
                + ".csv: the line is not UTF-8 text'")).isEqualTo(1);

        Response unknown = upload("test-batch-token", "mystery-" + s + ".csv", "name,dob\nA,B\n");
        assertThat(unknown.json().path("status").asText()).as(unknown.body()).isEqualTo("rejected");
        assertThat(count("SELECT count(*) FROM quarantine WHERE reason LIKE 'file mystery-" + s + ".csv: neither NDJSON%'"))
                .isEqualTo(1);
    }
}
