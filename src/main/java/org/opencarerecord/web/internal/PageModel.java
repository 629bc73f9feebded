package org.opencarerecord.web.internal;

import java.time.Duration;
import java.time.Instant;
import org.opencarerecord.access.AccessDenied;
import org.opencarerecord.access.CareUser;
import org.opencarerecord.access.RecordAccess;
import org.opencarerecord.access.SignedIn;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** What every signed-in page has: its title, who is signed in (also the watermark's words), and the idle time-out. */
@Component
class PageModel {

    private final RecordAccess access;
    private final SourceRegistry sources;
    private final long idleTimeoutSeconds;

    PageModel(RecordAccess access, SourceRegistry sources,
            @Value("${server.servlet.session.timeout:15m}") Duration idleTimeout) {
        this.access = access;
        this.sources = sources;
        this.idleTimeoutSeconds = idleTimeout.toSeconds();
    }

    CareUser fill(Model model, String title) {
        CareUser user = SignedIn.user().orElseThrow(() -> new AccessDenied(401, "Sign in first"));
        String organisation = user.organisationCode() == null ? "" : sources.organisation(user.organisationCode())
                .map(SourceOrganisation::name).orElse(user.organisationCode());
        model.addAttribute("title", title);
        model.addAttribute("user", user);
        model.addAttribute("roleName", access.roleName(user.role()));
        model.addAttribute("organisation", organisation);
        model.addAttribute("watermark", user.name() + " · " + organisation + " · " + ItemView.display(Instant.now()));
        model.addAttribute("idleTimeout", idleTimeoutSeconds);
        return user;
    }
}
