package org.opencarerecord.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencarerecord.CareRecordApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The demo profile's accounts, whose passwords the README publishes, never meet an external database
 * unless that is said explicitly (care-record.access.allow-demo-accounts).
 */
class DemoAccountsGuardTest {

    /** The access settings of application.yml with application-demo.yml over them, as the demo profile has them. */
    private static AccessProperties demoProfile() throws IOException {
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        List<PropertySource<?>> sources = new java.util.ArrayList<>(yaml.load("demo", new ClassPathResource("application-demo.yml")));
        sources.addAll(yaml.load("default", new ClassPathResource("application.yml")));
        return new Binder(org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(sources))
                .bind("care-record.access", AccessProperties.class).get();
    }

    @Test
    void theDemoAccountsWithAnExternalDatabaseAreRefusedNamingTheSettings() throws IOException {
        AccessProperties demo = demoProfile();
        assertThat(DemoAccountsGuard.published(demo)).contains("gp", "sysadmin", "demo-api-client").hasSize(11);
        assertThat(DemoAccountsGuard.check(demo, true, false)).get().asString()
                .contains("spring.datasource.url").contains("care-record.access.allow-demo-accounts=true")
                .contains("care-record.access.local-accounts.enabled=false").contains("SPRING_PROFILES_ACTIVE");
        assertThat(DemoAccountsGuard.check(demo, false, false)).as("the embedded database").isEmpty();
        assertThat(DemoAccountsGuard.check(demo, true, true)).as("allowed explicitly").isEmpty();
    }

    @Test
    void theDemoLaunchingSystemWithItsPublishedSecretCountsAsADemoAccount() throws IOException {
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        LaunchProperties launch = new Binder(org.springframework.boot.context.properties.source.ConfigurationPropertySources
                .from(yaml.load("demo", new ClassPathResource("application-demo.yml"))))
                .bind("care-record.launch", LaunchProperties.class).get();
        assertThat(DemoAccountsGuard.publishedLaunchSystems(launch)).containsExactly("launching system demo-gp-system");
        assertThat(DemoAccountsGuard.check(DemoAccountsGuard.publishedLaunchSystems(launch), true, false)).get().asString()
                .contains("demo-gp-system").contains("care-record.launch.systems");
        launch.getSystems().get(0).setHmacSecret("a-secret-of-the-regions-own-that-is-long-enough");
        assertThat(DemoAccountsGuard.publishedLaunchSystems(launch)).isEmpty();
    }

    @Test
    void accountsOfOnesOwnOrSwitchedOffAreNotTheDemos() throws IOException {
        AccessProperties demo = demoProfile();
        demo.getLocalAccounts().setEnabled(false);
        assertThat(DemoAccountsGuard.published(demo)).containsExactly("demo-api-client");
        demo.getTokenIssuer().setEnabled(false);
        assertThat(DemoAccountsGuard.check(demo, true, false)).isEmpty();

        AccessProperties own = demoProfile();
        own.getLocalAccounts().getUsers().forEach(u -> u.setSecret(
                "{bcrypt}$2a$10$hRldbW6V60mUyCxygCmDpeWyx.La/Z5e5oN7ZT9l5w0tkTeG/fFXC")); // another password
        own.getTokenIssuer().setEnabled(false);
        assertThat(DemoAccountsGuard.check(own, true, false)).as("the demo's ids with passwords of one's own").isEmpty();
    }

    @Test
    void theServiceDoesNotStartWithTheDemoProfileOnAnExternalDatabase() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(CareRecordApplication.class).web(WebApplicationType.NONE)
                .profiles("demo").properties("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere",
                        "care-record.mllp.enabled=false", "spring.main.banner-mode=off");
        assertThatThrownBy(app::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("Refusing to start")
                .hasMessageContaining("care-record.access.allow-demo-accounts=true");
    }
}
