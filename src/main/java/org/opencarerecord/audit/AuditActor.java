package org.opencarerecord.audit;

/**
 * Who did it and how. {@code channel}: "page", "api" or "system". Any field but {@code userId} may be null.
 *
 * @param userId           the signed-in user's id (for a system action, the system's name)
 * @param name             the user's name as shown to them
 * @param role             the role they acted in
 * @param organisationCode the ODS code of the organisation they acted for
 * @param clientId         the OAuth client (application) they came through
 * @param channel          "page", "api" or "system"
 * @param session          the session's id
 * @param address          the client's network address
 */
public record AuditActor(String userId, String name, String role, String organisationCode, String clientId,
        String channel, String session, String address) {
}
