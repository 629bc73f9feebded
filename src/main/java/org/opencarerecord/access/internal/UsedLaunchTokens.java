package org.opencarerecord.access.internal;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A launch token opens the record once: its jti is claimed here (in the database, so the rule holds
 * across every instance of the service), and kept until the token could no longer be accepted anyway.
 * Rows past that are purged as launches come.
 */
@Component
class UsedLaunchTokens {

    private final JdbcClient jdbc;

    UsedLaunchTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the token's jti for its system; false when it was used before. */
    boolean firstUse(String system, String jti, Instant keepUntil) {
        jdbc.sql("DELETE FROM launch_token_used WHERE expires_at < now()").update();
        return jdbc.sql("INSERT INTO launch_token_used (system_id, jti, expires_at, used_at) VALUES (?, ?, ?, now())"
                        + " ON CONFLICT DO NOTHING")
                .params(system, jti, Timestamp.from(keepUntil)).update() == 1;
    }
}
