package org.opencarerecord.access.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.opencarerecord.access.CareUser;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.identity.PersonIndex;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * The end of every in-context launch, whichever way it came (a signed launch link or a SMART EHR
 * launch): the person is found by their NHS number, and the browser gets a new session signed in as
 * the launching system's user, locked to that one person (as a patient/*.read token is), with the
 * launch as the relationship that opens their record; then it goes to the record page. A refusal
 * is a plain page saying what went wrong and what to do, never the NHS number. Both are audited
 * ({@code launch}, {@code launch.refused}).
 */
@Component
class LaunchSignIn {

    /** Where the viewer shows one person's record. */
    static final String RECORD_PAGE = "/record/";

    private final PersonIndex persons;
    private final Roles roles;
    private final AccessAudit audit;
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    LaunchSignIn(PersonIndex persons, Roles roles, AccessAudit audit) {
        this.persons = persons;
        this.roles = roles;
        this.audit = audit;
    }

    /** Signs the launch's user in, locked to the person, and sends the browser to their record (303). */
    ResponseEntity<String> signIn(VerifiedLaunch launch, HttpServletRequest request, HttpServletResponse response) {
        CareUser claimed = new CareUser(launch.userId(), launch.userName(), launch.role(), launch.organisation(), null,
                Set.of(), null);
        Optional<NhsNumber> nhs = NhsNumber.parse(launch.nhsNumber());
        if (nhs.isEmpty()) {
            throw new LaunchRefused(400, "invalid-nhs-number", "The launch names the person by an NHS number that is not"
                    + " valid (ten digits with a right check digit).", launch.system(), claimed);
        }
        List<UUID> found = persons.findByIdentifier(NhsNumber.SYSTEM, nhs.get().value());
        if (found.isEmpty()) {
            throw new LaunchRefused(404, "unknown-person", "No record here carries the NHS number of the person you"
                    + " launched from: none of the region's organisations has shared information about them with the"
                    + " shared care record.", launch.system(), claimed);
        }
        if (found.size() > 1) {
            throw new LaunchRefused(409, "ambiguous-person", "More than one person here carries that NHS number; the"
                    + " record cannot be opened from a launch until the person index is corrected.", launch.system(), claimed);
        }
        UUID person = found.get(0);
        CareUser user = new CareUser(launch.userId(), launch.userName(), launch.role(), launch.organisation(), null,
                Set.of("patient/*.read"), person, new CareUser.LaunchedFrom(launch.system(), launch.systemName(),
                        launch.method()));

        // a new session: nothing of whoever used this browser before carries over, and its id is new
        HttpSession previous = request.getSession(false);
        if (previous != null) {
            previous.invalidate();
        }
        request.getSession(true);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new CareAuthentication(user, CareAuthentication.authorities(user, roles), null));
        SecurityContextHolder.setContext(context);
        sessions.saveContext(context, request, response);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", launch.method());
        details.put("system", launch.system());
        details.put("systemName", launch.systemName());
        details.put("organisation", launch.organisation());
        audit.record(new AccessContext(user, "page", AccessContextFilter.session(request), request.getRemoteAddr(), null),
                "launch", "allowed", person, null, null,
                Relationships.launchRelationship(launch.systemName(), launch.organisation()), details);
        return ResponseEntity.status(303).location(URI.create(RECORD_PAGE + person))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** The refusal's page, audited with its reason. */
    ResponseEntity<String> refused(LaunchRefused refusal, String method, HttpServletRequest request) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", method);
        details.put("reason", refusal.reason());
        details.put("message", refusal.getMessage());
        if (refusal.system() != null) {
            details.put("system", refusal.system());
        }
        audit.record(new AccessContext(refusal.claimed(), "page", AccessContextFilter.session(request),
                request.getRemoteAddr(), null), "launch.refused", "denied", null, null, null, null, details);
        return ResponseEntity.status(refusal.status()).contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(LaunchPage.refusal(refusal.status(), refusal.getMessage()));
    }
}
