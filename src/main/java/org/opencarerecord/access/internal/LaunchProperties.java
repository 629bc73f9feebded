package org.opencarerecord.access.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code care-record.launch}: the GP and hospital systems that may open the viewer on one person
 * for their signed-in user (an in-context launch, docs/access.md): by a signed launch link
 * ({@code systems}) or as a SMART on FHIR EHR launch ({@code ehrs}). None by default.
 */
@ConfigurationProperties("care-record.launch")
public class LaunchProperties {

    /** The aud a launch token must carry: this service, as the launching systems name it. */
    private String audience = "shared-care-record";
    /** The longest a launch token may be valid for (its exp less its iat). */
    private Duration maxLifetime = Duration.ofMinutes(5);
    /** How far the launching system's clock may be from ours. */
    private Duration clockSkew = Duration.ofSeconds(30);
    private List<LaunchingSystem> systems = new ArrayList<>();
    private List<Ehr> ehrs = new ArrayList<>();

    public String getAudience() { return audience; }
    public void setAudience(String audience) { this.audience = audience; }
    public Duration getMaxLifetime() { return maxLifetime; }
    public void setMaxLifetime(Duration maxLifetime) { this.maxLifetime = maxLifetime; }
    public Duration getClockSkew() { return clockSkew; }
    public void setClockSkew(Duration clockSkew) { this.clockSkew = clockSkew; }
    public List<LaunchingSystem> getSystems() { return systems; }
    public void setSystems(List<LaunchingSystem> systems) { this.systems = systems; }
    public List<Ehr> getEhrs() { return ehrs; }
    public void setEhrs(List<Ehr> ehrs) { this.ehrs = ehrs; }

    /**
     * A system that opens the viewer with a signed launch link: its {@code id} is the iss of its
     * tokens; it signs them HS256 with {@code hmacSecret} (at least 32 bytes) or RS256 with the
     * private key whose public key is {@code publicKey} (PEM); it may launch only for users of
     * {@code organisations} (ODS codes); {@code roles} maps the role codes its tokens carry to roles here.
     */
    public static class LaunchingSystem {
        private String id;
        private String name;
        private List<String> organisations = new ArrayList<>();
        private String hmacSecret;
        private String publicKey;
        private Map<String, String> roles = new LinkedHashMap<>();

        public String getId() { return id; }
        public void setId(String id) { this.id = id; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public List<String> getOrganisations() { return organisations; }
        public void setOrganisations(List<String> organisations) { this.organisations = organisations; }
        public String getHmacSecret() { return hmacSecret; }
        public void setHmacSecret(String hmacSecret) { this.hmacSecret = hmacSecret; }
        public String getPublicKey() { return publicKey; }
        public void setPublicKey(String publicKey) { this.publicKey = publicKey; }
        public Map<String, String> getRoles() { return roles; }
        public void setRoles(Map<String, String> roles) { this.roles = roles; }
    }

    /**
     * An EHR that launches the viewer as a SMART on FHIR app (EHR launch): {@code fhirBase} is the iss it
     * launches with (its FHIR server, which publishes {@code .well-known/smart-configuration}); the
     * viewer is registered there as the confidential client {@code clientId} / {@code clientSecret};
     * its users work for {@code organisation}; their role is the {@code roleClaim} of the EHR's ID
     * token, mapped by {@code roles}. {@code redirectUri} is this service's {@code /smart/callback} as
     * registered at the EHR (default: from the request, behind a proxy set server.forward-headers-strategy).
     */
    public static class Ehr {
        private String id;
        private String name;
        private String fhirBase;
        private String clientId;
        private String clientSecret;
        private String organisation;
        private String roleClaim = "role";
        private Map<String, String> roles = new LinkedHashMap<>();
        private String redirectUri;

        public String getId() { return id; }
        public void setId(String id) { this.id = id; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getFhirBase() { return fhirBase; }
        public void setFhirBase(String fhirBase) { this.fhirBase = fhirBase; }
        public String getClientId() { return clientId; }
        public void setClientId(String clientId) { this.clientId = clientId; }
        public String getClientSecret() { return clientSecret; }
        public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
        public String getOrganisation() { return organisation; }
        public void setOrganisation(String organisation) { this.organisation = organisation; }
        public String getRoleClaim() { return roleClaim; }
        public void setRoleClaim(String roleClaim) { this.roleClaim = roleClaim; }
        public Map<String, String> getRoles() { return roles; }
        public void setRoles(Map<String, String> roles) { this.roles = roles; }
        public String getRedirectUri() { return redirectUri; }
        public void setRedirectUri(String redirectUri) { this.redirectUri = redirectUri; }
    }
}
