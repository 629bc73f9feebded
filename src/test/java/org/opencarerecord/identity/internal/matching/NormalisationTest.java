package org.opencarerecord.identity.internal.matching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormalisationTest {

    @Test
    void names() {
        assertThat(NameNormaliser.normalise("O'Neill-Smith ")).isEqualTo("oneill smith");
        assertThat(NameNormaliser.normalise("Zoë")).isEqualTo("zoe");
        assertThat(NameNormaliser.normalise("  St.  John ")).isEqualTo("st john");
        assertThat(NameNormaliser.normalise(null)).isNull();
        assertThat(NameNormaliser.surnameParts("Lloyd-Jones")).containsExactly("lloyd", "jones", "lloydjones");
        assertThat(NameNormaliser.postcode("l3 4aa")).isEqualTo("L34AA");
        assertThat(NameNormaliser.postcode(null)).isNull();
        assertThat(NameNormaliser.addressLine("12 High St.")).isEqualTo("12 high street");
    }

    @Test
    void nicknames() {
        assertThat(Nicknames.forms("bill")).contains("bill", "william", "will", "billy");
        assertThat(Nicknames.forms("peggy")).contains("margaret");
        assertThat(Nicknames.related("jack", "john")).isTrue();
        assertThat(Nicknames.related("jack", "james")).isFalse();
        assertThat(Nicknames.related("alfie", "freddie")).isFalse();
        assertThat(Nicknames.related("kate", "katherine")).isTrue();
        assertThat(Nicknames.related("sandy", "alexandra")).isTrue();
    }

    @Test
    void phoneticAndSimilarity() {
        assertThat(Phonetic.code("smith")).isEqualTo(Phonetic.code("smyth"));
        assertThat(Phonetic.code("")).isEmpty();
        assertThat(Similarity.damerauLevenshtein("smith", "smtih", 1)).isEqualTo(1);
        assertThat(Similarity.damerauLevenshtein("smith", "jones", 2)).isEqualTo(3);
        assertThat(Similarity.jaroWinkler("martha", "marhta")).isBetween(0.96, 0.97);
        assertThat(Similarity.jaroWinkler("abc", "abc")).isEqualTo(1.0);
    }

    @Test
    void weightsComeFromMandU() {
        MatchWeights w = MatchWeights.defaults();
        assertThat(w.familyExact()).isGreaterThan(w.familyEditOne());
        assertThat(w.familyDisagree()).isNegative();
        assertThat(w.birthDateExact()).isGreaterThan(15);
        assertThat(w.nhsDisagree()).isLessThan(-19);
    }
}
