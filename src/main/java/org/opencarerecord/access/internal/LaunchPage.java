package org.opencarerecord.access.internal;

import org.springframework.web.util.HtmlUtils;

/**
 * The page a refused in-context launch shows: what went wrong and what to do, in words for the
 * professional at the screen. Plain HTML of its own (no script, no patient data): it is shown before
 * anyone is signed in here.
 */
final class LaunchPage {

    private LaunchPage() {
    }

    static String refusal(int status, String message) {
        String title = switch (status) {
            case 404 -> "No shared record for this person";
            case 403 -> "You cannot open the shared care record from this launch";
            default -> "The shared care record could not be opened";
        };
        String advice = switch (status) {
            case 401 -> "Go back to your clinical system and open the shared care record again from the person's record:"
                    + " each launch works once, for a few minutes. If this keeps happening, contact your IT service desk.";
            case 403 -> "Contact your IT service desk: the link between your clinical system and the shared care record"
                    + " needs setting up for you.";
            case 404 -> "An absence of information here does not mean that none exists: ask the person and the"
                    + " organisations caring for them by the usual routes.";
            default -> "Go back to your clinical system and try again. If this keeps happening, contact your IT service"
                    + " desk and tell them the time.";
        };
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s - Shared care record</title>
                <link rel="stylesheet" href="/css/viewer.css">
                </head><body><header class="site-header"><div class="header-inner"><span class="service-name">Shared care record</span>
                </div></header><main id="main" class="page narrow"><h1>%1$s</h1><div class="error-summary" role="alert"><p>%2$s</p></div>
                <p>%3$s</p>
                <p>You can also <a href="/login">sign in to the shared care record</a> and find the person there.</p>
                </main></body></html>""".formatted(esc(title), esc(message), esc(advice));
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s == null ? "" : s);
    }
}
