package org.opencarerecord.access.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every use of the administrative areas is audited, reads and changes alike: configuration changes
 * (the registry), matching decisions (reviews, unlinks) and what they showed of people (the review
 * queue, link histories, quarantined payloads), changes to and reads of the staff register, and privacy
 * officers reading the log itself. One
 * entry per request, written before the request is served (so nothing is shown, and nothing changed,
 * that the log does not hold), with the request; refusals are audited where they are made.
 */
final class AdministrationAudit extends OncePerRequestFilter {

    private static final Pattern PERSON = Pattern.compile(
            "/admin/(?:persons|audit/persons)/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");

    private final AccessAudit audit;

    AdministrationAudit(AccessAudit audit) {
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/admin/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AccessContext context = AccessContext.current();
        if (context != null && context.user() != null) {
            // the request passed the area's authorisation; it is on the log before anything is served
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("request", request.getMethod() + " " + request.getRequestURI());
            audit.record(context, action(request), "allowed", person(request), null, null, null, details);
        }
        chain.doFilter(request, response);
    }

    /** The person a request is about: named in its path, or the objections register page's form field. */
    private static UUID person(HttpServletRequest request) {
        Matcher person = PERSON.matcher(request.getRequestURI());
        if (person.find()) {
            return UUID.fromString(person.group(1));
        }
        if (request.getRequestURI().equals("/admin/objection-register") && "POST".equals(request.getMethod())) {
            try {
                return UUID.fromString(String.valueOf(request.getParameter("person")).strip());
            } catch (IllegalArgumentException e) {
                return null; // the page says the id is not one
            }
        }
        return null;
    }

    /** config.changed, match.decision, quarantine.decision for changes; <area>.read for reads. */
    static String action(HttpServletRequest request) {
        String path = request.getRequestURI();
        boolean change = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
        if (path.startsWith("/admin/registry") || path.startsWith("/admin/feed-status")) {
            return change ? "config.changed" : "config.read";
        }
        if (path.startsWith("/admin/review") || path.startsWith("/admin/source-records") || path.startsWith("/admin/persons")) {
            return change ? "match.decision" : "person-index.read";
        }
        if (path.startsWith("/admin/quarantine")) {
            return change ? "quarantine.decision" : "quarantine.read";
        }
        if (path.startsWith("/admin/objections") || path.startsWith("/admin/objection-register")) {
            return !change ? "objection.read" : path.endsWith("/withdraw") ? "objection.withdrawn" : "objection.recorded";
        }
        if (path.startsWith("/admin/staff")) {
            return change ? "staff.changed" : "staff.read";
        }
        if (path.startsWith("/admin/audit")) {
            return "audit.read";
        }
        return change ? "admin.changed" : "admin.read";
    }
}
