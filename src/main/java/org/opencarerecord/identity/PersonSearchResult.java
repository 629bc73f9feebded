package org.opencarerecord.identity;

import java.util.List;
import java.util.UUID;

/** People found, best first, each with why it matched; {@code message} says when the list was cut short. */
public record PersonSearchResult(List<Match> matches, boolean truncated, String message) {

    public record Match(UUID personId, double score, String why) {
    }
}
