package org.opencarerecord.record;

import java.util.Set;

/**
 * Which of a person's items a reader may see, applied in the store's queries so that nothing hidden
 * leaves the database: the visible pairs of resource type and source organisation code
 * ({@code "Condition|XG1001"}, null for every pair), and the codes ({@code system|code}) of sensitive
 * information the reader may not see; {@link #ALL} shows every item.
 */
public record ItemVisibility(Set<String> visiblePairs, Set<String> hiddenCodes) {

    public static final ItemVisibility ALL = new ItemVisibility(null, Set.of());

    public ItemVisibility(Set<String> visiblePairs) {
        this(visiblePairs, Set.of());
    }

    /** The same, with items carrying any of these codes ({@code system|code}) hidden too. */
    public ItemVisibility hiding(Set<String> codes) {
        return new ItemVisibility(visiblePairs, codes);
    }

    public boolean all() {
        return visiblePairs == null && hiddenCodes.isEmpty();
    }

    public boolean allows(String resourceType, String organisationCode, java.util.Collection<String> codes) {
        return (visiblePairs == null || visiblePairs.contains(resourceType + "|" + organisationCode))
                && (codes == null || codes.stream().noneMatch(hiddenCodes::contains));
    }
}
