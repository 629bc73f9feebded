package org.opencarerecord.access;

import java.util.Set;
import java.util.UUID;

/**
 * Who is asking: a signed-in professional, or an API client acting as a named user. {@code role}
 * is one of the configured roles; {@code organisationCode} the organisation they work for (a
 * legitimate relationship is with it); {@code clientId} the API client, when it is one;
 * {@code scopes} the SMART scopes of an API token ({@code user/*.read}, {@code patient/*.read},
 * {@code system/*.read}; a page session reads as {@code user/*.read}); {@code patient} the one
 * person a {@code patient/*.read} token is limited to.
 */
public record CareUser(String userId, String name, String role, String organisationCode, String clientId,
        Set<String> scopes, UUID patient) {

    public static final Set<String> READ_SCOPES = Set.of("user/*.read", "patient/*.read", "system/*.read");

    /** Whether the token allows reading patient data at all. */
    public boolean canRead() {
        return scopes.stream().anyMatch(READ_SCOPES::contains);
    }

    /** Whether the token limits the user to one person (only {@code patient/*.read}). */
    public boolean limitedToOnePerson() {
        return !scopes.contains("user/*.read") && !scopes.contains("system/*.read");
    }
}
