package org.opencarerecord.identity.internal.matching;

/**
 * One field's contribution to a match score, shown to reviewers.
 *
 * @param field "nhsNumber", "family", "given", "middle", "birthDate", "sex", "postcode", "address" or "household"
 *        (the correction capping family name, postcode and address together, see docs/matching.md)
 * @param comparison the agreement level, e.g. "exact", "phonetic", "day-month-swapped", "disagree", "missing",
 *        "capped"
 * @param weight log2 likelihood ratio added to the score
 * @param detail the compared values, e.g. "SMYTH ~ SMITH"
 */
public record Evidence(String field, String comparison, double weight, String detail) {
}
