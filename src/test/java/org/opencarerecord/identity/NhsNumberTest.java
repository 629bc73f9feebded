package org.opencarerecord.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NhsNumberTest {

    @Test
    void acceptsNumbersWithARightCheckDigitHoweverTheyAreTyped() {
        assertThat(NhsNumber.parse("9434765919")).map(NhsNumber::value).contains("9434765919");
        assertThat(NhsNumber.parse("943 476 5919")).map(NhsNumber::value).contains("9434765919");
        assertThat(NhsNumber.parse("943-476-5919")).map(NhsNumber::value).contains("9434765919");
        assertThat(NhsNumber.parse("9990000018")).isPresent();
    }

    @Test
    void rejectsAWrongCheckDigitATransposedPairAndNonDigits() {
        assertThat(NhsNumber.parse("9434765918")).isEmpty();
        assertThat(NhsNumber.parse("9434765991")).isEmpty();
        assertThat(NhsNumber.parse("4934765919")).isEmpty();
        assertThat(NhsNumber.parse("94347659")).isEmpty();
        assertThat(NhsNumber.parse("943476591X")).isEmpty();
        assertThat(NhsNumber.parse(null)).isEmpty();
        assertThatThrownBy(() -> new NhsNumber("1234567890")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStemWhoseCheckDigitWouldBeTenHasNoValidNumber() {
        // 100000001: weights 10..2 sum to 12, remainder 1, so 11 - 1 = 10: no valid check digit
        assertThat(NhsNumber.checkDigit("100000001")).isNull();
        for (int d = 0; d <= 9; d++) {
            assertThat(NhsNumber.isValid("100000001" + d)).isFalse();
        }
    }

    @Test
    void formatsThreeThreeFour() {
        assertThat(new NhsNumber("9434765919").formatted()).isEqualTo("943 476 5919");
    }
}
