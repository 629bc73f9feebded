package org.opencarerecord.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code /login}: sign in with the region's identity provider (OpenID Connect: CIS2 or another) and,
 * where local accounts are on (the default run), with a user name and password. A plain page; the
 * viewer gives it the service's look.
 */
@RestController
class SignInPageController {

    private final boolean localAccounts;
    private final List<ClientRegistration> providers = new ArrayList<>();

    SignInPageController(@Value("${care-record.access.local-accounts.enabled:false}") boolean localAccounts,
            ObjectProvider<ClientRegistrationRepository> registrations) {
        this.localAccounts = localAccounts;
        if (registrations.getIfAvailable() instanceof InMemoryClientRegistrationRepository all) {
            all.forEach(providers::add);
        }
    }

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(HttpServletRequest request) {
        StringBuilder h = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in - Shared care record</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/css/viewer.css">
                </head><body><header class="site-header"><div class="header-inner"><span class="service-name">Shared care record</span>
                </div></header><main id="main" class="page narrow"><h1>Sign in</h1>""");
        String locked = request.getParameter("locked");
        if (locked != null && locked.matches("[0-2][0-9]:[0-5][0-9]")) {
            h.append("<p class=\"error-summary\" role=\"alert\">Too many failed sign-ins; try again after ").append(locked)
                    .append(" or ask your administrator.</p>");
        } else if ("organisation".equals(request.getParameter("error"))) {
            h.append("<p class=\"error-summary\" role=\"alert\">The organisation of the role you selected is not one this shared")
                    .append(" care record serves. Choose a role at an organisation in the region, or ask your")
                    .append(" administrator.</p>");
        } else if (request.getParameter("error") != null) {
            h.append("<p class=\"error-summary\" role=\"alert\">The user name or password is not right, or your sign-in carries no")
                    .append(" role this service knows.</p>");
        }
        if (request.getParameter("timeout") != null) {
            h.append("<p role=\"status\">You were signed out after a period without activity, to keep people's records")
                    .append(" private. Sign in again to go on.</p>");
        }
        if (request.getParameter("logout") != null) {
            h.append("<p role=\"status\">You have signed out.</p>");
        }
        for (ClientRegistration p : providers) {
            h.append("<p><a class=\"button\" href=\"/oauth2/authorization/").append(esc(p.getRegistrationId())).append("\">")
                    .append("Sign in with ").append(esc(p.getClientName())).append("</a></p>");
        }
        if (localAccounts) {
            h.append("<form method=\"post\" action=\"/login\">").append(Csrf.field(request))
                    .append("<label for=\"username\">User name</label><input id=\"username\" name=\"username\"")
                    .append(" autocomplete=\"username\" required>")
                    .append("<label for=\"password\">Password</label><input id=\"password\" name=\"password\"")
                    .append(" type=\"password\" autocomplete=\"current-password\" required>")
                    .append("<button class=\"button\">Sign in</button></form>");
        }
        if (providers.isEmpty() && !localAccounts) {
            h.append("<p>No way of signing in is configured: set up the region's identity provider.</p>");
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(h.append("</main></body></html>").toString());
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s == null ? "" : s);
    }
}
