package org.opencarerecord.identity.internal.matching;

/** What to do with an incoming record. */
public enum MatchOutcome {
    /** Join the best candidate's person automatically. */
    LINK,
    /** Create a person, but queue the best candidate for a person to review. */
    POSSIBLE_MATCH,
    /** No plausible candidate: create a person. */
    NEW_PERSON
}
