package org.opencarerecord.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which organisations' staff the region's provider may sign in (care-record.access.oidc.organisations). */
class OrganisationsTest {

    private final AccessProperties properties = new AccessProperties();

    {
        properties.getRoles().put("gp", new AccessProperties.RoleSetting());
    }

    private final Map<String, Object> gpAtXg1 = Map.of("sub", "1", "care_role", "gp", "care_org", "xg1");

    @Test
    void anEmptyListLetsEveryOrganisationIn() {
        assertThat(BearerTokens.fromClaims(gpAtXg1, properties.getOidc(), new Roles(properties)).organisationCode())
                .isEqualTo("xg1");
    }

    @Test
    void aListLetsOnlyItsOrganisationsInWhateverTheCase() {
        properties.getOidc().setOrganisations(List.of("XG1", "XRM"));
        assertThat(BearerTokens.fromClaims(gpAtXg1, properties.getOidc(), new Roles(properties)).role()).isEqualTo("gp");
        properties.getOidc().setOrganisations(List.of("XRM"));
        assertThatThrownBy(() -> BearerTokens.fromClaims(gpAtXg1, properties.getOidc(), new Roles(properties)))
                .isInstanceOf(OrganisationNotInRegion.class).hasMessageContaining("(xg1) is not one");
        assertThatThrownBy(() -> BearerTokens.fromClaims(Map.of("sub", "1", "care_role", "gp"), properties.getOidc(),
                new Roles(properties))).as("no organisation at all").isInstanceOf(OrganisationNotInRegion.class);
    }

    @Test
    void aListWithSomethingThatIsNotACodeStopsTheStart() {
        properties.getOidc().setOrganisations(List.of("XRM", " "));
        assertThatThrownBy(() -> SecurityConfiguration.checkOrganisations(properties.getOidc(), true))
                .hasMessageContaining("care-record.access.oidc.organisations");
    }
}
