package org.opencarerecord.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.sources.SourceRegistry;
import org.opencarerecord.synthetic.RegionCatalogue;
import org.opencarerecord.synthetic.SyntheticOrganisation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** The default run's demo region: every organisation has a feed, the region loads once, and reads back. */
@ActiveProfiles({"test", "demo"})
@TestPropertySource(properties = "care-record.demo.people=20")
class DemoRegionTest extends IntegrationTest {

    @Autowired
    SourceRegistry sources;

    @Autowired
    DemoRegionLoader loader;

    @Test
    void everyOrganisationOfTheRegionHasAFeed() {
        for (SyntheticOrganisation org : RegionCatalogue.organisations()) {
            assertThat(sources.feeds()).as(org.code()).anyMatch(f -> f.organisationCode().equals(org.code()));
            assertThat(sources.organisation(org.code())).isPresent();
        }
    }

    @Test
    void theRegionIsLoadedOnFirstStartAndNotAgain() throws Exception {
        long people = count("SELECT count(*) FROM person");
        assertThat(people).isGreaterThanOrEqualTo(20);
        List<String> nhsNumbers = jdbc.sql("SELECT nhs_number FROM person WHERE nhs_number IS NOT NULL").query(String.class).list();
        assertThat(nhsNumbers).isNotEmpty().allMatch(NhsNumber::isValid);
        long items = count("SELECT count(*) FROM clinical_item");
        loader.run(new DefaultApplicationArguments());
        assertThat(count("SELECT count(*) FROM clinical_item")).isEqualTo(items);
        assertThat(count("SELECT count(*) FROM clinical_item_version")).isZero();

        UUID someone = jdbc.sql("SELECT id FROM person WHERE nhs_number IS NOT NULL ORDER BY id LIMIT 1").query(UUID.class).single();
        // as the README shows: the demo API client with its documented secret, stating a reason
        Response answer = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/Patient/" + someone
                        + "/$everything?_count=1000"))
                .header("Authorization", "Bearer " + token("demo-api-client", "demo-api-secret"))
                .header("X-Care-Reason", "unplanned-care trying the API").GET().build());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode record = answer.json();
        assertThat(record.path("total").asInt()).isGreaterThan(5);
        assertThat(record.path("entry").get(0).path("resource").path("identifier").toString()).contains(NhsNumber.SYSTEM);
    }

    @Test
    void theDemoFeedTokenOfTheMainHospitalIsTheDocumentedOne() {
        assertThat(sources.feedForToken("demo-feed-token")).map(f -> f.organisationCode()).contains("XRM");
    }
}
