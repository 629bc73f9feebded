package org.opencarerecord.synthetic;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencarerecord.identity.NhsNumber;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RegionGeneratorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int PEOPLE = 400;
    private static List<SourceBundle> bundles;
    private static Map<String, JsonNode> parsed;

    @BeforeAll
    static void generate() throws Exception {
        bundles = new ArrayList<>();
        new RegionGenerator(7).generate(PEOPLE, bundles::add);
        parsed = new HashMap<>();
        for (SourceBundle b : bundles) {
            parsed.put(b.organisationCode() + "/" + b.personNumber(), MAPPER.readTree(b.json()));
        }
    }

    @Test
    void catalogueIsFictionalAndStartsWithTheGpsThenXrm() {
        List<SyntheticOrganisation> orgs = RegionCatalogue.organisations();
        assertThat(orgs).hasSizeBetween(14, 18);
        assertThat(orgs).allSatisfy(o -> {
            assertThat(o.code()).startsWith("X");
            assertThat(o.kind()).isIn("gp-practice", "acute-trust", "community", "mental-health", "hospice", "ambulance", "social-care");
            assertThat(o.email()).matches(".*@([a-z]+\\.)?example\\.(nhs|gov)\\.uk");
        });
        assertThat(orgs.stream().filter(o -> o.kind().equals("acute-trust")).findFirst().orElseThrow().code()).isEqualTo("XRM");
        assertThat(orgs.stream().map(SyntheticOrganisation::code).distinct().count()).isEqualTo(orgs.size());
    }

    @Test
    void sameSeedGivesIdenticalBundlesAndOtherSeedsDiffer() {
        RegionGenerator again = new RegionGenerator(7);
        for (int i = 0; i < 30; i++) {
            List<SourceBundle> person = again.person(i);
            for (SourceBundle b : person) {
                assertThat(b.json()).isEqualTo(parsedJson(b.organisationCode(), i));
            }
        }
        List<String> a = new RegionGenerator(7).person(3).stream().map(SourceBundle::json).toList();
        List<String> b = new RegionGenerator(8).person(3).stream().map(SourceBundle::json).toList();
        assertThat(a).isNotEqualTo(b);
    }

    private static String parsedJson(String org, int person) {
        return bundles.stream().filter(b -> b.organisationCode().equals(org) && b.personNumber() == person).findFirst().orElseThrow().json();
    }

    @Test
    void everyPersonHasExactlyOneGpFirstAndTwoToFiveFurtherSources() {
        Map<Integer, List<String>> byPerson = new HashMap<>();
        for (SourceBundle b : bundles) {
            byPerson.computeIfAbsent(b.personNumber(), k -> new ArrayList<>()).add(b.organisationCode());
        }
        assertThat(byPerson).hasSize(PEOPLE);
        byPerson.forEach((person, orgs) -> {
            long gps = orgs.stream().filter(c -> RegionCatalogue.byCode(c).kind().equals("gp-practice")).count();
            assertThat(gps).as("GP sources of person %d", person).isEqualTo(1);
            assertThat(RegionCatalogue.byCode(orgs.get(0)).kind()).isEqualTo("gp-practice");
            assertThat(orgs.size() - 1).isBetween(2, 5);
            assertThat(new HashSet<>(orgs)).hasSize(orgs.size());
        });
    }

    @Test
    void nhsNumbersAreValidTestRangeAndUniquePerPerson() {
        Map<Integer, String> nhsByPerson = new HashMap<>();
        Map<String, Integer> personByNhs = new HashMap<>();
        for (SourceBundle b : bundles) {
            JsonNode patient = parsed.get(b.organisationCode() + "/" + b.personNumber()).get("entry").get(0).get("resource");
            for (JsonNode id : patient.get("identifier")) {
                if (id.get("system").asText().equals(NhsNumber.SYSTEM)) {
                    String nhs = id.get("value").asText();
                    assertThat(NhsNumber.isValid(nhs)).as(nhs).isTrue();
                    assertThat(nhs).startsWith("999");
                    String before = nhsByPerson.putIfAbsent(b.personNumber(), nhs);
                    assertThat(before == null || before.equals(nhs)).isTrue();
                    Integer owner = personByNhs.putIfAbsent(nhs, b.personNumber());
                    assertThat(owner == null || owner == b.personNumber()).as("NHS number %s reused", nhs).isTrue();
                }
            }
        }
        assertThat(nhsByPerson).hasSize(PEOPLE);
        Set<String> many = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            String nhs = Person.nhsNumber(11, i);
            assertThat(NhsNumber.isValid(nhs)).isTrue();
            assertThat(many.add(nhs)).as("duplicate %s", nhs).isTrue();
        }
    }

    @Test
    void everyPatientHasAStableLocalIdentifierAndGeneralPractitioner() {
        Map<String, String> localIds = new HashMap<>();
        for (SourceBundle b : bundles) {
            JsonNode patient = parsed.get(b.organisationCode() + "/" + b.personNumber()).get("entry").get(0).get("resource");
            assertThat(patient.get("resourceType").asText()).isEqualTo("Patient");
            String system = RegionCatalogue.localIdSystem(b.organisationCode());
            String local = null;
            for (JsonNode id : patient.get("identifier")) {
                if (id.get("system").asText().equals(system)) {
                    local = id.get("value").asText();
                }
            }
            assertThat(local).isNotNull();
            assertThat(localIds.put(b.organisationCode() + "|" + local, "p" + b.personNumber())).isNull();
            assertThat(patient.get("generalPractitioner").get(0).get("identifier").get("system").asText())
                    .isEqualTo("https://fhir.nhs.uk/Id/ods-organization-code");
        }
        assertThat(new RegionGenerator(7).person(5).get(1).json()).isEqualTo(parsedJson(new RegionGenerator(7).person(5).get(1).organisationCode(), 5));
    }

    @Test
    void socialCareOftenLacksTheNhsNumber() {
        int withNhs = 0;
        int total = 0;
        for (SourceBundle b : bundles) {
            if (RegionCatalogue.byCode(b.organisationCode()).kind().equals("social-care")) {
                total++;
                JsonNode patient = parsed.get(b.organisationCode() + "/" + b.personNumber()).get("entry").get(0).get("resource");
                for (JsonNode id : patient.get("identifier")) {
                    if (id.get("system").asText().equals(NhsNumber.SYSTEM)) {
                        withNhs++;
                    }
                }
            }
        }
        assertThat(total).isGreaterThan(10);
        assertThat(withNhs).isLessThan(total);
    }

    @Test
    void everyReferencePointsAtAnEntryInTheSameBundleAndItemsPointAtThePatient() {
        for (SourceBundle b : bundles) {
            JsonNode bundle = parsed.get(b.organisationCode() + "/" + b.personNumber());
            Set<String> fullUrls = new HashSet<>();
            for (JsonNode e : bundle.get("entry")) {
                assertThat(fullUrls.add(e.get("fullUrl").asText())).isTrue();
                assertThat(e.get("fullUrl").asText()).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            }
            String patientUrl = bundle.get("entry").get(0).get("fullUrl").asText();
            Set<String> referenced = new HashSet<>();
            for (JsonNode e : bundle.get("entry")) {
                List<String> refs = new ArrayList<>();
                collectReferences(e.get("resource"), refs);
                for (String ref : refs) {
                    assertThat(fullUrls).as("reference %s in %s", ref, b.organisationCode()).contains(ref);
                }
                referenced.addAll(refs);
                JsonNode res = e.get("resource");
                String type = res.get("resourceType").asText();
                JsonNode request = e.get("request");
                if (type.equals("Practitioner")) {
                    assertThat(request.get("method").asText()).isEqualTo("POST");
                    assertThat(request.get("ifNoneExist").asText()).startsWith("identifier=https://fhir.nhs.uk/Id/sds-user-id|");
                    continue;
                }
                assertThat(request.get("method").asText()).isEqualTo("PUT");
                assertThat(request.get("url").asText()).isEqualTo(type + "/" + res.get("id").asText());
                assertThat(res.get("meta").get("lastUpdated").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
                if (type.equals("Patient")) {
                    continue;
                }
                String patientRef = switch (type) {
                    case "Appointment" -> res.get("participant").get(0).get("actor").get("reference").asText();
                    case "AllergyIntolerance", "Immunization", "EpisodeOfCare", "RelatedPerson" -> res.get("patient").get("reference").asText();
                    default -> res.get("subject").get("reference").asText();
                };
                assertThat(patientRef).as("%s patient", type).isEqualTo(patientUrl);
            }
            // every practitioner entry is referenced by something
            for (JsonNode e : bundle.get("entry")) {
                if (e.get("resource").get("resourceType").asText().equals("Practitioner")) {
                    assertThat(referenced).contains(e.get("fullUrl").asText());
                }
            }
        }
    }

    private static void collectReferences(JsonNode node, List<String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("reference") && f.getValue().isTextual()) {
                    out.add(f.getValue().asText());
                } else {
                    collectReferences(f.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                collectReferences(n, out);
            }
        }
    }

    @Test
    void datesAreAfterBirthAndNotAfterTodayExceptBookedAppointments() {
        for (SourceBundle b : bundles) {
            JsonNode bundle = parsed.get(b.organisationCode() + "/" + b.personNumber());
            String birth = bundle.get("entry").get(0).get("resource").get("birthDate").asText();
            for (JsonNode e : bundle.get("entry")) {
                JsonNode res = e.get("resource");
                String type = res.get("resourceType").asText();
                List<String> dates = new ArrayList<>();
                collectDates(res, dates, type.equals("Appointment"));
                for (String d : dates) {
                    String day = d.substring(0, 10);
                    assertThat(day).as("%s in %s", d, type).isLessThanOrEqualTo("2026-11-01");
                    if (!type.equals("Practitioner") && !type.equals("RelatedPerson")) {
                        assertThat(day).as("%s in %s before birth %s", d, type, birth).isGreaterThanOrEqualTo(birth);
                    }
                }
            }
        }
    }

    private static void collectDates(JsonNode node, List<String> out, boolean appointment) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (appointment && (f.getKey().equals("start") || f.getKey().equals("end"))) {
                    continue;
                }
                if (f.getKey().equals("data")) {
                    continue;
                }
                collectDates(f.getValue(), out, appointment);
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                collectDates(n, out, appointment);
            }
        } else if (node.isTextual() && node.asText().matches("\\d{4}-\\d\\d-\\d\\d(T.*)?")) {
            out.add(node.asText());
        }
    }

    @Test
    void bundlesParseStrictlyAsR4() {
        IParser parser = FhirContext.forR4Cached().newJsonParser();
        parser.setParserErrorHandler(new StrictErrorHandler());
        int n = 0;
        for (SourceBundle b : bundles) {
            if (b.personNumber() >= 120) {
                continue;
            }
            Bundle bundle = parser.parseResource(Bundle.class, b.json());
            assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
            assertThat(bundle.getEntry()).isNotEmpty();
            n++;
        }
        assertThat(n).isGreaterThan(300);
    }

    @Test
    void codesHaveValidSnomedCheckDigits() {
        for (Code c : Terminology.allCodes()) {
            if (c.system().equals(Terminology.SNOMED) || c.system().equals(Terminology.DMD)) {
                assertThat(verhoeff(c.code())).as("%s %s", c.code(), c.display()).isTrue();
            }
        }
    }

    private static final int[][] D = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
            {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1}, {6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
            {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    private static final int[][] P = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
            {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1}, {2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
            {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

    private static boolean verhoeff(String code) {
        int c = 0;
        for (int i = 0; i < code.length(); i++) {
            int digit = code.charAt(code.length() - 1 - i) - '0';
            c = D[c][P[i % 8][digit]];
        }
        return c == 0;
    }

    @Test
    void sizesAreInTheTargetRange() {
        int entries = 0;
        for (SourceBundle b : bundles) {
            entries += parsed.get(b.organisationCode() + "/" + b.personNumber()).get("entry").size();
        }
        double perBundle = entries / (double) bundles.size();
        assertThat(perBundle).isBetween(12.0, 60.0);
    }

    @Test
    void generateCommandWritesFiles(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GenerateCommand.run(new String[] {"--people", "5", "--seed", "7", "--out", dir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("5 people");
        JsonNode orgs = MAPPER.readTree(Files.readString(dir.resolve("organisations.json")));
        assertThat(orgs.size()).isEqualTo(RegionCatalogue.organisations().size());
        assertThat(orgs.get(0).has("code") && orgs.get(0).has("name") && orgs.get(0).has("kind") && orgs.get(0).has("phone")
                && orgs.get(0).has("email") && orgs.get(0).has("address")).isTrue();
        int files = 0;
        for (int i = 0; i < 5; i++) {
            for (SourceBundle b : new RegionGenerator(7).person(i)) {
                Path f = dir.resolve(b.organisationCode()).resolve(i + ".json");
                assertThat(f).exists();
                assertThat(Files.readString(f)).isEqualTo(b.json());
                files++;
            }
        }
        assertThat(files).isGreaterThanOrEqualTo(15);
    }

    @Test
    void generateCommandRejectsBadArguments(@TempDir Path dir) {
        String[][] bad = {{}, {"--people"}, {"--people", "ten", "--out", dir.toString()}, {"--people", "0", "--out", dir.toString()},
                {"--people", "3"}, {"--people", "3", "--out", dir.toString(), "--colour", "blue"},
                {"--people", "3", "--seed", "x", "--out", dir.toString()}};
        for (String[] args : bad) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = GenerateCommand.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage");
        }
        assertThat(GenerateCommand.run(new String[] {"--people", "-1", "--out", dir.toString()})).isEqualTo(2);
    }
}
