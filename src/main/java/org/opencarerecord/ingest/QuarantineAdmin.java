package org.opencarerecord.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What could not be used, for an operator: list and filter it, look at one, replay it (as it was
 * sent, or fixed) through the feed it came from, or discard it with a reason. Nothing is deleted.
 */
public interface QuarantineAdmin {

    /** One quarantined payload; {@code payload} only when asked for one item. */
    record Item(UUID id, String feedId, Instant receivedAt, String reason, String contentType, int bytes,
            boolean truncated, String status, String decidedBy, Instant decidedAt, String decisionNote, byte[] payload) {
    }

    /** What a replay did: whether it was stored, and the answer the feed would have had. */
    record Replay(boolean stored, String answer) {
    }

    List<Item> list(String feedId, String status, int limit);

    Optional<Item> get(UUID id);

    /** Sends the payload (or {@code fixed}, when given) again as its feed; on success the item is marked replayed. */
    Replay replay(UUID id, byte[] fixed, String by, String note);

    void discard(UUID id, String by, String reason);
}
