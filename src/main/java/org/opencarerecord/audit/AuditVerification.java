package org.opencarerecord.audit;

import java.util.List;

/**
 * The outcome of walking the chain.
 *
 * @param intact         the chain verifies
 * @param entriesChecked how many entries were read
 * @param problems       each in plain words naming the entry's seq, e.g. "entry 17 was changed after it was
 *                       written", "entry 18 is missing (deleted)", "entry 19 does not follow entry 18 (inserted
 *                       or reordered)", "the chain's head says 40 entries but the last is 39 (entries at the end
 *                       were deleted)"; never personal data
 */
public record AuditVerification(boolean intact, long entriesChecked, List<String> problems) {
}
