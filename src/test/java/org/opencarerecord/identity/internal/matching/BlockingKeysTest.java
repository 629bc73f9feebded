package org.opencarerecord.identity.internal.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockingKeysTest {

    private static final Demographics TRUE = new Demographics(null, "Smith", List.of("William", "Henry"),
            LocalDate.parse("1948-03-02"), "male", "L3 4AA", "12 Mill Lane");

    private static Demographics with(String family, String given, String dob, String sex, String postcode) {
        return new Demographics(null, family, List.of(given), LocalDate.parse(dob), sex, postcode, "1 Other Road");
    }

    private static boolean shares(Demographics incoming) {
        Set<String> keys = new HashSet<>(BlockingKeys.probe(incoming));
        keys.retainAll(BlockingKeys.index(TRUE));
        return !keys.isEmpty();
    }

    @Test
    void eachToleratedVariationSharesAKey() {
        assertThat(shares(TRUE)).isTrue();
        assertThat(shares(with("Smith", "Bill", "1948-03-02", "male", "L3 4AA"))).as("nickname").isTrue();
        assertThat(shares(with("Smith", "William", "1948-02-03", "male", "M1 1AA"))).as("day/month swapped, moved").isTrue();
        assertThat(shares(with("Smith", "William", "1948-03-09", "male", "M1 1AA"))).as("day slip, moved").isTrue();
        assertThat(shares(with("Smith", "William", "1948-08-02", "male", "M1 1AA"))).as("month slip, moved").isTrue();
        assertThat(shares(with("Smith", "William", "1958-03-02", "male", "M1 1AA"))).as("year slip, moved").isTrue();
        assertThat(shares(with("Smtih", "William", "1948-03-02", "male", "M1 1AA"))).as("surname typo").isTrue();
        assertThat(shares(with("Smyth", "Bill", "1948-03-02", "male", "M1 1AA"))).as("surname variant, nickname").isTrue();
        assertThat(shares(with("Jones", "William", "1948-03-02", "male", "M1 1AA"))).as("surname changed").isTrue();
        assertThat(shares(with("Jones", "William", "1948-03-09", "male", "L3 4AA"))).as("surname changed, dob slip").isTrue();
        assertThat(shares(with("Lloyd-Smith", "William", "1948-03-02", "male", "M1 1AA"))).as("double-barrelled").isTrue();
        assertThat(shares(new Demographics(null, "Smith", List.of("William"), LocalDate.parse("1948-03-02"), null, null, null)))
                .as("sex and address missing").isTrue();
        assertThat(shares(with("Smith", "Wiliam", "1948-03-09", "male", "L3 4AA"))).as("given typo, dob slip").isTrue();
    }

    @Test
    void unrelatedRecordSharesNoKey() {
        assertThat(shares(with("Patel", "Anita", "1985-02-11", "female", "LE4 6GH"))).isFalse();
    }

    @Test
    void nhsNumberIsAKey() {
        Demographics d = new Demographics("9434765919", "Smith", List.of("John"), null, null, null, null);
        assertThat(BlockingKeys.index(d)).contains("n:9434765919");
    }
}
