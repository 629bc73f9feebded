package org.opencarerecord.access.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.UUID;
import org.opencarerecord.access.CareUser;
import org.opencarerecord.audit.AuditActor;
import org.opencarerecord.audit.AuditEntry;
import org.opencarerecord.audit.AuditLog;
import org.springframework.stereotype.Component;

/** Turns the access rules' decisions into audit entries: who, how, which person, why, what. */
@Component
public class AccessAudit {

    private final AuditLog log;

    AccessAudit(AuditLog log) {
        this.log = log;
    }

    public void record(AccessContext context, String action, String outcome, UUID personId, String reasonCode,
            String reasonText, String relationship, Map<String, Object> details) {
        log.record(new AuditEntry(action, outcome, actor(context), personId, reasonCode, reasonText, relationship, details));
    }

    static AuditActor actor(AccessContext c) {
        CareUser u = c == null ? null : c.user();
        if (u == null) {
            return new AuditActor("anonymous", null, null, null, null, c == null ? "system" : c.channel(),
                    c == null ? null : c.session(), c == null ? null : c.address());
        }
        return new AuditActor(u.userId(), u.name(), u.role(), u.organisationCode(), u.clientId(), c.channel(), c.session(),
                c.address());
    }

    void signedIn(CareUser user, HttpServletRequest request, String how) {
        AccessContext c = new AccessContext(user, "page", AccessContextFilter.session(request), request.getRemoteAddr(), null);
        record(c, "sign-in", "allowed", null, null, null, null, Map.of("method", how));
    }

    void apiClientSignedIn(AccessProperties.Account client, HttpServletRequest request) {
        CareUser user = new CareUser(client.getId(), client.getName(), client.getRole(), client.getOrganisation(),
                client.getId(), java.util.Set.copyOf(client.getScopes()), null);
        record(new AccessContext(user, "api", null, request.getRemoteAddr(), null), "sign-in", "allowed", null, null, null,
                null, Map.of("method", "client-credentials"));
    }

    void signInFailed(String who, String channel, HttpServletRequest request, String reason) {
        if (who == null && repeated(channel + "|" + request.getRemoteAddr() + "|" + reason)) {
            return; // a bad bearer token sent again and again (a named user's failures count towards their lock-out: all kept)
        }
        AuditActor actor = new AuditActor(who == null || who.isBlank() ? "anonymous" : who, null, null, null, null, channel,
                null, request.getRemoteAddr());
        log.record(new AuditEntry("sign-in.failed", "denied", actor, null, null, null, null, Map.of("reason", reason)));
    }

    /**
     * The same failure of an unnamed credential (a bearer token that is not valid) from the same address
     * is recorded once a minute: a client retrying a bad token cannot flood the log.
     */
    private static final long REPEAT_WINDOW_MILLIS = 60_000;
    private final java.util.concurrent.ConcurrentHashMap<String, Long> lastFailures = new java.util.concurrent.ConcurrentHashMap<>();

    private boolean repeated(String key) {
        long now = System.currentTimeMillis();
        if (lastFailures.size() > 10_000) {
            lastFailures.clear(); // bounded: at worst some repeats are recorded again
        }
        Long before = lastFailures.put(key, now);
        if (before != null && now - before < REPEAT_WINDOW_MILLIS) {
            lastFailures.put(key, before); // the window runs from the failure that was recorded
            return true;
        }
        return false;
    }

    /** A provider's user whose role is at an organisation outside the region, refused. */
    void organisationRefused(OrganisationNotInRegion refused, String channel, HttpServletRequest request) {
        AuditActor actor = new AuditActor(refused.userId(), null, refused.role(), refused.organisation(), null, channel,
                null, request.getRemoteAddr());
        log.record(new AuditEntry("sign-in.failed", "denied", actor, null, null, null, null, Map.of("reason",
                "organisation not in the region (care-record.access.oidc.organisations)")));
    }

    /** A name locked out after too many failed sign-ins: recorded once per lock-out, not for each refused attempt. */
    void signInLocked(String who, String channel, HttpServletRequest request, int failures, java.time.Duration window,
            java.time.Instant until) {
        AuditActor actor = new AuditActor(who == null || who.isBlank() ? "anonymous" : who, null, null, null, null, channel,
                null, request.getRemoteAddr());
        log.record(new AuditEntry("sign-in.locked", "denied", actor, null, null, null, null, Map.of("reason",
                failures + " failed sign-ins within " + window.toMinutes() + " minutes: further attempts refused without"
                        + " checking the password", "until", until.toString())));
    }

    void denied(AccessContext context, HttpServletRequest request, String reason) {
        record(context, "access.denied", "denied", null, null, null, null,
                Map.of("reason", reason, "request", request.getMethod() + " " + request.getRequestURI()));
    }
}
