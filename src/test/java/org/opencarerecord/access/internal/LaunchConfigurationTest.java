package org.opencarerecord.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.opencarerecord.LaunchingSystems;

/** A launching system configured wrongly stops the service at start, naming the setting. */
class LaunchConfigurationTest {

    private static Roles roles() {
        AccessProperties access = new AccessProperties();
        AccessProperties.RoleSetting gp = new AccessProperties.RoleSetting();
        gp.setOpensRecords(true);
        AccessProperties.RoleSetting privacy = new AccessProperties.RoleSetting();
        privacy.setAdministers(List.of("audit"));
        access.setRoles(Map.of("gp", gp, "privacy-officer", privacy));
        return new Roles(access);
    }

    private static LaunchTokens configured(Consumer<LaunchProperties.LaunchingSystem> change) {
        LaunchProperties.LaunchingSystem system = new LaunchProperties.LaunchingSystem();
        system.setId("gp-system");
        system.setName("GP system");
        system.setOrganisations(List.of("XG1"));
        system.setHmacSecret("a-secret-of-at-least-thirty-two-bytes!");
        system.setRoles(Map.of("GP", "gp"));
        change.accept(system);
        LaunchProperties properties = new LaunchProperties();
        properties.setSystems(List.of(system));
        return new LaunchTokens(properties, roles(), null);
    }

    @Test
    void aGoodSystemIsTaken() {
        assertThat(configured(s -> { }).ids()).containsExactly("gp-system");
        assertThat(configured(s -> {
            s.setHmacSecret(null);
            s.setPublicKey(LaunchingSystems.eprPublicKeyPem());
        }).ids()).containsExactly("gp-system");
    }

    @Test
    void aWrongSystemStopsTheServiceNamingTheSetting() {
        assertThatThrownBy(() -> configured(s -> s.setHmacSecret("too-short"))).hasMessageContaining("systems[0].hmac-secret")
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> configured(s -> s.setPublicKey(LaunchingSystems.eprPublicKeyPem())))
                .hasMessageContaining("exactly one of hmac-secret (HS256) and public-key (RS256)");
        assertThatThrownBy(() -> configured(s -> s.setHmacSecret(null))).hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> configured(s -> {
            s.setHmacSecret(null);
            s.setPublicKey("-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----");
        })).hasMessageContaining("systems[0].public-key is not an RSA public key");
        assertThatThrownBy(() -> configured(s -> s.setOrganisations(List.of()))).hasMessageContaining("organisations");
        assertThatThrownBy(() -> configured(s -> s.setRoles(Map.of("GP", "surgeon")))).hasMessageContaining("'surgeon'");
        assertThatThrownBy(() -> configured(s -> s.setRoles(Map.of("PO", "privacy-officer"))))
                .as("a launch opens a record: a role that does not is refused").hasMessageContaining("opens records");
        assertThatThrownBy(() -> configured(s -> s.setName(" "))).hasMessageContaining("needs an id");
    }

    private static SmartEhrs ehr(Consumer<LaunchProperties.Ehr> change) {
        LaunchProperties.Ehr ehr = new LaunchProperties.Ehr();
        ehr.setId("ehr");
        ehr.setName("Hospital EHR");
        ehr.setFhirBase("https://ehr.example/fhir/");
        ehr.setClientId("viewer");
        ehr.setClientSecret("secret");
        ehr.setOrganisation("XH1");
        ehr.setRoles(Map.of("doctor", "gp"));
        change.accept(ehr);
        LaunchProperties properties = new LaunchProperties();
        properties.setEhrs(List.of(ehr));
        return new SmartEhrs(properties, roles());
    }

    @Test
    void anEhrIsFoundByItsFhirBaseWithOrWithoutTheTrailingSlash() {
        assertThat(ehr(e -> { }).byIss("https://ehr.example/fhir")).isPresent();
        assertThat(ehr(e -> { }).byIss("https://ehr.example/fhir/")).isPresent();
        assertThat(ehr(e -> { }).byIss("https://ehr.example/fhir/other")).isEmpty();
    }

    @Test
    void aWrongEhrStopsTheServiceNamingTheSetting() {
        assertThatThrownBy(() -> ehr(e -> e.setClientSecret(null))).hasMessageContaining("ehrs[0].client-secret must be set");
        assertThatThrownBy(() -> ehr(e -> e.setOrganisation(""))).hasMessageContaining("ehrs[0].organisation must be set");
        assertThatThrownBy(() -> ehr(e -> e.setFhirBase("ehr.example/fhir"))).hasMessageContaining("ehrs[0].fhir-base");
        assertThatThrownBy(() -> ehr(e -> e.setRoles(Map.of()))).hasMessageContaining("ehrs[0].roles");
        assertThatThrownBy(() -> ehr(e -> e.setRoles(Map.of("privacy", "privacy-officer")))).hasMessageContaining("opens records");
    }
}
