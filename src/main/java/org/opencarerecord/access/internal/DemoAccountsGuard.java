package org.opencarerecord.access.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The demo profile's accounts have passwords published in the README. They are for the embedded
 * default run: with them switched on and an external database ({@code spring.datasource.url} set,
 * which is how production runs), the service refuses to start, unless
 * {@code care-record.access.allow-demo-accounts} says this is meant. Checked before any other bean is
 * made, so the service stops with this message and not after it has reached the database.
 */
@Component
class DemoAccountsGuard implements BeanFactoryPostProcessor, EnvironmentAware {

    private static final Logger log = LoggerFactory.getLogger(DemoAccountsGuard.class);

    /** The demo profile's accounts and API client, and their published passwords (README). */
    static final Map<String, String> PUBLISHED = Map.ofEntries(Map.entry("gp", "demo-gp"),
            Map.entry("clinician", "demo-clinician"), Map.entry("nurse", "demo-nurse"),
            Map.entry("paramedic", "demo-paramedic"), Map.entry("pharmacist", "demo-pharmacist"),
            Map.entry("mental-health", "demo-mental-health"), Map.entry("social-worker", "demo-social-worker"),
            Map.entry("admin-staff", "demo-admin-staff"), Map.entry("privacy", "demo-privacy"),
            Map.entry("sysadmin", "demo-sysadmin"), Map.entry("demo-api-client", "demo-api-secret"));

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        String url = environment.getProperty("spring.datasource.url");
        boolean external = url != null && !url.isBlank();
        if (!external) {
            return; // the embedded database: demo accounts are allowed, so their passwords need not be checked (bcrypt, slow)
        }
        AccessProperties access = Binder.get(environment).bind("care-record.access", AccessProperties.class)
                .orElseGet(AccessProperties::new);
        LaunchProperties launch = Binder.get(environment).bind("care-record.launch", LaunchProperties.class)
                .orElseGet(LaunchProperties::new);
        List<String> demo = new ArrayList<>(published(access));
        demo.addAll(publishedLaunchSystems(launch));
        Optional<String> refusal = check(demo, external, access.isAllowDemoAccounts());
        if (refusal.isPresent()) {
            throw new IllegalStateException(refusal.get());
        }
    }

    /**
     * Why the service must not start, if it must not: the published demo accounts switched on against an
     * external database, not allowed explicitly.
     */
    static Optional<String> check(AccessProperties access, boolean externalDatabase, boolean allowed) {
        return check(published(access), externalDatabase, allowed);
    }

    /** The same, for these switched-on demo accounts and launching systems. */
    static Optional<String> check(List<String> demo, boolean externalDatabase, boolean allowed) {
        if (!externalDatabase || demo.isEmpty()) {
            return Optional.empty();
        }
        if (allowed) {
            log.warn("Accounts with passwords published in the README ({}) are switched on against an external database,"
                    + " because care-record.access.allow-demo-accounts is true", String.join(", ", demo));
            return Optional.empty();
        }
        return Optional.of("Refusing to start: accounts or launching systems whose passwords are published in the README ("
                + String.join(", ", demo)
                + ") are switched on, and the database is not the embedded one (spring.datasource.url is set). They come"
                + " from the demo profile, which is the default when no profile is set: run with another profile"
                + " (SPRING_PROFILES_ACTIVE=production), or switch them off (care-record.access.local-accounts.enabled=false,"
                + " care-record.access.token-issuer.enabled=false, and the demo launching system out of care-record.launch.systems);"
                + " only if this really is a demonstration, set"
                + " care-record.access.allow-demo-accounts=true");
    }

    /** The launching systems that sign with the demo's published secret (anyone could launch as them). */
    static List<String> publishedLaunchSystems(LaunchProperties launch) {
        return launch.getSystems().stream().filter(system -> DEMO_LAUNCH_SECRET.equals(system.getHmacSecret()))
                .map(system -> "launching system " + system.getId()).toList();
    }

    /** The demo launching system's secret, published in the README. */
    static final String DEMO_LAUNCH_SECRET = "demo-launch-secret-published-in-the-readme";

    /** The switched-on accounts that are the demo's: a demo account's id with its published password. */
    static List<String> published(AccessProperties access) {
        PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<String> out = new ArrayList<>();
        List<AccessProperties.Account> on = new ArrayList<>();
        if (access.getLocalAccounts().isEnabled()) {
            on.addAll(access.getLocalAccounts().getUsers());
        }
        if (access.getTokenIssuer().isEnabled()) {
            on.addAll(access.getTokenIssuer().getClients());
        }
        for (AccessProperties.Account a : on) {
            String password = PUBLISHED.get(a.getId());
            if (password != null && a.getSecret() != null && matches(passwords, password, a.getSecret())) {
                out.add(a.getId());
            }
        }
        return out;
    }

    private static boolean matches(PasswordEncoder passwords, String password, String secret) {
        try {
            return passwords.matches(password, secret);
        } catch (IllegalArgumentException e) {
            return false; // not a hash this service can read: not the demo's either
        }
    }
}
