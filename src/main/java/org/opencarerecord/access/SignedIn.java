package org.opencarerecord.access;

import java.util.Optional;
import org.opencarerecord.access.internal.AccessContext;

/** The user signed in for the current request, for pages and admin endpoints that record who decided. */
public final class SignedIn {

    private SignedIn() {
    }

    public static Optional<CareUser> user() {
        AccessContext c = AccessContext.current();
        return Optional.ofNullable(c == null ? null : c.user());
    }

    /**
     * How a decision by the signed-in user is recorded: their name and user id, so that nobody can
     * decide in another's name. {@link AccessDenied} (401) when nobody is signed in.
     */
    public static String label() {
        CareUser u = user().orElseThrow(() -> new AccessDenied(401, "Sign in first"));
        return u.name() == null || u.name().equals(u.userId()) ? u.userId() : u.name() + " (" + u.userId() + ")";
    }
}
