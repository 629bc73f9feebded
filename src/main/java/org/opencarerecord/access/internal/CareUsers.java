package org.opencarerecord.access.internal;

import org.opencarerecord.access.CareUser;
import org.springframework.security.core.Authentication;

/** The {@link CareUser} behind any of the ways of signing in (null for none, or for a feed). */
final class CareUsers {

    private CareUsers() {
    }

    static CareUser of(Authentication auth) {
        if (auth == null || !auth.isAuthenticated()) {
            return null;
        }
        Object principal = auth.getPrincipal();
        if (principal instanceof CareUser u) {
            return u;
        }
        if (principal instanceof HasCareUser h) {
            return h.careUser();
        }
        return null;
    }

    /** A Spring principal (local account, OpenID Connect user) that carries a CareUser. */
    interface HasCareUser {
        CareUser careUser();
    }
}
