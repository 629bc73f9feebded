package org.opencarerecord.sources;

/**
 * One way an organisation sends data in. {@code rejectOutOfScope} makes a bundle that carries a
 * resource type outside the record's scope fail instead of skipping that entry with a warning.
 */
public record Feed(String id, String organisationCode, String name, String kind, boolean rejectOutOfScope) {
}
