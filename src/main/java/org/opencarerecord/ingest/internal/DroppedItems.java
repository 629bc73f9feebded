package org.opencarerecord.ingest.internal;

import java.util.Collection;
import org.opencarerecord.platform.FhirJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Remembers that an organisation sent an item that was dropped under a restricted code list, by the
 * SHA-256 of how the source names it ({@code Condition/abc}, {@code Condition?system|value}): only so
 * that a later delivery naming it (an Encounter's diagnosis, a report's result) is stored with that
 * reference made "not held" instead of being refused as pointing at nothing. No person, no code, no
 * content, and the source's own id only as a hash (ids can carry words). Read only when a reference
 * does not resolve otherwise; written once per delivery that dropped something.
 */
@Component
class DroppedItems {

    private final JdbcClient jdbc;

    DroppedItems(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** In the delivery's transaction: these keys of the organisation's were dropped. */
    void remember(String organisationCode, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.sql("""
                INSERT INTO restricted_dropped_key (organisation_code, key_sha256)
                SELECT ?, k FROM unnest(?::bytea[]) AS k ON CONFLICT DO NOTHING""")
                .params(organisationCode, keys.stream().map(FhirJson::sha256).toArray(byte[][]::new))
                .update();
    }

    boolean wasDropped(String organisationCode, String key) {
        return jdbc.sql("SELECT count(*) FROM restricted_dropped_key WHERE organisation_code = ? AND key_sha256 = ?")
                .params(organisationCode, FhirJson.sha256(key)).query(Long.class).single() > 0;
    }
}
