package org.opencarerecord.identity.internal.matching;

/**
 * Score thresholds: {@code link} and above links automatically (subject to the decider's safety rules),
 * {@code review} and above is a possible match for a person to review, below is a new person.
 */
public record MatchThresholds(double link, double review) {

    public MatchThresholds {
        if (review > link) {
            throw new IllegalArgumentException("review threshold above link threshold");
        }
    }

    /** Link at 30 bits (odds about 10^9 : 1 before the prior), review from 17. See docs/matching.md. */
    public static MatchThresholds defaults() {
        return new MatchThresholds(30.0, 17.0);
    }
}
