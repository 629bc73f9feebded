package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.opencarerecord.SyntheaPatients;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.record.ResourceScope;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Data nobody on the project wrote: Synthea's patients (run as its own process, fixed seed and
 * dates) go in through POST /fhir; every in-scope resource reads back, the rest are reported skipped.
 */
class SyntheaIngestionTest extends IntegrationTest {

    @Autowired
    SourceRegistry sources;

    @Test
    void syntheaPatientsIngestAndReadBackComplete() throws IOException {
        Path fhir = SyntheaPatients.generate(5, 42);
        for (Path info : SyntheaPatients.informationBundles(fhir)) {
            JsonNode response = ok(post(FEED_TOKEN, Files.readString(info)));
            response.path("entry").forEach(e -> assertThat(e.path("response").path("status").asText())
                    .as(e.toString()).matches("20[01].*"));
        }
        List<Path> patients = SyntheaPatients.patientBundles(fhir);
        assertThat(patients).hasSize(5);
        for (Path file : patients) {
            String body = Files.readString(file);
            JsonNode bundle = FhirJson.MAPPER.readTree(body);
            Map<String, Integer> inScope = new TreeMap<>();
            Map<String, Integer> outOfScope = new TreeMap<>();
            for (JsonNode entry : bundle.path("entry")) {
                String type = entry.path("resource").path("resourceType").asText();
                (ResourceScope.isItem(type) ? inScope : ResourceScope.inScope(type) ? new TreeMap<String, Integer>() : outOfScope)
                        .merge(type, 1, Integer::sum);
            }
            JsonNode response = ok(post(FEED_TOKEN, body));
            JsonNode entries = response.path("entry");
            assertThat(entries.size()).isEqualTo(bundle.path("entry").size());
            int warned = 0;
            for (JsonNode e : entries) {
                if (e.path("response").path("outcome").toString().contains("outside the shared care record's scope")) {
                    warned++;
                }
            }
            assertThat(warned).isEqualTo(outOfScope.values().stream().mapToInt(Integer::intValue).sum());
            String person = entries.get(0).path("response").path("location").asText();
            assertThat(person).startsWith("Patient/");

            JsonNode everything = get("/" + person + "/$everything?_count=1000").json();
            Map<String, Integer> readBack = new TreeMap<>();
            Set<String> ids = new HashSet<>();
            String next = null;
            JsonNode page = everything;
            while (true) {
                for (JsonNode entry : page.path("entry")) {
                    String type = entry.path("resource").path("resourceType").asText();
                    ids.add(entry.path("fullUrl").asText());
                    if (!type.equals("Patient")) {
                        readBack.merge(type, 1, Integer::sum);
                    }
                }
                next = null;
                for (JsonNode link : page.path("link")) {
                    if (link.path("relation").asText().equals("next")) {
                        next = link.path("url").asText();
                    }
                }
                if (next == null) {
                    break;
                }
                page = get(next).json();
            }
            assertThat(readBack).as(file.getFileName().toString()).isEqualTo(inScope);
            assertThat(ids).hasSize(everything.path("total").asInt());

            // the viewer shows every section of a record made by another project's generator
            for (String section : List.of("", "/timeline", "/problems", "/medications", "/allergies", "/results",
                    "/encounters", "/documents", "/care", "/team")) {
                Response view = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                                + "/record/" + person.substring("Patient/".length()) + section))
                        .header("Accept", "text/html").header("Authorization", "Bearer " + token(CLINICIAN))
                        .header("X-Care-Reason", REASON).GET().build());
                assertThat(view.status()).as(file.getFileName() + section + ": " + view.body()).isEqualTo(200);
                assertThat(view.body()).contains("Sources of this record");
            }

            // sent again, it changes nothing
            long versions = count("SELECT count(*) FROM clinical_item_version");
            ok(post(FEED_TOKEN, body));
            assertThat(count("SELECT count(*) FROM clinical_item_version")).isEqualTo(versions);
        }
        assertThat(sources.skippedTypes("xta-fhir")).containsKeys("Claim", "ExplanationOfBenefit");
    }
}
