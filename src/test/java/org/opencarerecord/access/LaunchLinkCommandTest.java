package org.opencarerecord.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The launch-link command: the demo GP system's launch by default, usage errors answered 2. */
class LaunchLinkCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return LaunchLinkCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Instant.parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void itWritesTheDemoSystemsSignedLaunchForm() throws Exception {
        assertThat(run("--nhs-number", "999 283 2673")).isZero();
        Matcher token = Pattern.compile("name=\"launch_token\" value=\"([^\"]+)\"").matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(token.find()).isTrue();
        SignedJWT jwt = SignedJWT.parse(token.group(1));
        assertThat(jwt.verify(new MACVerifier(LaunchLinkCommand.DEMO_SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("demo-gp-system");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("shared-care-record");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("nhs_number")).isEqualTo("9992832673");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("org")).isEqualTo("XG1001");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().getTime() - jwt.getJWTClaimsSet().getIssueTime().getTime())
                .isEqualTo(120_000);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("action=\"http://localhost:8080/launch\"");
    }

    @Test
    void aMissingOrInvalidNhsNumberIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("--nhs-number", "9992832674")).isEqualTo(2);
        assertThat(run("--nhs-number", "9992832673", "--lifetime", "3600")).isEqualTo(2);
        assertThat(run("--colour", "blue")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--nhs-number is needed").contains("not a valid NHS number")
                .contains("usage: launch-link");
        assertThat(out.size()).isZero();
    }
}
