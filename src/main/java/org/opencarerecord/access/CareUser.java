package org.opencarerecord.access;

import java.util.Set;
import java.util.UUID;

/**
 * Who is asking: a signed-in professional, or an API client acting as a named user. {@code role}
 * is one of the configured roles; {@code organisationCode} the organisation they work for (a
 * legitimate relationship is with it); {@code clientId} the API client, when it is one;
 * {@code scopes} the SMART scopes of an API token ({@code user/*.read}, {@code patient/*.read},
 * {@code system/*.read}; a page session reads as {@code user/*.read}); {@code patient} the one
 * person a {@code patient/*.read} token or an in-context launch is limited to; {@code launchedFrom}
 * the system that opened the viewer on that person (an in-context launch), else null.
 */
public record CareUser(String userId, String name, String role, String organisationCode, String clientId,
        Set<String> scopes, UUID patient, LaunchedFrom launchedFrom) {

    public static final Set<String> READ_SCOPES = Set.of("user/*.read", "patient/*.read", "system/*.read");

    /** Anyone who did not come by an in-context launch. */
    public CareUser(String userId, String name, String role, String organisationCode, String clientId,
            Set<String> scopes, UUID patient) {
        this(userId, name, role, organisationCode, clientId, scopes, patient, null);
    }

    /**
     * An in-context launch: a GP or hospital system (a signed launch link, or a SMART on FHIR EHR
     * launch) opened the viewer on one person for its signed-in user. {@code system} is its
     * configured id, {@code systemName} its name as people read it, {@code method} {@code signed-link}
     * or {@code smart}. Opening that person counts as a legitimate relationship of the user's
     * organisation, and the session is locked to that person.
     */
    public record LaunchedFrom(String system, String systemName, String method) {
    }

    /** Whether the token allows reading patient data at all. */
    public boolean canRead() {
        return scopes.stream().anyMatch(READ_SCOPES::contains);
    }

    /** Whether the token limits the user to one person (only {@code patient/*.read}; every in-context launch). */
    public boolean limitedToOnePerson() {
        return !scopes.contains("user/*.read") && !scopes.contains("system/*.read");
    }
}
