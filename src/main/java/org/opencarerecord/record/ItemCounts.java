package org.opencarerecord.record;

/** How many of a person's current items a reader sees, and how many are withheld from them. */
public record ItemCounts(long visible, long withheld) {
}
