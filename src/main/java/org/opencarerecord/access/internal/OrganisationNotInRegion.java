package org.opencarerecord.access.internal;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A professional the region's OpenID Connect provider vouches for, whose role is at an organisation
 * this record does not serve ({@code care-record.access.oidc.organisations}): refused (403 for the API,
 * the sign-in page for a browser) and audited with who it was.
 */
final class OrganisationNotInRegion extends OAuth2AuthenticationException {

    private final String userId;
    private final String role;
    private final String organisation;

    OrganisationNotInRegion(String userId, String role, String organisation) {
        super(new OAuth2Error("access_denied", message(organisation), null), message(organisation));
        this.userId = userId;
        this.role = role;
        this.organisation = organisation;
    }

    private static String message(String organisation) {
        return (organisation == null ? "Your sign-in names no organisation for the role you selected"
                : "The organisation of the role you selected (" + organisation + ") is not one this shared care record"
                        + " serves") + ": choose a role at an organisation in the region, or ask your administrator";
    }

    String userId() {
        return userId;
    }

    String role() {
        return role;
    }

    String organisation() {
        return organisation;
    }
}
