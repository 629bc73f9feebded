package org.opencarerecord.access.internal;

import org.opencarerecord.access.CareUser;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * A person signed in to the pages by OpenID Connect (CIS2 or another provider): their role and
 * organisation come from the ID token and user info claims, as for API tokens from that provider.
 */
final class OidcUsers extends OidcUserService {

    private final AccessProperties properties;
    private final Roles roles;

    OidcUsers(AccessProperties properties, Roles roles) {
        this.properties = properties;
        this.roles = roles;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser oidc = super.loadUser(request);
        CareUser user;
        try {
            user = BearerTokens.fromClaims(oidc.getClaims(), properties.getOidc(), roles);
        } catch (InvalidBearerTokenException e) {
            throw new OAuth2AuthenticationException(new OAuth2Error("access_denied", e.getMessage(), null));
        }
        return new SignedIn(user, oidc, CareAuthentication.authorities(user, roles));
    }

    /** The provider's user, carrying the CareUser and our roles' authorities. */
    static final class SignedIn extends DefaultOidcUser implements CareUsers.HasCareUser {

        private final CareUser careUser;

        SignedIn(CareUser careUser, OidcUser oidc,
                java.util.Collection<? extends org.springframework.security.core.GrantedAuthority> authorities) {
            super(authorities, oidc.getIdToken(), oidc.getUserInfo());
            this.careUser = careUser;
        }

        @Override
        public CareUser careUser() {
            return careUser;
        }
    }
}
