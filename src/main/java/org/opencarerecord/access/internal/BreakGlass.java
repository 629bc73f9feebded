package org.opencarerecord.access.internal;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.opencarerecord.platform.Uuid7;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sensitive information (care-record.access.sensitive) and emergency access to it: a role not named
 * for a category does not see its items, and is told something is withheld; with a stated reason it
 * may break the glass for one person, for care-record.access.break-glass-duration (60 minutes),
 * always reported to privacy officers.
 */
@Component
public class BreakGlass {

    private final JdbcClient jdbc;
    private final AccessProperties properties;

    BreakGlass(JdbcClient jdbc, AccessProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The codes of the sensitive categories this role does not see. */
    public Set<String> hiddenCodes(String role) {
        Set<String> hidden = new HashSet<>();
        for (Map.Entry<String, AccessProperties.SensitiveCategory> e : properties.getSensitive().entrySet()) {
            if (!e.getValue().getRoles().contains(role)) {
                hidden.addAll(e.getValue().getCodes());
            }
        }
        return hidden;
    }

    /** Whether breaking the glass also opens the record of a person who objected (configuration; default no). */
    public boolean overridesObjections() {
        return properties.isObjectionEmergencyOverride();
    }

    /** Whether the user broke the glass for this person and it has not expired. */
    public boolean active(String userId, UUID personId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM break_glass WHERE user_id = ? AND person_id = ? AND expires_at > now())")
                .params(userId, personId).query(Boolean.class).single();
    }

    /** Starts an emergency access; returns when it ends. */
    public Instant start(String userId, UUID personId, String reason) {
        Instant now = Instant.now();
        Instant until = now.plus(properties.getBreakGlassDuration());
        jdbc.sql("INSERT INTO break_glass (id, user_id, person_id, reason, started_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(Uuid7.next(), userId, personId, reason, java.sql.Timestamp.from(now), java.sql.Timestamp.from(until))
                .update();
        return until;
    }
}
