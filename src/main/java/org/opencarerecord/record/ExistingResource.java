package org.opencarerecord.record;

import java.util.UUID;

/** What the store already holds under a source's key. {@code personId} is null for shared resources. */
public record ExistingResource(String resourceType, UUID id, UUID personId, int version, boolean retired) {
}
