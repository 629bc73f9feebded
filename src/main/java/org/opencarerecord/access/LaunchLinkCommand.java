package org.opencarerecord.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.opencarerecord.identity.NhsNumber;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code java -jar target/shared-care-record.jar launch-link --nhs-number N [options] > launch.html}:
 * writes the page a GP or hospital system would show to open the shared care record on one person (an
 * in-context launch, docs/access.md): a form that posts a freshly signed HS256 launch token to
 * {@code <url>/launch} by itself when opened in a browser. The defaults are the demo region's GP
 * system (care-record.launch in application-demo.yml, whose secret is published): a GP at XG1001
 * Riverside Medical Centre. The token is good for {@code --lifetime} seconds (120) and once only.
 * Exits 0, or 2 on a usage error. It starts nothing and needs no database.
 */
public final class LaunchLinkCommand {

    static final String USAGE = "usage: launch-link --nhs-number N [--url http://localhost:8080] [--system demo-gp-system]"
            + " [--secret S] [--audience shared-care-record] [--user ID] [--name NAME] [--role GP] [--org XG1001]"
            + " [--lifetime SECONDS]";
    /** The demo region's GP system: its secret is published in the README, like the demo accounts' passwords. */
    static final String DEMO_SECRET = "demo-launch-secret-published-in-the-readme";

    private LaunchLinkCommand() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err, Instant.now());
    }

    public static int run(String[] args, PrintStream out, PrintStream err, Instant now) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("url", "http://localhost:8080");
        o.put("system", "demo-gp-system");
        o.put("secret", DEMO_SECRET);
        o.put("audience", "shared-care-record");
        o.put("user", "G8000001");
        o.put("name", "Dr Grace Patel (GP, launched from the practice system)");
        o.put("role", "GP");
        o.put("org", "XG1001");
        o.put("lifetime", "120");
        o.put("nhs-number", null);
        try {
            for (int i = 0; i < args.length; i++) {
                String name = args[i].startsWith("--") ? args[i].substring(2) : null;
                if (name == null || !o.containsKey(name)) {
                    throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                o.put(name, args[++i]);
            }
            NhsNumber nhs = NhsNumber.parse(o.get("nhs-number")).orElseThrow(() -> new IllegalArgumentException(
                    o.get("nhs-number") == null ? "--nhs-number is needed" : "--nhs-number is not a valid NHS number"));
            long lifetime = Long.parseLong(o.get("lifetime"));
            if (lifetime < 1 || lifetime > 300) {
                throw new IllegalArgumentException("--lifetime is seconds, 1 to 300 (a launch lives at most 5 minutes)");
            }
            if (o.get("secret").getBytes(StandardCharsets.UTF_8).length < 32) {
                throw new IllegalArgumentException("--secret must be at least 32 bytes");
            }
            String token = token(o, nhs.value(), now, lifetime);
            out.print(page(o.get("url").replaceAll("/+$", "") + "/launch", token));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("launch-link: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    private static String token(Map<String, String> o, String nhsNumber, Instant now, long lifetime) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(o.get("system"))
                .audience(o.get("audience"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .subject(o.get("user"))
                .claim("name", o.get("name"))
                .claim("role", o.get("role"))
                .claim("org", o.get("org"))
                .claim("nhs_number", nhsNumber)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims);
        try {
            jwt.sign(new MACSigner(o.get("secret").getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the token cannot be signed: " + e.getMessage());
        }
        return jwt.serialize();
    }

    /** The launching system's page: a form that sends itself (a button where scripts do not run). */
    static String page(String action, String token) {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Opening the shared care record</title></head>
                <body><form method="post" action="%s"><input type="hidden" name="launch_token" value="%s">
                <noscript><button>Open the shared care record</button></noscript></form>
                <script>document.forms[0].submit()</script></body></html>
                """.formatted(HtmlUtils.htmlEscape(action), HtmlUtils.htmlEscape(token));
    }
}
