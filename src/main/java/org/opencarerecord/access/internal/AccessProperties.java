package org.opencarerecord.access.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code care-record.access}: who may sign in and how, the roles and what each sees, the reasons a
 * professional may give, and how long a recent contact counts as a legitimate relationship. The
 * defaults live in application.yml and are documented in docs/access.md.
 */
@ConfigurationProperties("care-record.access")
public class AccessProperties {

    private LocalAccounts localAccounts = new LocalAccounts();
    private TokenIssuer tokenIssuer = new TokenIssuer();
    private Oidc oidc = new Oidc();
    private SignInThrottle signInThrottle = new SignInThrottle();
    private Map<String, RoleSetting> roles = new LinkedHashMap<>();
    private Map<String, List<VisibilityRule>> visibility = new LinkedHashMap<>();
    private Map<String, String> reasons = new LinkedHashMap<>();
    /** An encounter or appointment at the user's organisation within this long counts as a relationship. */
    private Duration relationshipWindow = Duration.ofDays(365);
    /** Sensitive information only some roles see (others may break the glass): by name. */
    private Map<String, SensitiveCategory> sensitive = new LinkedHashMap<>();
    /** Whether breaking the glass also opens the record of a person who objected to sharing (default: no). */
    private boolean objectionEmergencyOverride;
    /** How long an emergency access to sensitive information lasts. */
    private Duration breakGlassDuration = Duration.ofMinutes(60);
    /** Results and diagnoses recorded this recently may not yet have been discussed with the person. */
    private Duration notYetDiscussedWindow = Duration.ofDays(14);
    /**
     * Whether the demo profile's accounts, whose passwords are published, may be on with an external
     * database (default: no, the service refuses to start; see DemoAccountsGuard).
     */
    private boolean allowDemoAccounts;

    public LocalAccounts getLocalAccounts() { return localAccounts; }
    public void setLocalAccounts(LocalAccounts localAccounts) { this.localAccounts = localAccounts; }
    public TokenIssuer getTokenIssuer() { return tokenIssuer; }
    public void setTokenIssuer(TokenIssuer tokenIssuer) { this.tokenIssuer = tokenIssuer; }
    public SignInThrottle getSignInThrottle() { return signInThrottle; }
    public void setSignInThrottle(SignInThrottle signInThrottle) { this.signInThrottle = signInThrottle; }
    public Oidc getOidc() { return oidc; }
    public void setOidc(Oidc oidc) { this.oidc = oidc; }
    public Map<String, RoleSetting> getRoles() { return roles; }
    public void setRoles(Map<String, RoleSetting> roles) { this.roles = roles; }
    public Map<String, List<VisibilityRule>> getVisibility() { return visibility; }
    public void setVisibility(Map<String, List<VisibilityRule>> visibility) { this.visibility = visibility; }
    public Map<String, String> getReasons() { return reasons; }
    public void setReasons(Map<String, String> reasons) { this.reasons = reasons; }
    public Map<String, SensitiveCategory> getSensitive() { return sensitive; }
    public void setSensitive(Map<String, SensitiveCategory> sensitive) { this.sensitive = sensitive; }
    public boolean isObjectionEmergencyOverride() { return objectionEmergencyOverride; }
    public void setObjectionEmergencyOverride(boolean objectionEmergencyOverride) { this.objectionEmergencyOverride = objectionEmergencyOverride; }
    public Duration getBreakGlassDuration() { return breakGlassDuration; }
    public void setBreakGlassDuration(Duration breakGlassDuration) { this.breakGlassDuration = breakGlassDuration; }
    public Duration getNotYetDiscussedWindow() { return notYetDiscussedWindow; }
    public void setNotYetDiscussedWindow(Duration notYetDiscussedWindow) { this.notYetDiscussedWindow = notYetDiscussedWindow; }
    public boolean isAllowDemoAccounts() { return allowDemoAccounts; }
    public void setAllowDemoAccounts(boolean allowDemoAccounts) { this.allowDemoAccounts = allowDemoAccounts; }
    public Duration getRelationshipWindow() { return relationshipWindow; }
    public void setRelationshipWindow(Duration relationshipWindow) { this.relationshipWindow = relationshipWindow; }

    /** A role: its name as people read it, and which administrative areas it may use. */
    public static class RoleSetting {
        private String name;
        /** Whether it opens people's records at all (privacy officers and system administrators do not). */
        private boolean opensRecords;
        /** Administrative areas: feeds, quarantine, person-index, audit, objections, staff. */
        private List<String> administers = new ArrayList<>();

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public boolean isOpensRecords() { return opensRecords; }
        public void setOpensRecords(boolean opensRecords) { this.opensRecords = opensRecords; }
        public List<String> getAdministers() { return administers; }
        public void setAdministers(List<String> administers) { this.administers = administers; }
    }

    /**
     * One line of a role's data visibility policy: these categories from these kinds of source are
     * visible (or hidden). A role's lines are read in order and the first that applies decides;
     * what no line covers is hidden. "*" stands for every category or every kind of source.
     */
    public static class VisibilityRule {
        private List<String> categories = new ArrayList<>(List.of("*"));
        private List<String> sources = new ArrayList<>(List.of("*"));
        private boolean visible = true;

        public List<String> getCategories() { return categories; }
        public void setCategories(List<String> categories) { this.categories = categories; }
        public List<String> getSources() { return sources; }
        public void setSources(List<String> sources) { this.sources = sources; }
        public boolean isVisible() { return visible; }
        public void setVisible(boolean visible) { this.visible = visible; }
    }

    /**
     * A sensitive category (safeguarding, some mental health content): the codes that mark an item as
     * one ({@code system|code}, exactly), and the roles that see it; other roles are told something is
     * withheld and may break the glass.
     */
    public static class SensitiveCategory {
        private String description;
        private List<String> codes = new ArrayList<>();
        private List<String> roles = new ArrayList<>();

        public String getDescription() { return description; }
        public void setDescription(String description) { this.description = description; }
        public List<String> getCodes() { return codes; }
        public void setCodes(List<String> codes) { this.codes = codes; }
        public List<String> getRoles() { return roles; }
        public void setRoles(List<String> roles) { this.roles = roles; }
    }

    /** Accounts kept in the configuration, for the embedded default run; switched off in production. */
    public static class LocalAccounts {
        private boolean enabled;
        private List<Account> users = new ArrayList<>();

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public List<Account> getUsers() { return users; }
        public void setUsers(List<Account> users) { this.users = users; }
    }

    /** A local user, or an API client acting as a named user. {@code secret}: a password hash ({bcrypt}...). */
    public static class Account {
        private String id;
        private String secret;
        private String name;
        private String role;
        private String organisation;
        private List<String> scopes = new ArrayList<>(List.of("user/*.read"));

        public String getId() { return id; }
        public void setId(String id) { this.id = id; }
        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getRole() { return role; }
        public void setRole(String role) { this.role = role; }
        public String getOrganisation() { return organisation; }
        public void setOrganisation(String organisation) { this.organisation = organisation; }
        public List<String> getScopes() { return scopes; }
        public void setScopes(List<String> scopes) { this.scopes = scopes; }
    }

    /**
     * Failed sign-ins (local accounts' form, the token endpoint's client secrets): after {@code failures}
     * failures for one name within {@code window}, its attempts are refused for {@code lockOut} without a
     * password check. In each instance's memory, at most {@code tracked} names; {@code zone} is the time
     * zone the refusal names the time in. {@code failures} 0 switches it off.
     */
    public static class SignInThrottle {
        private int failures = 5;
        private Duration window = Duration.ofMinutes(15);
        private Duration lockOut = Duration.ofMinutes(15);
        private int tracked = 10_000;
        private java.time.ZoneId zone = java.time.ZoneId.of("Europe/London");

        public int getFailures() { return failures; }
        public void setFailures(int failures) { this.failures = failures; }
        public Duration getWindow() { return window; }
        public void setWindow(Duration window) { this.window = window; }
        public Duration getLockOut() { return lockOut; }
        public void setLockOut(Duration lockOut) { this.lockOut = lockOut; }
        public int getTracked() { return tracked; }
        public void setTracked(int tracked) { this.tracked = tracked; }
        public java.time.ZoneId getZone() { return zone; }
        public void setZone(java.time.ZoneId zone) { this.zone = zone; }
    }

    /** The service's own token issuer: API clients get tokens by the client-credentials grant at /oauth2/token. */
    public static class TokenIssuer {
        private boolean enabled;
        /** The iss of the tokens it issues (and accepts as its own). */
        private String issuer = "shared-care-record";
        private String audience = "shared-care-record-api";
        private Duration lifetime = Duration.ofMinutes(15);
        private List<Account> clients = new ArrayList<>();

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getIssuer() { return issuer; }
        public void setIssuer(String issuer) { this.issuer = issuer; }
        public String getAudience() { return audience; }
        public void setAudience(String audience) { this.audience = audience; }
        public Duration getLifetime() { return lifetime; }
        public void setLifetime(Duration lifetime) { this.lifetime = lifetime; }
        public List<Account> getClients() { return clients; }
        public void setClients(List<Account> clients) { this.clients = clients; }
    }

    /**
     * An outside OpenID Connect provider (NHS CIS2 or any other): its tokens are accepted by the API,
     * and, with a Spring client registration, it signs people in to the pages. Roles come from CIS2's
     * national role-based access codes ({@code nhsid_nrbac_roles}: the selected role's code, mapped
     * by {@code roleCodes}, and its organisation), or from plain claims for other providers.
     */
    public static class Oidc {
        /** Empty: no outside provider. */
        private String issuerUri;
        /** The aud a token must carry to be accepted by the API (empty: not checked). */
        private String audience;
        private String rolesClaim = "nhsid_nrbac_roles";
        /** CIS2 role codes (the R part of role_code) to roles here. */
        private Map<String, String> roleCodes = new LinkedHashMap<>();
        /** For providers other than CIS2: the claims naming the role and organisation directly. */
        private String roleClaim = "care_role";
        private String organisationClaim = "care_org";
        /**
         * The organisations (ODS codes) whose staff the region's provider may sign in here; a role at any
         * other is refused. Empty: any organisation (a warning at start).
         */
        private List<String> organisations = new ArrayList<>();

        public String getIssuerUri() { return issuerUri; }
        public void setIssuerUri(String issuerUri) { this.issuerUri = issuerUri; }
        public String getAudience() { return audience; }
        public void setAudience(String audience) { this.audience = audience; }
        public String getRolesClaim() { return rolesClaim; }
        public void setRolesClaim(String rolesClaim) { this.rolesClaim = rolesClaim; }
        public Map<String, String> getRoleCodes() { return roleCodes; }
        public void setRoleCodes(Map<String, String> roleCodes) { this.roleCodes = roleCodes; }
        public String getRoleClaim() { return roleClaim; }
        public void setRoleClaim(String roleClaim) { this.roleClaim = roleClaim; }
        public String getOrganisationClaim() { return organisationClaim; }
        public void setOrganisationClaim(String organisationClaim) { this.organisationClaim = organisationClaim; }
        public List<String> getOrganisations() { return organisations; }
        public void setOrganisations(List<String> organisations) { this.organisations = organisations; }
    }
}
