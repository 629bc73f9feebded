package org.opencarerecord.record;

/** How a source names one of its resources: its type and the source's own id. */
public record SourceKey(String resourceType, String sourceId) {
}
