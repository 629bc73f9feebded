package org.opencarerecord.access.internal;

import jakarta.servlet.http.HttpSession;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The direct-care reasons a viewer user stated in the reason step, per person, kept in their session
 * (so the question is asked once per person per sign-in; signing out or the idle time-out forgets
 * them). An API client states its reason on every request instead ({@code X-Care-Reason}).
 */
public final class StatedReasons {

    private static final String ATTRIBUTE = StatedReasons.class.getName();

    private StatedReasons() {
    }

    /** The reason stated in this session for opening this person ("code free text"), or null. */
    public static String get(UUID personId) {
        HttpSession session = session(false);
        return session != null && session.getAttribute(ATTRIBUTE) instanceof Map<?, ?> reasons
                ? (String) reasons.get(personId) : null;
    }

    /** Keeps a reason for the rest of the session. */
    public static void put(UUID personId, String reason) {
        HttpSession session = session(true);
        if (session == null) {
            throw new IllegalStateException("A reason can be stated only in a signed-in page session");
        }
        @SuppressWarnings("unchecked")
        Map<UUID, String> reasons = (Map<UUID, String>) session.getAttribute(ATTRIBUTE);
        if (reasons == null) {
            reasons = new ConcurrentHashMap<>();
        }
        reasons.put(personId, reason);
        session.setAttribute(ATTRIBUTE, reasons); // set again so that a replicated session store sees the change
    }

    private static HttpSession session(boolean create) {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? a.getRequest().getSession(create) : null;
    }
}
