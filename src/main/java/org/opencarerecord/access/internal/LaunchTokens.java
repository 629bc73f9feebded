package org.opencarerecord.access.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opencarerecord.access.CareUser;
import org.springframework.stereotype.Component;

/**
 * Signed launch links (docs/access.md, decision 0018): a GP or hospital system opens the viewer on
 * one person by posting a short-lived JWT it signed with its own configured key. A token is accepted
 * only when its issuer is a configured system, its signature verifies with that system's key and
 * algorithm (HS256 or RS256, nothing else), it is meant for this service, it is current and lives at
 * most {@code max-lifetime}, its jti has not been used before, its organisation is one the system
 * is configured for, and its role maps to one here that opens records. Every other token is
 * refused with the reason ({@link LaunchRefused}).
 */
@Component
class LaunchTokens {

    static final String METHOD = "signed-link";
    private static final int LONGEST_TOKEN = 16_384;
    private static final int LONGEST_CLAIM = 256;

    /** A configured system, with what checks its tokens. */
    private record Launcher(String id, String name, Set<String> organisations, Map<String, String> roles,
            JWSAlgorithm algorithm, JWSVerifier verifier) {
    }

    private final LaunchProperties properties;
    private final UsedLaunchTokens used;
    private final Map<String, Launcher> systems = new LinkedHashMap<>();

    LaunchTokens(LaunchProperties properties, Roles roles, UsedLaunchTokens used) {
        this.properties = properties;
        this.used = used;
        for (int i = 0; i < properties.getSystems().size(); i++) {
            LaunchProperties.LaunchingSystem s = properties.getSystems().get(i);
            String setting = "care-record.launch.systems[" + i + "]";
            if (blank(s.getId()) || blank(s.getName())) {
                throw new IllegalStateException(setting + " needs an id (the iss of its launch tokens) and a name");
            }
            if (systems.containsKey(s.getId())) {
                throw new IllegalStateException(setting + ": the launching system id '" + s.getId() + "' is given twice");
            }
            if (s.getOrganisations().isEmpty()) {
                throw new IllegalStateException(setting + ".organisations must list the organisations (ODS codes) whose"
                        + " users it launches for");
            }
            if (s.getRoles().isEmpty()) {
                throw new IllegalStateException(setting + ".roles must map the role codes its tokens carry to roles here");
            }
            s.getRoles().forEach((code, role) -> {
                if (!roles.known(role) || !roles.opensRecords(role)) {
                    throw new IllegalStateException(setting + ".roles maps '" + code + "' to '" + role
                            + "', which is not a role here that opens records");
                }
            });
            systems.put(s.getId(), new Launcher(s.getId(), s.getName(), Set.copyOf(s.getOrganisations()),
                    Map.copyOf(s.getRoles()), algorithm(s, setting), verifier(s, setting)));
        }
    }

    private static JWSAlgorithm algorithm(LaunchProperties.LaunchingSystem s, String setting) {
        if (blank(s.getHmacSecret()) == blank(s.getPublicKey())) {
            throw new IllegalStateException(setting + " needs exactly one of hmac-secret (HS256) and public-key (RS256)");
        }
        return blank(s.getHmacSecret()) ? JWSAlgorithm.RS256 : JWSAlgorithm.HS256;
    }

    private static JWSVerifier verifier(LaunchProperties.LaunchingSystem s, String setting) {
        try {
            if (!blank(s.getHmacSecret())) {
                byte[] secret = s.getHmacSecret().getBytes(StandardCharsets.UTF_8);
                if (secret.length < 32) {
                    throw new IllegalStateException(setting + ".hmac-secret must be at least 32 bytes (256 bits) long");
                }
                return new MACVerifier(secret);
            }
            RSAPublicKey key = publicKey(s.getPublicKey(), setting);
            if (key.getModulus().bitLength() < 2048) {
                throw new IllegalStateException(setting + ".public-key must be an RSA key of at least 2048 bits");
            }
            return new RSASSAVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(setting + ": its key cannot check signatures: " + e.getMessage(), e);
        }
    }

    /** An RSA public key in PEM: a PUBLIC KEY (X.509 SubjectPublicKeyInfo) or a CERTIFICATE. */
    static RSAPublicKey publicKey(String pem, String setting) {
        String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            PublicKey key = pem.contains("BEGIN CERTIFICATE")
                    ? CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey()
                    : KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            if (key instanceof RSAPublicKey rsa) {
                return rsa;
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // fall through to the message below
        }
        throw new IllegalStateException(setting + ".public-key is not an RSA public key in PEM (-----BEGIN PUBLIC KEY-----"
                + " or -----BEGIN CERTIFICATE-----)");
    }

    /** The configured systems' names by id. */
    Map<String, String> names() {
        Map<String, String> out = new LinkedHashMap<>();
        systems.values().forEach(s -> out.put(s.id(), s.name()));
        return out;
    }

    /** The launch a token carries, verified, its jti used up; or {@link LaunchRefused} with the reason. */
    VerifiedLaunch verify(String token, Instant now) {
        if (token == null || token.isBlank()) {
            throw malformed(null, null, "The launch carried no launch token (the form field launch_token)");
        }
        if (token.length() > LONGEST_TOKEN) {
            throw malformed(null, null, "The launch token is too long to be one");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token.trim());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw malformed(null, null, "The launch token is not a signed JWT");
        }
        Launcher system = claims.getIssuer() == null ? null : systems.get(claims.getIssuer());
        if (system == null) {
            throw new LaunchRefused(401, "unknown-system", "The launch comes from a system this service does not know"
                    + " (its token's issuer is not a configured launching system).", null, null);
        }
        if (!system.algorithm().equals(jwt.getHeader().getAlgorithm()) || !verifies(jwt, system)) {
            throw new LaunchRefused(401, "bad-signature", "The launch token's signature does not verify with "
                    + system.name() + "'s key.", system.id(), null);
        }
        // signed by the system: from here its claims are its word, and a refusal is audited as its user's
        CareUser claimed = claimed(claims, system);
        if (claims.getAudience() == null || !claims.getAudience().contains(properties.getAudience())) {
            throw new LaunchRefused(401, "wrong-audience", "The launch token is not meant for this service (its audience"
                    + " is not " + properties.getAudience() + ").", system.id(), claimed);
        }
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || iat == null) {
            throw malformed(system, claimed, "The launch token must say when it was issued and when it expires (iat, exp)");
        }
        long skew = properties.getClockSkew().toMillis();
        if (now.toEpochMilli() > exp.getTime() + skew) {
            throw new LaunchRefused(401, "expired", "The launch has expired: launch links last a few minutes.",
                    system.id(), claimed);
        }
        Date nbf = claims.getNotBeforeTime();
        if (iat.getTime() > now.toEpochMilli() + skew || (nbf != null && nbf.getTime() > now.toEpochMilli() + skew)) {
            throw new LaunchRefused(401, "not-yet-valid", "The launch is not valid yet (it was issued, or starts, in the"
                    + " future: check the launching system's clock).", system.id(), claimed);
        }
        if (exp.getTime() - iat.getTime() > properties.getMaxLifetime().toMillis()) {
            throw new LaunchRefused(401, "too-long-lived", "The launch token lives longer than the "
                    + properties.getMaxLifetime().toMinutes() + " minutes a launch may.", system.id(), claimed);
        }
        String jti = claim(claims, "jti", system, claimed);
        String userId = claim(claims, "sub", system, claimed);
        String role = claim(claims, "role", system, claimed);
        String organisation = claim(claims, "org", system, claimed);
        String nhsNumber = claim(claims, "nhs_number", system, claimed);
        String name = optionalClaim(claims, "name", system, claimed);
        // a token the system signed is used up now, whatever follows: it never opens anything a second time
        if (!used.firstUse(system.id(), jti, exp.toInstant().plusMillis(skew).plusSeconds(60))) {
            throw new LaunchRefused(401, "replayed", "This launch has been used already: each launch opens the record"
                    + " once.", system.id(), claimed);
        }
        if (!system.organisations().contains(organisation)) {
            throw new LaunchRefused(403, "organisation-not-configured", system.name() + " is not configured to launch"
                    + " for the organisation " + organisation + ".", system.id(), claimed);
        }
        String mapped = system.roles().get(role);
        if (mapped == null) {
            throw new LaunchRefused(403, "unmapped-role", "The launch carries a role (" + role + ") that this service"
                    + " does not map to one of its roles for " + system.name() + ".", system.id(), claimed);
        }
        return new VerifiedLaunch(system.id(), system.name(), METHOD, userId, name == null ? userId : name, mapped,
                organisation, nhsNumber);
    }

    private static boolean verifies(SignedJWT jwt, Launcher system) {
        try {
            return jwt.verify(system.verifier());
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }

    /** Who the signed token says the user is (their role as the system calls it, until it is mapped). */
    private static CareUser claimed(JWTClaimsSet claims, Launcher system) {
        String sub = text(claims.getClaim("sub"));
        String role = text(claims.getClaim("role"));
        String mapped = role == null ? null : system.roles().get(role);
        return new CareUser(sub == null ? "unknown" : sub, text(claims.getClaim("name")), mapped, text(claims.getClaim("org")),
                null, Set.of(), null);
    }

    private static String text(Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        return s.length() > LONGEST_CLAIM ? s.substring(0, LONGEST_CLAIM) : s;
    }

    private static String claim(JWTClaimsSet claims, String name, Launcher system, CareUser claimed) {
        String value = optionalClaim(claims, name, system, claimed);
        if (value == null) {
            throw malformed(system, claimed, "The launch token has no " + name + " claim");
        }
        return value;
    }

    private static String optionalClaim(JWTClaimsSet claims, String name, Launcher system, CareUser claimed) {
        Object value = claims.getClaim(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank() || s.length() > LONGEST_CLAIM) {
            throw malformed(system, claimed, "The launch token's " + name + " claim is not a short text");
        }
        return s.trim();
    }

    private static LaunchRefused malformed(Launcher system, CareUser claimed, String message) {
        return new LaunchRefused(400, "malformed", message + ".", system == null ? null : system.id(), claimed);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The systems' ids, for the start-up log and the tests. */
    List<String> ids() {
        return List.copyOf(systems.keySet());
    }
}
