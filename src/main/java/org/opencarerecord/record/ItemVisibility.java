package org.opencarerecord.record;

import java.util.Set;

/**
 * Which of a person's items a reader may see, applied in the store's queries so that nothing hidden
 * leaves the database: the visible pairs of resource type and source organisation code
 * ({@code "Condition|XG1001"}), or every item ({@link #ALL}).
 */
public record ItemVisibility(Set<String> visiblePairs) {

    public static final ItemVisibility ALL = new ItemVisibility(null);

    public boolean all() {
        return visiblePairs == null;
    }

    public boolean allows(String resourceType, String organisationCode) {
        return visiblePairs == null || visiblePairs.contains(resourceType + "|" + organisationCode);
    }
}
