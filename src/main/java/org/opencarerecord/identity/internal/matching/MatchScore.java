package org.opencarerecord.identity.internal.matching;

import java.util.List;

/**
 * @param score sum of the evidence weights
 * @param evidence one entry per field, in a fixed order (see {@link Evidence#field()})
 * @param twinRisk same family name, birth date and postcode or address, but given names that are not the same
 *        name (neither equal, nor a listed variant, nor the same sound, nor a likely typo)
 */
public record MatchScore(double score, List<Evidence> evidence, boolean twinRisk) {

    public MatchScore {
        evidence = List.copyOf(evidence);
    }
}
