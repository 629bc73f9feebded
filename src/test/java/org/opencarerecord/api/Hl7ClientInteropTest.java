package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.NoValidation;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The MLLP listener as an interface engine meets it: messages sent by another implementation of
 * MLLP and HL7 v2 (HAPI HL7v2's own client, which frames, waits for and parses the acknowledgement
 * itself), and widely published example messages, written by people who never saw this service:
 * the ADT^A01 and ORU^R01 examples of Wikipedia's "Health Level 7" article, with only MSH-4 set to a
 * registered sending facility and MSH-10 made unique. Each is answered AA, and what a clinician
 * would need of it is in the record.
 */
class Hl7ClientInteropTest extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    private HapiContext hapi;
    private Connection connection;

    @BeforeEach
    void connect() throws Exception {
        hapi = new DefaultHapiContext();
        hapi.setValidationContext(new NoValidation()); // the client sends the samples as published
        hapi.setLowerLayerProtocol(new MinLowerLayerProtocol(true)); // in MSH-18's character set (else ASCII)
        connection = hapi.newClient("localhost", MllpFeedTest.mllpPort(context), false);
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
        hapi.close();
    }

    /** Sends through HAPI's client and returns its parsed acknowledgement's MSA-1, -2 and -3. */
    private String[] send(String message) throws Exception {
        PipeParser parser = hapi.getPipeParser();
        Message ack = connection.getInitiator().sendAndReceive(parser.parse(message.replace("\n", "\r")));
        Terser t = new Terser(ack);
        return new String[] {t.get("/MSA-1"), t.get("/MSA-2"), t.get("/MSA-3")};
    }

    @Test
    void aPublishedAdmissionWhoseUnusedObxNamesNoDataTypeIsStillTaken() throws Exception {
        String s = FeedIngestionTest.suffix();
        // Its OBX-2 "N^K&M" is no HL7 data type; an ADT's observations are not what the record takes
        // from it, so that must not lose the admission.
        String[] msa = send("""
                MSH|^~\\&|MegaReg|XTA-PAS|SuperOE|XYZImgCtr|20060529090131-0500||ADT^A01^ADT_A01|01052901-%s|P|2.5
                EVN||200605290901||||
                PID|||56782445^^^UAReg^PI||KLEINSAMPLE^BARRY^Q^JR||19620910|M||2028-9^^HL70005^RA99113^^XYZ|260 GOODWIN CREST DRIVE^^BIRMINGHAM^AL^35209^^M~NICKELL’S PICKLES^10000 W 100TH AVE^BIRMINGHAM^AL^35200^^O|||||||0105I30001^^^99DEF^AN
                PV1||I|W^389^1^UABH^^^^3||||12345^MORGAN^REX^J^^^MD^0010^UAMC^L||67890^GRAINGER^LUCY^X^^^MD^0010^UAMC^L|MED|||||A0||13579^POTTER^SHERMAN^T^^^MD^0010^UAMC^L|||||||||||||||||||||||||||200605290900
                OBX|1|N^K&M|^Body Height||1.80|m^Meter^ISO+|||||F
                OBX|2|NM|^Body Weight||79|kg^Kilogram^ISO+|||||F
                AL1|1||^ASPIRIN
                DG1|1||786.50^CHEST PAIN, UNSPECIFIED^I9|||A
                """.formatted(s));
        assertThat(msa).containsExactly("AA", "01052901-" + s, null);

        JsonNode found = get("/Patient?identifier=56782445").json();
        assertThat(found.path("total").asInt()).as(found.toString()).isEqualTo(1);
        String person = found.path("entry").get(0).path("resource").path("id").asText();
        JsonNode patient = get("/Patient/" + person).json();
        assertThat(patient.toString()).contains("KLEINSAMPLE").contains("BARRY").contains("\"birthDate\":\"1962-09-10\"")
                .contains("35209");
        JsonNode encounters = get("/Patient/" + person + "/$everything?_type=Encounter").json();
        assertThat(encounters.path("entry").size()).isEqualTo(1);
        JsonNode encounter = encounters.path("entry").get(0).path("resource");
        assertThat(encounter.path("class").path("code").asText()).isEqualTo("IMP");
        assertThat(encounter.path("period").path("start").asText()).startsWith("2006-05-29T09:00");
        assertThat(encounter.toString()).contains("MORGAN");
    }

    @Test
    void aPublishedResultKeepsItsValueUnitRangeFlagAndWhoOrderedIt() throws Exception {
        String s = FeedIngestionTest.suffix();
        // a structured numeric value (^182) and a reference range in no usual form (70_105)
        String[] msa = send("""
                MSH|^~\\&|GHH LAB|XTA-PAS|GHH OE|BLDG4|200202150930||ORU^R01|CNTRL-3456-%s|P|2.4
                PID|||555-44-4444||EVERYWOMAN^EVE^E^^^^L|JONES|19620320|F|||153 FERNWOOD DR.^^STATESVILLE^OH^35292||(206)3345232|(206)752-121||||AC555444444||67-A4335^OH^20030520
                OBR|1|845439^GHH OE|1045813^GHH LAB|15545^GLUCOSE|||200202150730|||||||||555-55-5555^PRIMARY^PATRICIA P^^^^MD^^|||||||||F||||||444-44-4444^HIPPOCRATES^HOWARD H^^^^MD
                OBX|1|SN|1554-5^GLUCOSE^POST 12H CFST:MCNC:PT:SER/PLAS:QN||^182|mg/dl|70_105|H|||F
                """.formatted(s));
        assertThat(msa).containsExactly("AA", "CNTRL-3456-" + s, null);

        JsonNode found = get("/Patient?identifier=555-44-4444").json();
        assertThat(found.path("total").asInt()).as(found.toString()).isEqualTo(1);
        String person = found.path("entry").get(0).path("resource").path("id").asText();
        JsonNode results = get("/Patient/" + person + "/$everything?_type=Observation").json();
        assertThat(results.path("entry").size()).isEqualTo(1);
        JsonNode glucose = results.path("entry").get(0).path("resource");
        assertThat(glucose.path("code").toString()).contains("1554-5").contains("GLUCOSE");
        assertThat(glucose.path("valueQuantity").path("value").decimalValue()).isEqualByComparingTo("182");
        assertThat(glucose.path("valueQuantity").path("unit").asText()).isEqualTo("mg/dl");
        assertThat(glucose.path("referenceRange").get(0).path("text").asText()).isEqualTo("70_105");
        assertThat(glucose.path("interpretation").get(0).path("coding").get(0).path("code").asText()).isEqualTo("H");
        JsonNode reports = get("/Patient/" + person + "/$everything?_type=DiagnosticReport,ServiceRequest").json();
        assertThat(reports.toString()).contains("PRIMARY");
    }

    @Test
    void aUkAdtMessageWithItsPracticeCodeInPd1AZSegmentAndLatin1NamesIsTaken() throws Exception {
        String s = FeedIngestionTest.suffix();
        // v2.3.1 types PD1-3's third component as a number; UK feeds put the practice's ODS code there
        String[] msa = send("""
                MSH|^~\\&|PAS|XTA-PAS|||20170101120000||ADT^A08|UK-%1$s|P|2.3.1|||AL|NE|GBR|8859/1
                EVN|A08|20170101120000
                PID|1||UK%1$s^^^HOSP^MR||Müller^Jürgen^^^Herr||19700505|M|||1 Straße^^Leeds^^LS1 1AA^GBR
                PD1|||GP SURGERY^^B82001|G1234567^JONES^ANN
                NK1|1|MÜLLER^ANNA|SPO^Spouse
                PV1|1|O|OPD^^^XTA
                ZPI|1|a local segment|of the sender's own
                """.formatted(s));
        assertThat(msa).containsExactly("AA", "UK-" + s, null);
        JsonNode found = get("/Patient?identifier=UK" + s).json();
        assertThat(found.path("total").asInt()).as(found.toString()).isEqualTo(1);
        String person = found.path("entry").get(0).path("resource").path("id").asText();
        assertThat(get("/Patient/" + person).json().toString()).contains("Müller").contains("Jürgen")
                .contains("LS1 1AA");
    }

    @Test
    void aPublishedResultWhoseObxNamesNoDataTypeIsRefusedWithTheReasonNotStoredAsText() throws Exception {
        String s = FeedIngestionTest.suffix();
        // in a result the value's type decides how it is stored: a number must not lose its unit as text
        String[] msa = send("""
                MSH|^~\\&|GHH LAB|XTA-PAS|GHH OE|BLDG4|200202150930||ORU^R01|CNTRL-3457-%s|P|2.4
                PID|||555-44-4445||EVERYWOMAN^EVE^E^^^^L|JONES|19620320|F
                OBR|1|845440^GHH OE|1045814^GHH LAB|15545^GLUCOSE|||200202150730
                OBX|1|N^K&M|1554-5^GLUCOSE||182|mg/dl|70_105|H|||F
                """.formatted(s));
        assertThat(msa[0]).isEqualTo("AE");
        assertThat(msa[2]).contains("OBX-2");
        assertThat(count("SELECT count(*) FROM quarantine WHERE convert_from(payload, 'UTF8') LIKE ?", "%CNTRL-3457-" + s + "%"))
                .isEqualTo(1);
    }

    @Test
    void aReportSentAsAnEncapsulatedPdfIsKeptAsTheReportsPresentedFormNotAsAValue() throws Exception {
        String s = FeedIngestionTest.suffix();
        byte[] pdf = "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String base64 = java.util.Base64.getEncoder().encodeToString(pdf);
        String[] msa = send("""
                MSH|^~\\&|GHH LAB|XTA-PAS|GHH OE|BLDG4|200202150930||ORU^R01|ED-%1$s|P|2.5.1
                PID|||ED%1$s||PRESENTED^FORMA^^^^^L||19710402|F
                OBR|1|845441^GHH OE|ED%1$s^GHH LAB|24356-8^URINALYSIS^LN|||200202150730||||||||||||||||||F
                OBX|1|NM|5811-5^SPECIFIC GRAVITY^LN||1.020||1.005-1.030|N|||F
                OBX|2|ED|PDF^Full report^L||^AP^PDF^Base64^%2$s||||||F
                """.formatted(s, base64));
        assertThat(msa).containsExactly("AA", "ED-" + s, null);

        JsonNode found = get("/Patient?identifier=ED" + s).json();
        String person = found.path("entry").get(0).path("resource").path("id").asText();
        JsonNode results = get("/Patient/" + person + "/$everything?_type=Observation").json();
        assertThat(results.path("entry").size()).as("the document is no observation").isEqualTo(1);
        assertThat(results.toString()).contains("SPECIFIC GRAVITY").doesNotContain(base64);
        JsonNode report = get("/Patient/" + person + "/$everything?_type=DiagnosticReport").json()
                .path("entry").get(0).path("resource");
        assertThat(report.path("result").size()).isEqualTo(1);
        JsonNode form = report.path("presentedForm").get(0);
        assertThat(form.path("contentType").asText()).isEqualTo("application/pdf");
        assertThat(java.util.Base64.getDecoder().decode(form.path("data").asText())).isEqualTo(pdf);
        assertThat(form.path("size").asInt()).isEqualTo(pdf.length);
        assertThat(form.path("title").asText()).isEqualTo("Full report");

        // data that is not what ED-4 says it is: refused, with the field named
        String[] bad = send("""
                MSH|^~\\&|GHH LAB|XTA-PAS|GHH OE|BLDG4|200202150930||ORU^R01|ED-BAD-%1$s|P|2.5.1
                PID|||ED%1$s||PRESENTED^FORMA^^^^^L||19710402|F
                OBR|1|845442^GHH OE|EDB%1$s^GHH LAB|24356-8^URINALYSIS^LN|||200202150730||||||||||||||||||F
                OBX|1|ED|PDF^Full report^L||^AP^PDF^Base64^not*base64!||||||F
                """.formatted(s));
        assertThat(bad[0]).isEqualTo("AE");
        assertThat(bad[2]).contains("OBX[1]-5.5").contains("Base64");
    }
}
