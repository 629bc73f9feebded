package org.opencarerecord.access.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The key the service signs its own API tokens with: made once, on the first start, and kept in
 * the database so that every instance behind a load balancer signs and checks with the same key
 * and tokens outlive a restart. (A production region that turns the issuer off never makes one.)
 */
final class SigningKey {

    private SigningKey() {
    }

    static RSAKey load(JdbcClient jdbc) {
        for (int attempt = 0; attempt < 2; attempt++) {
            var stored = jdbc.sql("SELECT id, private_key, public_key FROM token_signing_key ORDER BY created_at LIMIT 1")
                    .query((rs, n) -> toKey(rs.getString(1), rs.getBytes(2), rs.getBytes(3))).optional();
            if (stored.isPresent()) {
                return stored.get();
            }
            KeyPair pair = generate();
            // two instances starting at once: one insert wins, both then read the same row
            jdbc.sql("INSERT INTO token_signing_key (id, private_key, public_key, created_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING")
                    .params(UUID.randomUUID().toString(), pair.getPrivate().getEncoded(), pair.getPublic().getEncoded(),
                            java.sql.Timestamp.from(Instant.now()))
                    .update();
        }
        throw new IllegalStateException("token signing key could not be stored");
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey toKey(String id, byte[] privateKey, byte[] publicKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new RSAKey.Builder((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(publicKey)))
                    .privateKey((RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(privateKey)))
                    .keyID(id).build();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("the stored token signing key cannot be read", e);
        }
    }

    static RSAPublicKey publicKey(RSAKey key) {
        try {
            return key.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
