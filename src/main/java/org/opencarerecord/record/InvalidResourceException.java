package org.opencarerecord.record;

import java.util.UUID;

/**
 * A resource the store cannot accept as sent. {@code element} names the offending part
 * (FHIRPath-style, relative to the resource); {@code resourceId} says which resource of a write.
 */
public class InvalidResourceException extends RuntimeException {

    private final String element;
    private final UUID resourceId;

    public InvalidResourceException(String element, String message) {
        this(null, element, message);
    }

    public InvalidResourceException(UUID resourceId, String element, String message) {
        super(message);
        this.element = element;
        this.resourceId = resourceId;
    }

    public String element() {
        return element;
    }

    public UUID resourceId() {
        return resourceId;
    }
}
