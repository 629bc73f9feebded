package org.opencarerecord.record;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A search within one person's record. Codes and categories match either {@code system|code} or
 * a bare {@code code}; any of the listed values matches. Dates bound the item's effective time.
 */
public record ItemQuery(UUID personId, String resourceType, List<String> codes, List<String> categories,
        Instant effectiveFrom, Instant effectiveBefore, int limit) {
}
