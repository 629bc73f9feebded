package org.opencarerecord.access.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.opencarerecord.access.CareUser;

/**
 * What one request carries into the access rules: who (null when nobody is signed in), by which
 * channel ("api" or "page"), a digest of the session (never the session id itself), the caller's
 * address, the direct-care reason it states (the {@code X-Care-Reason} header) and an emergency
 * access it asks for (the {@code X-Care-Break-Glass} header, with its reason). Held for the
 * request's thread by {@link AccessContextFilter}; decisions about a person are kept for the rest of
 * the request, so that a request touching one record several times is checked and audited as one.
 */
public record AccessContext(CareUser user, String channel, String session, String address, String reason,
        String breakGlass, Map<UUID, Object> decisions) {

    private static final ThreadLocal<AccessContext> CURRENT = new ThreadLocal<>();

    public AccessContext(CareUser user, String channel, String session, String address, String reason) {
        this(user, channel, session, address, reason, null, new HashMap<>());
    }

    public static AccessContext current() {
        return CURRENT.get();
    }

    static void set(AccessContext context) {
        if (context == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(context);
        }
    }
}
