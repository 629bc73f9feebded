package org.opencarerecord.api.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.opencarerecord.access.SignedIn;
import org.opencarerecord.ingest.QuarantineAdmin;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The quarantine for operators: {@code GET /admin/quarantine-items?feed=&status=} lists (no payloads),
 * {@code GET /admin/quarantine-items/{id}} shows one with what was sent, {@code POST .../replay}
 * sends it again through its feed (as it was, or with {@code payload} fixed), {@code POST .../discard}
 * sets it aside with a reason. Who decided is required and kept.
 */
@RestController
class QuarantineController {

    record ItemView(UUID id, String feedId, Instant receivedAt, String reason, String contentType, int bytes,
            boolean truncated, String status, String decidedBy, Instant decidedAt, String decisionNote, String payload) {

        static ItemView of(QuarantineAdmin.Item i) {
            return new ItemView(i.id(), i.feedId(), i.receivedAt(), i.reason(), i.contentType(), i.bytes(), i.truncated(),
                    i.status(), i.decidedBy(), i.decidedAt(), i.decisionNote(),
                    i.payload() == null ? null : new String(i.payload(), StandardCharsets.UTF_8));
        }
    }

    record ReplayRequest(String by, String note, String payload) {
    }

    record DiscardRequest(String by, String reason) {
    }

    record ReplayView(boolean stored, String answer, ItemView item) {
    }

    private final QuarantineAdmin quarantine;

    QuarantineController(QuarantineAdmin quarantine) {
        this.quarantine = quarantine;
    }

    @GetMapping("/admin/quarantine-items")
    List<ItemView> list(@RequestParam(required = false) String feed, @RequestParam(defaultValue = "held") String status,
            @RequestParam(defaultValue = "100") int limit) {
        if (!Set.of("held", "replayed", "discarded", "all").contains(status)) {
            throw new IllegalArgumentException("status must be held, replayed, discarded or all");
        }
        return quarantine.list(StringUtils.hasText(feed) ? feed : null, status.equals("all") ? null : status,
                Math.max(1, Math.min(limit, 1000))).stream().map(ItemView::of).toList();
    }

    @GetMapping("/admin/quarantine-items/{id}")
    ItemView item(@PathVariable UUID id) {
        return quarantine.get(id).map(ItemView::of)
                .orElseThrow(() -> new IllegalArgumentException("No quarantined payload " + id));
    }

    @PostMapping("/admin/quarantine-items/{id}/replay")
    ReplayView replay(@PathVariable UUID id, @RequestBody ReplayRequest request) {
        QuarantineAdmin.Replay r = quarantine.replay(id, request.payload() == null ? null
                : request.payload().getBytes(StandardCharsets.UTF_8), operator(request.by()), request.note());
        return new ReplayView(r.stored(), r.answer(), item(id));
    }

    @PostMapping("/admin/quarantine-items/{id}/discard")
    ItemView discard(@PathVariable UUID id, @RequestBody DiscardRequest request) {
        quarantine.discard(id, operator(request.by()), request.reason());
        return item(id);
    }

    /** The signed-in operator decides; a name in the request is not taken for theirs. */
    private static String operator(String by) {
        return SignedIn.label();
    }
}
