package org.opencarerecord.access.internal;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.opencarerecord.access.CareUser;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Every bearer token the service takes, in one place: a feed's own secret (it may only send
 * data), a token this service issued to a registered API client, or a token from the configured
 * OpenID Connect provider (CIS2 or another). Anything else is refused with a reason.
 */
@Component
class BearerTokens implements AuthenticationManager {

    private final AccessProperties properties;
    private final Roles roles;
    private final SourceRegistry sources;
    private final RSAKey key;
    private final NimbusJwtEncoder encoder;
    private final JwtDecoder own;
    private final JwtDecoder outside;

    BearerTokens(AccessProperties properties, Roles roles, SourceRegistry sources, JdbcClient jdbc) {
        this.properties = properties;
        this.roles = roles;
        this.sources = sources;
        AccessProperties.TokenIssuer issuer = properties.getTokenIssuer();
        if (issuer.isEnabled()) {
            this.key = SigningKey.load(jdbc);
            this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(SigningKey.publicKey(key)).build();
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                    JwtValidators.createDefaultWithIssuer(issuer.getIssuer()), audience(issuer.getAudience())));
            this.own = decoder;
        } else {
            this.key = null;
            this.encoder = null;
            this.own = null;
        }
        AccessProperties.Oidc oidc = properties.getOidc();
        if (oidc.getIssuerUri() != null && !oidc.getIssuerUri().isBlank()
                && (oidc.getAudience() == null || oidc.getAudience().isBlank())) {
            // a national provider issues tokens for many services: one meant for another must not open records here
            throw new IllegalStateException("care-record.access.oidc.audience must be set with care-record.access.oidc.issuer-uri:"
                    + " the audience this service's tokens carry");
        }
        if (oidc.getIssuerUri() != null && !oidc.getIssuerUri().isBlank()) {
            // read from the provider when the first token comes, so that the service starts while it is down
            Supplier<JwtDecoder> decoder = () -> {
                NimbusJwtDecoder d = NimbusJwtDecoder.withIssuerLocation(oidc.getIssuerUri()).build();
                d.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                        JwtValidators.createDefaultWithIssuer(oidc.getIssuerUri()), audience(oidc.getAudience())));
                return d;
            };
            this.outside = new SupplierJwtDecoder(decoder);
        } else {
            this.outside = null;
        }
    }

    private static OAuth2TokenValidator<Jwt> audience(String audience) {
        return jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                        "The token is not meant for this service (its audience is not " + audience + ")", null));
    }

    boolean issuing() {
        return encoder != null;
    }

    Map<String, Object> publicKeys() {
        return new JWKSet(key.toPublicJWK()).toJSONObject();
    }

    /** A signed token for a registered client, acting as its named user, with the scopes granted. */
    String issue(AccessProperties.Account client, Collection<String> scopes, Instant now) {
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(properties.getTokenIssuer().getIssuer())
                .audience(List.of(properties.getTokenIssuer().getAudience()))
                .subject(client.getId())
                .issuedAt(now)
                .expiresAt(now.plus(properties.getTokenIssuer().getLifetime()))
                .id(UUID.randomUUID().toString())
                .claim("client_id", client.getId())
                .claim("name", client.getName() == null ? client.getId() : client.getName())
                .claim("care_role", client.getRole())
                .claim("scope", String.join(" ", scopes));
        if (client.getOrganisation() != null) {
            claims.claim("care_org", client.getOrganisation());
        }
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build(),
                claims.build())).getTokenValue();
    }

    /** A JWT checked once, and when it expires: an API client sends the same token with every request. */
    private record Checked(CareAuthentication authentication, Instant expires) {
    }

    /** Most tokens remembered; beyond it the memory starts again (every token is then checked once more). */
    private static final int REMEMBERED = 10_000;
    private final java.util.concurrent.ConcurrentHashMap<String, Checked> checked = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        Checked known = checked.get(token);
        if (known != null && Instant.now().isBefore(known.expires())) {
            return known.authentication();
        }
        Authentication fresh = check(token);
        if (fresh instanceof CareAuthentication care && care.expires() != null) {
            if (checked.size() >= REMEMBERED) {
                checked.clear();
            }
            checked.put(token, new Checked(care, care.expires()));
        }
        return fresh;
    }

    private Authentication check(String token) {
        if (token.chars().filter(c -> c == '.').count() != 2) {
            return sources.feedForToken(token).<Authentication>map(FeedAuthentication::new)
                    .orElseThrow(() -> new InvalidBearerTokenException("The bearer token is not one this service knows"));
        }
        String issuer;
        try {
            issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new InvalidBearerTokenException("The bearer token is not a readable JWT");
        }
        boolean ours = own != null && properties.getTokenIssuer().getIssuer().equals(issuer);
        boolean theirs = outside != null && properties.getOidc().getIssuerUri().equals(issuer);
        if (!ours && !theirs) {
            throw new InvalidBearerTokenException("The token's issuer is not one this service trusts");
        }
        Jwt jwt;
        try {
            jwt = (ours ? own : outside).decode(token);
        } catch (JwtException e) {
            throw new InvalidBearerTokenException(reason(e), e);
        } catch (RuntimeException e) {
            // the provider's keys could not be fetched (it is down or unreachable): not the caller's fault, but no sign-in
            throw new InvalidBearerTokenException("The token could not be checked: the identity provider did not answer;"
                    + " try again shortly", e);
        }
        CareUser user = ours ? ownUser(jwt) : outsideUser(jwt);
        return new CareAuthentication(user, CareAuthentication.authorities(user, roles), jwt.getExpiresAt());
    }

    private static String reason(JwtException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("expired") || m.contains("Jwt expired")) {
            return "The token has expired: get a new one";
        }
        if (m.contains("signature") || m.contains("Signed JWT rejected")) {
            return "The token's signature does not verify";
        }
        if (m.contains("audience")) {
            return "The token is not meant for this service (wrong audience)";
        }
        return "The token is not valid: " + m.replaceAll("https?://\\S+", "").trim();
    }

    private CareUser ownUser(Jwt jwt) {
        String role = jwt.getClaimAsString("care_role");
        return new CareUser(jwt.getSubject(), jwt.getClaimAsString("name"), requireRole(role),
                jwt.getClaimAsString("care_org"), jwt.getClaimAsString("client_id"), scopes(jwt), patient(jwt));
    }

    private CareUser outsideUser(Jwt jwt) {
        CareUser user = fromClaims(jwt.getClaims(), properties.getOidc(), roles);
        return new CareUser(user.userId(), user.name(), user.role(), user.organisationCode(),
                jwt.getClaimAsString("azp") != null ? jwt.getClaimAsString("azp") : jwt.getClaimAsString("client_id"),
                scopes(jwt), patient(jwt));
    }

    /**
     * The professional an OpenID Connect provider vouches for: CIS2's selected national role (the
     * {@code nhsid_nrbac_roles} entry whose person_roleid is {@code selected_roleid}, or without a selection
     * the first whose role code maps to a role here and whose organisation is in the region) with its
     * organisation; otherwise the plain role and organisation claims. A role at an organisation outside
     * {@code care-record.access.oidc.organisations} (when it lists any) is refused: {@link OrganisationNotInRegion}.
     */
    static CareUser fromClaims(Map<String, Object> claims, AccessProperties.Oidc oidc, Roles roles) {
        String userId = String.valueOf(claims.get("sub"));
        String role = null;
        String organisation = null;
        OrganisationNotInRegion outside = null;
        if (claims.get(oidc.getRolesClaim()) instanceof List<?> nrbac) {
            Object selected = claims.get("selected_roleid");
            for (Object o : nrbac) {
                if (!(o instanceof Map<?, ?> entry)) {
                    continue;
                }
                String code = String.valueOf(entry.get("role_code"));
                String mapped = oidc.getRoleCodes().get(code.substring(code.lastIndexOf(':') + 1));
                boolean chosen = selected == null || selected.equals(entry.get("person_roleid"));
                if (mapped != null && chosen) {
                    String org = entry.get("org_code") == null ? null : String.valueOf(entry.get("org_code"));
                    if (!inRegion(org, oidc)) {
                        outside = outside != null ? outside : new OrganisationNotInRegion(userId, mapped, org);
                        if (selected == null) {
                            continue; // no role selected: one at an organisation of the region may follow
                        }
                    }
                    role = mapped;
                    organisation = org;
                    break;
                }
            }
        }
        if (role == null && claims.get(oidc.getRoleClaim()) != null) {
            role = String.valueOf(claims.get(oidc.getRoleClaim()));
            Object org = claims.get(oidc.getOrganisationClaim());
            organisation = org == null ? null : String.valueOf(org);
        }
        if (role == null && outside != null) {
            throw outside;
        }
        role = requireRole(role, roles);
        if (!inRegion(organisation, oidc)) {
            throw new OrganisationNotInRegion(userId, role, organisation);
        }
        Object name = claims.get("name");
        return new CareUser(userId, name == null ? userId : name.toString(), role, organisation, null,
                Set.of("user/*.read"), null);
    }

    /** Whether the organisation is one the record serves: any, when the list is empty. */
    static boolean inRegion(String organisation, AccessProperties.Oidc oidc) {
        if (oidc.getOrganisations().isEmpty()) {
            return true;
        }
        return organisation != null && oidc.getOrganisations().stream()
                .anyMatch(code -> code.trim().equalsIgnoreCase(organisation.trim()));
    }

    private String requireRole(String role) {
        return requireRole(role, roles);
    }

    private static String requireRole(String role, Roles roles) {
        if (!roles.known(role)) {
            throw new InvalidBearerTokenException("The sign-in carries no role this service knows"
                    + (role == null ? "" : " ('" + role + "')"));
        }
        return role;
    }

    private static Set<String> scopes(Jwt jwt) {
        Set<String> out = new LinkedHashSet<>();
        Object scope = jwt.getClaims().get("scope");
        if (scope == null) {
            scope = jwt.getClaims().get("scp");
        }
        if (scope instanceof String s) {
            out.addAll(List.of(s.trim().split("\\s+")));
        } else if (scope instanceof Collection<?> c) {
            c.forEach(v -> out.add(String.valueOf(v)));
        }
        out.remove("");
        return out;
    }

    private static UUID patient(Jwt jwt) {
        String p = jwt.getClaimAsString("patient");
        try {
            return p == null ? null : UUID.fromString(p);
        } catch (IllegalArgumentException e) {
            throw new InvalidBearerTokenException("The token's patient claim is not a person id of this service");
        }
    }
}
