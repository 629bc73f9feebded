package org.opencarerecord.web.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.opencarerecord.access.SignedIn;
import org.opencarerecord.ingest.QuarantineAdmin;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code /admin/quarantine}: a plain page of what feeds sent that could not be used, filterable by
 * feed and status; each payload can be opened, fixed and replayed through its feed, or discarded
 * with a reason. (The viewer issue gives it the service's look and sign-in.)
 */
@RestController
class QuarantinePageController {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss")
            .withZone(ZoneId.of("Europe/London"));
    private static final String HEAD = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quarantine</title>
            <link rel="stylesheet" href="/css/viewer.css">
            </head><body class="admin">""";

    private final QuarantineAdmin quarantine;

    QuarantinePageController(QuarantineAdmin quarantine) {
        this.quarantine = quarantine;
    }

    @GetMapping("/admin/quarantine")
    ResponseEntity<String> list(@RequestParam(required = false) String feed,
            @RequestParam(defaultValue = "held") String status, @RequestParam(required = false) String message) {
        StringBuilder h = new StringBuilder(HEAD).append("<h1>Quarantine</h1>");
        if (StringUtils.hasText(message)) {
            h.append("<p role=\"status\"><strong>").append(esc(message)).append("</strong></p>");
        }
        h.append("<form method=\"get\"><label>Feed <input name=\"feed\" value=\"").append(esc(feed))
                .append("\"></label> <label>Status <select name=\"status\">");
        for (String s : new String[] {"held", "replayed", "discarded", "all"}) {
            h.append("<option").append(s.equals(status) ? " selected" : "").append('>').append(s).append("</option>");
        }
        h.append("</select></label> <button>Show</button></form>");
        var items = quarantine.list(StringUtils.hasText(feed) ? feed : null, status.equals("all") ? null : status, 200);
        if (items.isEmpty()) {
            h.append("<p>Nothing here.</p>");
        } else {
            h.append("<table><thead><tr><th>Received</th><th>Feed</th><th>Reason</th><th>Size</th><th>Status</th></tr>")
                    .append("</thead><tbody>");
            for (QuarantineAdmin.Item i : items) {
                h.append("<tr><td><a href=\"/admin/quarantine/").append(i.id()).append("\">")
                        .append(WHEN.format(i.receivedAt())).append("</a></td><td>").append(esc(i.feedId()))
                        .append("</td><td>").append(esc(i.reason())).append("</td><td>").append(i.bytes())
                        .append(i.truncated() ? " (cut)" : "").append("</td><td>").append(esc(i.status()))
                        .append("</td></tr>");
            }
            h.append("</tbody></table>");
        }
        return html(h);
    }

    @GetMapping("/admin/quarantine/{id}")
    ResponseEntity<String> item(@PathVariable UUID id, jakarta.servlet.http.HttpServletRequest request) {
        QuarantineAdmin.Item i = quarantine.get(id).orElse(null);
        if (i == null) {
            return ResponseEntity.status(404).contentType(MediaType.TEXT_HTML)
                    .body(HEAD + "<h1>Not found</h1><p><a href=\"/admin/quarantine\">Quarantine</a></p></body></html>");
        }
        String payload = new String(i.payload(), StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(HEAD).append("<p><a href=\"/admin/quarantine\">Quarantine</a></p>")
                .append("<h1>").append(esc(i.feedId() == null ? "Unknown sender" : i.feedId())).append(", ")
                .append(WHEN.format(i.receivedAt())).append("</h1><p><strong>").append(esc(i.reason())).append("</strong></p>")
                .append("<p>").append(esc(i.contentType())).append(", ").append(i.bytes()).append(" bytes")
                .append(i.truncated() ? " (only the first bytes were kept)" : "").append(", ").append(esc(i.status()));
        if (i.decidedBy() != null) {
            h.append(" by ").append(esc(i.decidedBy())).append(" at ").append(WHEN.format(i.decidedAt())).append(": ")
                    .append(esc(i.decisionNote()));
        }
        h.append("</p>");
        if ("held".equals(i.status())) {
            h.append("<form method=\"post\" action=\"/admin/quarantine/").append(id).append("/replay\">")
                    .append("<h2>Replay through its feed</h2><label>Content (fix it here if needed)<textarea name=\"payload\"")
                    .append(" rows=\"16\">").append(esc(payload)).append("</textarea></label>")
                    .append(Csrf.field(request)).append("<label>Note <input name=\"note\"></label>")
                    .append(" <button>Replay</button></form>")
                    .append("<form method=\"post\" action=\"/admin/quarantine/").append(id).append("/discard\">")
                    .append("<h2>Discard</h2>").append(Csrf.field(request))
                    .append("<label>Reason <input name=\"reason\" required></label> <button>Discard</button></form>");
        } else {
            h.append("<pre>").append(esc(payload)).append("</pre>");
        }
        return html(h);
    }

    @PostMapping("/admin/quarantine/{id}/replay")
    ResponseEntity<?> replay(@PathVariable UUID id, @RequestParam(required = false) String note,
            @RequestParam(required = false) String payload) {
        String message;
        try {
            QuarantineAdmin.Item original = quarantine.get(id).orElseThrow(
                    () -> new IllegalArgumentException("No quarantined payload " + id));
            // a browser sends line ends as CR LF; HL7 segments end with CR
            String content = payload == null ? null : "application/hl7-v2".equals(original.contentType())
                    ? payload.replace("\r\n", "\r").replace('\n', '\r') : payload;
            byte[] fixed = content == null || content.equals(new String(original.payload(), StandardCharsets.UTF_8))
                    ? null : content.getBytes(StandardCharsets.UTF_8);
            QuarantineAdmin.Replay r = quarantine.replay(id, fixed, SignedIn.label(), note);
            // the feed's answer can quote what was sent: shown on this page, never put in a URL
            return html(new StringBuilder(HEAD).append("<h1>").append(r.stored() ? "Replayed and stored" : "Not stored")
                    .append("</h1><p><a href=\"/admin/quarantine/").append(id).append("\">Back to the item</a></p>")
                    .append("<h2>The answer the feed would have had</h2><pre>").append(esc(r.answer())).append("</pre>"));
        } catch (RuntimeException e) {
            message = e instanceof IllegalArgumentException || e instanceof IllegalStateException ? e.getMessage()
                    : "The replay failed (" + e.getClass().getSimpleName() + "); the item is unchanged";
        }
        return back(message);
    }

    @PostMapping("/admin/quarantine/{id}/discard")
    ResponseEntity<Void> discard(@PathVariable UUID id, @RequestParam(required = false) String reason) {
        String message;
        try {
            quarantine.discard(id, SignedIn.label(), reason);
            message = "Discarded.";
        } catch (RuntimeException e) {
            message = e instanceof IllegalArgumentException || e instanceof IllegalStateException ? e.getMessage()
                    : "The discard failed (" + e.getClass().getSimpleName() + "); the item is unchanged";
        }
        return back(message);
    }

    private static ResponseEntity<Void> back(String message) {
        return ResponseEntity.status(303).header("Location", "/admin/quarantine?message="
                + URLEncoder.encode(message, StandardCharsets.UTF_8)).build();
    }

    private static ResponseEntity<String> html(StringBuilder h) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(h.append("</body></html>").toString());
    }

    private static String esc(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text);
    }
}
