package org.opencarerecord.audit;

import java.util.Map;
import java.util.UUID;

/**
 * What happened, for the access log.
 *
 * @param action       e.g. "record.open", "record.search", "person.search", "sign-in", "sign-in.failed",
 *                     "sign-in.locked", "access.denied", "break-glass", "objection.recorded", "config.changed",
 *                     "match.decision", "staff.changed"
 * @param outcome      "allowed" or "denied"
 * @param actor        who did it and how
 * @param personId     the person whose record it concerns, if any
 * @param reasonCode   the reason for access the user chose (e.g. for break-glass)
 * @param reasonText   the reason in their own words
 * @param relationship the legitimate relationship that allowed it
 * @param details      what was shown (categories and item counts, or item ids) or why it was denied, as a
 *                     JSON-able map (strings, numbers, booleans, lists, maps; ids and instants are kept as text)
 */
public record AuditEntry(String action, String outcome, AuditActor actor, UUID personId, String reasonCode,
        String reasonText, String relationship, Map<String, Object> details) {
}
