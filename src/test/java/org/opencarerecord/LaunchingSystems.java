package org.opencarerecord;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The launching systems of the tests (care-record.launch): a GP system that signs HS256 with a shared
 * secret, and a hospital EPR that signs RS256 with a key pair made for the run (only its public key
 * is configured). Tokens are made here as those systems would make them.
 */
public final class LaunchingSystems {

    public static final String GP_SYSTEM = "test-gp-system";
    public static final String GP_SYSTEM_NAME = "Test GP System";
    public static final String GP_SECRET = "test-launch-secret-that-is-longer-than-32-bytes";
    public static final String EPR = "test-hospital-epr";
    public static final String EPR_NAME = "Test Hospital EPR";
    public static final String AUDIENCE = "shared-care-record";
    public static final KeyPair EPR_KEYS = rsa();

    private LaunchingSystems() {
    }

    static void register(DynamicPropertyRegistry registry) {
        registry.add("care-record.launch.systems[0].id", () -> GP_SYSTEM);
        registry.add("care-record.launch.systems[0].name", () -> GP_SYSTEM_NAME);
        registry.add("care-record.launch.systems[0].organisations", () -> "XTG,XTL");
        registry.add("care-record.launch.systems[0].hmac-secret", () -> GP_SECRET);
        registry.add("care-record.launch.systems[0].roles.GP", () -> "gp");
        registry.add("care-record.launch.systems[0].roles.RECEPTION", () -> "administrative-staff");
        registry.add("care-record.launch.systems[1].id", () -> EPR);
        registry.add("care-record.launch.systems[1].name", () -> EPR_NAME);
        registry.add("care-record.launch.systems[1].organisations", () -> "XTA");
        registry.add("care-record.launch.systems[1].public-key", LaunchingSystems::eprPublicKeyPem);
        registry.add("care-record.launch.systems[1].roles.R8000", () -> "hospital-clinician");
    }

    public static String eprPublicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(EPR_KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** The claims of a good launch by the GP system, for a GP at XTG, valid from now for two minutes. */
    public static Map<String, Object> gpLaunch(String nhsNumber) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", GP_SYSTEM);
        claims.put("aud", AUDIENCE);
        claims.put("iat", now);
        claims.put("exp", now + 120);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("sub", "G8123456");
        claims.put("name", "Dr Launch Tester");
        claims.put("role", "GP");
        claims.put("org", "XTG");
        claims.put("nhs_number", nhsNumber);
        return claims;
    }

    /** A token signed HS256 with a secret. */
    public static String hs256(Map<String, Object> claims, String secret) {
        try {
            return sign(claims, JWSAlgorithm.HS256, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token signed RS256 with the EPR's private key. */
    public static String rs256(Map<String, Object> claims) {
        return sign(claims, JWSAlgorithm.RS256, new RSASSASigner(EPR_KEYS.getPrivate()));
    }

    private static String sign(Map<String, Object> claims, JWSAlgorithm algorithm, JWSSigner signer) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
        // times are given in seconds, as they travel in a JWT
        claims.forEach((name, value) -> set.claim(name, value instanceof Number seconds
                && (name.equals("iat") || name.equals("exp") || name.equals("nbf")) ? new Date(seconds.longValue() * 1000) : value));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).build(), set.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
