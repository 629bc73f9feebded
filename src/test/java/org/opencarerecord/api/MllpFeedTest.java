package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * HL7 v2 over a real MLLP socket: ADT events update the source's patient and encounter, ORU^R01
 * results are stored exactly as sent, a resent message is stored once, A40 merges, and every kind
 * of bad input gets an AR or AE with a reason, is quarantined, and leaves the connection serving.
 */
class MllpFeedTest extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    private int mllpPort() {
        return mllpPort(context);
    }

    /** The port the service's MLLP listener took (the test profile lets it choose a free one). */
    static int mllpPort(ApplicationContext context) {
        try {
            Object server = context.getBean(Class.forName("org.opencarerecord.ingest.internal.MllpServer"));
            var port = server.getClass().getDeclaredMethod("port");
            port.setAccessible(true);
            return (int) port.invoke(server);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sender: one connection, a message at a time, as a hospital's interface engine would. */
    final class Sender implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Sender() throws IOException {
            socket = new Socket("localhost", mllpPort());
            socket.setSoTimeout(20_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        String send(String message) throws IOException {
            return sendRaw(frame(message.replace("\n", "\r").getBytes(StandardCharsets.UTF_8)));
        }

        String sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            return readAck();
        }

        String readAck() throws IOException {
            int b = in.read();
            assertThat(b).as("an acknowledgement begins with 0x0B").isEqualTo(0x0B);
            ByteArrayOutputStream ack = new ByteArrayOutputStream();
            while ((b = in.read()) != 0x1C) {
                assertThat(b).as("the acknowledgement ends").isNotEqualTo(-1);
                ack.write(b);
            }
            assertThat(in.read()).isEqualTo(0x0D);
            return ack.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static byte[] frame(byte[] message) {
        byte[] framed = new byte[message.length + 3];
        framed[0] = 0x0B;
        System.arraycopy(message, 0, framed, 1, message.length);
        framed[message.length + 1] = 0x1C;
        framed[message.length + 2] = 0x0D;
        return framed;
    }

    static String msa(String ack) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith("MSA|")) {
                return segment;
            }
        }
        throw new AssertionError("no MSA in " + ack);
    }

    private long quarantined() {
        return count("SELECT count(*) FROM quarantine");
    }

    /** This test's patient: a family name and NHS number no other test uses. */
    private final String family = PersonMatchingTest.surname();
    private final String nhs = PersonMatchingTest.uniqueNhsNumber();

    private String adt(String event, String controlId, String mrn, String visit, String pv1Tail) {
        return """
                MSH|^~\\&|PAS|XTA-PAS|CARE|REGION|20240301101500||ADT^%1$s^ADT_A01|%2$s|P|2.4
                EVN|%1$s|20240301101500
                PID|1||%3$s^^^XTA^MR~%6$s^^^NHS^NH||%7$s^Harriet^Jane^^Mrs||19480302|F|||7 Dock Road^^Liverpool^^L3 4AA||0151 496 0000
                PV1|1|I|WARD7^B12^3^XTA||||C1234567^Jones^Ann^^^Dr|||GEN|||||||||%4$s|||||||||||||||||||||||||20240301100000%5$s
                """.formatted(event, controlId, mrn, visit, pv1Tail, nhs, family);
    }

    @Test
    void anAdmissionThenADischargeUpdateThePatientAndTheirEncounterAndAResentMessageIsStoredOnce() throws Exception {
        String s = FeedIngestionTest.suffix();
        try (Sender sender = new Sender()) {
            String ack = sender.send(adt("A01", "A01-" + s, "MRN" + s, "V" + s, ""));
            assertThat(msa(ack)).isEqualTo("MSA|AA|A01-" + s);
            assertThat(ack).startsWith("MSH|^~\\&|SHARED-CARE-RECORD|REGION|PAS|XTA-PAS|").contains("|ACK^A01^ACK|");

            JsonNode found = get("/Patient?identifier=urn:care-record:hl7v2:XTA:patient-id/XTA|MRN" + s).json();
            assertThat(found.path("total").asInt()).isEqualTo(1);
            String person = found.path("entry").get(0).path("resource").path("id").asText();
            JsonNode patient = get("/Patient/" + person).json();
            assertThat(patient.toString()).contains(nhs).contains(family).contains("Harriet")
                    .contains("\"birthDate\":\"1948-03-02\"").contains("L3 4AA");

            JsonNode encounter = encounter(person);
            assertThat(encounter.path("status").asText()).isEqualTo("in-progress");
            assertThat(encounter.path("class").path("code").asText()).isEqualTo("IMP");
            assertThat(encounter.path("period").path("start").asText()).isEqualTo("2024-03-01T10:00:00+00:00");
            assertThat(encounter.toString()).contains("WARD7 B12 3 XTA").contains("Dr Ann Jones (C1234567)");
            assertThat(encounter.path("meta").path("source").asText()).contains("xta-hl7");

            // the same message again (an interface engine that missed the ACK): acknowledged, stored once
            long items = count("SELECT count(*) FROM clinical_item");
            long versions = count("SELECT count(*) FROM clinical_item_version");
            assertThat(msa(sender.send(adt("A01", "A01-" + s, "MRN" + s, "V" + s, "")))).startsWith("MSA|AA|A01-" + s);
            assertThat(count("SELECT count(*) FROM clinical_item")).isEqualTo(items);
            assertThat(count("SELECT count(*) FROM clinical_item_version")).isEqualTo(versions);

            assertThat(msa(sender.send(adt("A03", "A03-" + s, "MRN" + s, "V" + s, "|20240305143000"))))
                    .isEqualTo("MSA|AA|A03-" + s);
            encounter = encounter(person);
            assertThat(encounter.path("status").asText()).isEqualTo("finished");
            assertThat(encounter.path("period").path("end").asText()).isEqualTo("2024-03-05T14:30:00+00:00");
            assertThat(encounter.path("meta").path("versionId").asText()).isEqualTo("2");
        }
    }

    /**
     * AA means "on disk": the embedded database must flush each commit (its library starts PostgreSQL
     * with fsync off, which a process kill cannot show but a power cut would).
     */
    @Test
    void theEmbeddedDatabaseFlushesEveryCommitToDiskBeforeAnAcknowledgement() {
        assertThat(jdbc.sql("SHOW fsync").query(String.class).single()).isEqualTo("on");
        assertThat(jdbc.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("on");
        assertThat(jdbc.sql("SHOW full_page_writes").query(String.class).single()).isEqualTo("on");
    }

    private JsonNode encounter(String person) {
        JsonNode bundle = get("/Patient/" + person + "/$everything?_type=Encounter").json();
        assertThat(bundle.path("entry").size()).isEqualTo(1);
        return bundle.path("entry").get(0).path("resource");
    }

    @Test
    void aResultIsStoredExactlyAsSentWithWhoOrderedIt() throws Exception {
        String s = FeedIngestionTest.suffix();
        String oru = """
                MSH|^~\\&|LAB|XTA-PAS|CARE|REGION|20240302091500||ORU^R01^ORU_R01|ORU-%1$s|P|2.5.1
                PID|1||MRN%1$s^^^XTA^MR||Quayle^Edwin||19700101|M
                OBR|1|PL%1$s|FL%1$s|HBA1C^HbA1c^LN|||20240302083000|||||||||C7654321^Patel^Ravi^^^Dr||||||20240302091000|||F
                OBX|1|NM|4548-4^Hemoglobin A1c^LN||53.50|mmol/mol^mmol/mol^UCUM|20-42|H|||F|||20240302083000
                OBX|2|SN|2160-0^Creatinine^LN||<^5|umol/L|||||F
                OBX|3|ST|8251-1^Comment^LN||Sample slightly haemolysed||||||F
                NTE|1||Repeat in three months
                """.formatted(s);
        try (Sender sender = new Sender()) {
            assertThat(msa(sender.send(oru))).isEqualTo("MSA|AA|ORU-" + s);
        }
        String person = get("/Patient?identifier=urn:care-record:hl7v2:XTA:patient-id/XTA|MRN" + s).json()
                .path("entry").get(0).path("resource").path("id").asText();
        JsonNode all = get("/Patient/" + person + "/$everything?_count=1000").json();
        JsonNode hba1c = null;
        JsonNode creatinine = null;
        JsonNode comment = null;
        JsonNode report = null;
        JsonNode order = null;
        for (JsonNode e : all.path("entry")) {
            JsonNode r = e.path("resource");
            String code = r.path("code").path("coding").path(0).path("code").asText();
            switch (r.path("resourceType").asText()) {
                case "Observation" -> {
                    if (code.equals("4548-4")) {
                        hba1c = r;
                    } else if (code.equals("2160-0")) {
                        creatinine = r;
                    } else {
                        comment = r;
                    }
                }
                case "DiagnosticReport" -> report = r;
                case "ServiceRequest" -> order = r;
                default -> { }
            }
        }
        assertThat(hba1c).isNotNull();
        assertThat(hba1c.path("valueQuantity").toString()).as("the value keeps its scale")
                .isEqualTo("{\"value\":53.50,\"unit\":\"mmol/mol\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mmol/mol\"}");
        assertThat(hba1c.path("referenceRange").get(0).path("low").path("value").decimalValue()).isEqualByComparingTo("20");
        assertThat(hba1c.path("referenceRange").get(0).path("high").path("value").decimalValue()).isEqualByComparingTo("42");
        assertThat(hba1c.path("referenceRange").get(0).path("text").asText()).isEqualTo("20-42");
        assertThat(hba1c.path("interpretation").get(0).path("coding").get(0).path("code").asText()).isEqualTo("H");
        assertThat(hba1c.path("status").asText()).isEqualTo("final");
        assertThat(hba1c.path("code").path("coding").get(0).path("system").asText()).isEqualTo("http://loinc.org");
        assertThat(creatinine.path("valueQuantity").path("comparator").asText()).isEqualTo("<");
        assertThat(creatinine.path("valueQuantity").path("value").asText()).isEqualTo("5");
        assertThat(comment.path("valueString").asText()).isEqualTo("Sample slightly haemolysed");
        assertThat(comment.path("note").get(0).path("text").asText()).isEqualTo("Repeat in three months");
        assertThat(report.path("status").asText()).isEqualTo("final");
        assertThat(report.path("result").size()).isEqualTo(3);
        assertThat(report.path("effectiveDateTime").asText()).isEqualTo("2024-03-02T08:30:00+00:00");
        assertThat(order.path("requester").path("display").asText()).isEqualTo("Dr Ravi Patel (C7654321)");
        assertThat(report.path("basedOn").get(0).path("reference").asText()).isEqualTo("ServiceRequest/" + order.path("id").asText());
    }

    private String personOf(String mrn) {
        JsonNode found = get("/Patient?identifier=urn:care-record:hl7v2:XTA:patient-id/XTA|" + mrn).json();
        assertThat(found.path("total").asInt()).as(mrn).isEqualTo(1);
        return found.path("entry").get(0).path("resource").path("id").asText();
    }

    @Test
    void aMergeMovesTheRetiredRecordAndItsEncountersToTheSurvivor() throws Exception {
        String s = FeedIngestionTest.suffix();
        try (Sender sender = new Sender()) {
            assertThat(msa(sender.send(adt("A01", "M1-" + s, "OLD" + s, "VO" + s, "")))).startsWith("MSA|AA");
            // the same woman registered again by mistake, without her NHS number: a second record at the source
            String survivorMessage = adt("A04", "M2-" + s, "NEW" + s, "VN" + s, "").replace("~" + nhs + "^^^NHS^NH", "")
                    .replace("19480302|F|||7 Dock Road", "19480320|F|||12 Other Street").replace("L3 4AA", "CH41 1AA");
            assertThat(msa(sender.send(survivorMessage))).startsWith("MSA|AA");
            assertThat(personOf("NEW" + s)).as("two people before the source merges them").isNotEqualTo(personOf("OLD" + s));
            String merge = """
                    MSH|^~\\&|PAS|XTA-PAS|CARE|REGION|20240303101500||ADT^A40^ADT_A39|M3-%1$s|P|2.5
                    EVN|A40|20240303101500
                    PID|1||NEW%1$s^^^XTA^MR||%2$s^Harriet||19480320|F
                    MRG|OLD%1$s^^^XTA^MR
                    """.formatted(s, family);
            assertThat(msa(sender.send(merge))).isEqualTo("MSA|AA|M3-" + s);
        }
        String survivor = personOf("NEW" + s);
        JsonNode encounters = get("/Patient/" + survivor + "/$everything?_type=Encounter").json();
        assertThat(encounters.path("entry").size()).as("both encounters are the survivor's").isEqualTo(2);
        assertThat(personOf("OLD" + s)).isEqualTo(survivor);
    }

    @Test
    void messagesOfManyConnectionsAreStoredTogetherAndOneThatCannotBeStoredIsAnsweredAloneAE() throws Exception {
        // six connections at once: their messages are stored in groups (one commit each); a message the
        // database refuses (a visit number too long for its index) takes no other message with it
        String s = FeedIngestionTest.suffix();
        int connections = 6;
        int each = 5;
        String[][] answers = new String[connections][each];
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int connection = c;
            Thread t = new Thread(() -> {
                try (Sender sender = new Sender()) {
                    for (int m = 0; m < each; m++) {
                        boolean bad = connection == 2 && m == 2;
                        String visit = bad ? "V" + tooLongForAnIndex() : "V" + connection + "-" + m + "-" + s;
                        answers[connection][m] = msa(sender.send("""
                                MSH|^~\\&|PAS|XTA-PAS|CARE|REGION|20240301101500||ADT^A01^ADT_A01|G%1$s-%2$d-%3$d|P|2.4
                                PID|1||GM%2$d-%3$d-%1$s^^^XTA^MR~%4$s^^^NHS^NH||Group%1$s^Hana||19600101|F
                                PV1|1|I|WARD1^B1^1^XTA||||||||||||||||%5$s|||||||||||||||||||||||||20240301100000
                                """.formatted(s, connection, m, PersonMatchingTest.uniqueNhsNumber(), visit)));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int c = 0; c < connections; c++) {
            for (int m = 0; m < each; m++) {
                assertThat(answers[c][m]).as("connection %d message %d", c, m)
                        .startsWith((c == 2 && m == 2 ? "MSA|AE|G" : "MSA|AA|G") + s + "-" + c + "-" + m);
            }
        }
        assertThat(count("SELECT count(*) FROM source_record WHERE source_id LIKE 'GM%-" + s + "'"))
                .as("every other message stored").isEqualTo(connections * each - 1);
        assertThat(count("SELECT count(*) FROM clinical_item WHERE resource_type = 'Encounter' AND source_id LIKE 'V%-" + s + "'"))
                .isEqualTo(connections * each - 1);
        assertThat(count("SELECT count(*) FROM quarantine WHERE convert_from(payload, 'UTF8') LIKE ?", "%G" + s + "-2-2%"))
                .isEqualTo(1);
    }

    /** 8,000 random hex digits: more than a database index entry can hold, and not compressible enough to fit. */
    private static String tooLongForAnIndex() {
        byte[] random = new byte[4000];
        new java.util.Random(4).nextBytes(random);
        return java.util.HexFormat.of().formatHex(random);
    }

    @Test
    void segmentsEndedWithLineFeedsOrCrLfAreRead() throws Exception {
        String s = FeedIngestionTest.suffix();
        try (Sender sender = new Sender()) {
            String message = adt("A01", "LF-" + s, "MRN" + s, "V" + s, "");
            for (String end : new String[] {"\n", "\r\n"}) {
                String ack = sender.sendRaw(frame(message.replace("\n", end).replace("LF-", "LF" + end.length() + "-")
                        .getBytes(StandardCharsets.UTF_8)));
                assertThat(msa(ack)).isEqualTo("MSA|AA|LF" + end.length() + "-" + s);
            }
            assertThat(count("SELECT count(*) FROM source_record WHERE source_id = 'MRN" + s + "'")).isEqualTo(1);
        }
    }

    @Test
    void badInputGetsAReasonIsQuarantinedAndTheConnectionGoesOn() throws Exception {
        String s = FeedIngestionTest.suffix();
        try (Sender sender = new Sender()) {
            long q = quarantined();
            String notHl7 = sender.send("Hello, is this the lab?");
            assertThat(msa(notHl7)).startsWith("MSA|AR||").contains("not an HL7 v2 message");
            assertThat(quarantined()).isEqualTo(++q);

            String unknownFacility = sender.send(adt("A01", "U-" + s, "MRN" + s, "V" + s, "").replace("XTA-PAS", "NOBODY"));
            assertThat(msa(unknownFacility)).startsWith("MSA|AR|U-" + s).contains("NOBODY");
            assertThat(quarantined()).isEqualTo(++q);

            String noControlId = sender.send(adt("A01", "", "MRN" + s, "V" + s, ""));
            assertThat(msa(noControlId)).startsWith("MSA|AR|").contains("MSH-10");
            assertThat(quarantined()).isEqualTo(++q);

            String unknownType = sender.send(adt("A01", "T-" + s, "MRN" + s, "V" + s, "").replace("ADT^A01^ADT_A01", "SIU^S12"));
            assertThat(msa(unknownType)).startsWith("MSA|AR|T-" + s).contains("SIU\\S\\S12"); // ^ escaped as \S\
            assertThat(quarantined()).isEqualTo(++q);

            String badDate = sender.send(adt("A01", "D-" + s, "MRN" + s, "V" + s, "").replace("19480302", "19481302"));
            assertThat(msa(badDate)).startsWith("MSA|AE|D-" + s).contains("PID-7");
            assertThat(quarantined()).isEqualTo(++q);
            assertThat(count("SELECT count(*) FROM source_record WHERE source_id = 'MRN" + s + "'"))
                    .as("nothing of it stored").isZero();

            String wrongEncoding = sender.send(adt("A01", "E-" + s, "MRN" + s, "V" + s, "").replace("MSH|^~\\&|", "MSH|^~|"));
            assertThat(msa(wrongEncoding)).startsWith("MSA|AR|E-" + s).contains("encoding characters");
            assertThat(quarantined()).isEqualTo(++q);

            String notANumber = sender.send("""
                    MSH|^~\\&|LAB|XTA-PAS|CARE|REGION|20240302091500||ORU^R01^ORU_R01|N-%1$s|P|2.5.1
                    PID|1||MRN%1$s^^^XTA^MR||Quayle^Edwin||19700101|M
                    OBR|1||FN%1$s|HBA1C^HbA1c^LN|||20240302083000|||||||||||||||20240302091000|||F
                    OBX|1|NM|4548-4^Hemoglobin A1c^LN||high|mmol/mol|20-42|H|||F
                    """.formatted(s));
            assertThat(msa(notANumber)).startsWith("MSA|AE|N-" + s).contains("a number").doesNotContain("Exception");
            assertThat(quarantined()).isEqualTo(++q);

            // 30 February at 08:30 is refused, not moved to the 29th
            String noSuchDay = sender.send("""
                    MSH|^~\\&|LAB|XTA-PAS|CARE|REGION|20240302091500||ORU^R01^ORU_R01|F-%1$s|P|2.5.1
                    PID|1||MRN%1$s^^^XTA^MR||Quayle^Edwin||19700101|M
                    OBR|1||FF%1$s|HBA1C^HbA1c^LN|||20240230083000|||||||||||||||20240302091000|||F
                    OBX|1|NM|4548-4^Hemoglobin A1c^LN||48|mmol/mol|20-42|H|||F
                    """.formatted(s));
            assertThat(msa(noSuchDay)).startsWith("MSA|AE|F-" + s).contains("not a real date/time");
            assertThat(quarantined()).isEqualTo(++q);

            String noPatientId = sender.send(adt("A01", "P-" + s, "", "V" + s, "").replace("^^^XTA^MR~", ""));
            assertThat(msa(noPatientId)).startsWith("MSA|AE|P-" + s).contains("PID-3");
            assertThat(quarantined()).isEqualTo(++q);

            byte[] unframed = ("MSH|^~\\&|PAS|XTA-PAS|CARE|REGION|20240301101500||ADT^A01|X-" + s + "|P|2.4\r")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] garbage = new byte[unframed.length + 2];
            System.arraycopy(unframed, 0, garbage, 0, unframed.length);
            garbage[unframed.length] = 0x1C;
            garbage[unframed.length + 1] = 0x0D;
            assertThat(msa(sender.sendRaw(garbage))).startsWith("MSA|AR|X-" + s).contains("0x0B");
            assertThat(quarantined()).isEqualTo(++q);

            StringBuilder huge = new StringBuilder(adt("A01", "H-" + s, "MRN" + s, "V" + s, ""));
            while (huge.length() < 1_100_000) {
                huge.append("NTE|1||").append("x".repeat(1000)).append('\n');
            }
            assertThat(msa(sender.send(huge.toString()))).startsWith("MSA|AR|H-" + s).contains("bytes");
            assertThat(quarantined()).isEqualTo(++q);
            assertThat(count("SELECT count(*) FROM quarantine WHERE payload_truncated AND reason LIKE 'AR The message is%'"))
                    .isGreaterThanOrEqualTo(1);

            // an operator fixes the bad date of birth and replays the message through its feed
            String held = jdbc.sql("SELECT id::text FROM quarantine WHERE status = 'held' AND convert_from(payload, 'UTF8')"
                    + " LIKE ?").param("%D-" + s + "%").query(String.class).single();
            String fixed = new String(jdbc.sql("SELECT payload FROM quarantine WHERE id = ?::uuid").param(held)
                    .query((rs, n) -> rs.getBytes(1)).single(), StandardCharsets.UTF_8).replace("19481302", "19480302");
            var replayed = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + port + "/admin/quarantine-items/" + held + "/replay"))
                    .header("Content-Type", "application/json").header("Authorization", adminAuthorization())
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            org.opencarerecord.platform.FhirJson.MAPPER.createObjectNode().put("by", "Ops")
                                    .put("payload", fixed).toString())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(replayed.body()).contains("\"stored\":true").contains("MSA|AA|D-" + s);

            // a structure that contradicts the message type: answered, not a dropped connection
            String wrongStructure = sender.send(adt("A01", "W-" + s, "MRN" + s, "V" + s, "")
                    .replace("ADT^A01^ADT_A01", "ORU^R01^ADT_A01"));
            assertThat(msa(wrongStructure)).startsWith("MSA|AE|W-" + s);
            assertThat(quarantined()).isEqualTo(++q);

            // a frame ended by 0x1C alone (no CR) is answered at once
            byte[] bare = frame(adt("A08", "B-" + s, "MRN" + s, "V" + s, "").replace("\n", "\r")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(msa(sender.sendRaw(java.util.Arrays.copyOf(bare, bare.length - 1)))).isEqualTo("MSA|AA|B-" + s);

            // and after all that, the same connection still takes a good message
            assertThat(msa(sender.send(adt("A01", "OK-" + s, "MRN" + s, "V" + s, "")))).isEqualTo("MSA|AA|OK-" + s);
        }
    }
}
