package org.opencarerecord.identity.internal.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MiddleNameTest {

    private final MatchScorer scorer = new MatchScorer(MatchWeights.defaults());
    private final MatchDecider decider = new MatchDecider(scorer, MatchThresholds.defaults());

    private static Demographics person(String family, List<String> given, String dob, String postcode, String address) {
        return new Demographics(null, family, given, LocalDate.parse(dob), "male", postcode, address);
    }

    private static Evidence middle(MatchScore s) {
        return s.evidence().stream().filter(e -> e.field().equals("middle")).findFirst().orElseThrow();
    }

    private MatchDecision decide(Demographics incoming, Demographics stored) {
        return decider.decide(incoming, List.of(new Candidate(UUID.randomUUID(), UUID.randomUUID(), stored)));
    }

    @Test
    void sameMiddleNameAgrees() {
        MatchScore s = scorer.score(person("Coleman", List.of("Michael", "James"), "1977-05-18", "ST6 3JH", "1 A Road"),
                person("Coleman", List.of("Michael", "James"), "1977-05-18", "CA6 6LQ", "2 B Road"));
        assertThat(middle(s).comparison()).isEqualTo("agree");
        assertThat(middle(s).weight()).isCloseTo(MatchWeights.log2(0.96 / 0.03), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void nicknameAndInitialAgree() {
        assertThat(middle(scorer.score(person("Smith", List.of("John", "Bill"), "1960-01-01", null, null),
                person("Smith", List.of("John", "William"), "1960-01-01", null, null))).comparison()).isEqualTo("agree");
        assertThat(middle(scorer.score(person("Smith", List.of("John", "W"), "1960-01-01", null, null),
                person("Smith", List.of("John", "William"), "1960-01-01", null, null))).comparison()).isEqualTo("agree");
        // any of several middle names
        assertThat(middle(scorer.score(person("Smith", List.of("John", "Peter", "William"), "1960-01-01", null, null),
                person("Smith", List.of("John", "William"), "1960-01-01", null, null))).comparison()).isEqualTo("agree");
    }

    @Test
    void differentMiddleNamesDisagree() {
        MatchScore s = scorer.score(person("Smith", List.of("John", "Peter"), "1960-01-01", null, null),
                person("Smith", List.of("John", "Andrew"), "1960-01-01", null, null));
        assertThat(middle(s).comparison()).isEqualTo("disagree");
        assertThat(middle(s).weight()).isLessThan(-4);
    }

    @Test
    void missingWhenEitherHasNoneOrTheNamesAreShifted() {
        assertThat(middle(scorer.score(person("Smith", List.of("John"), "1960-01-01", null, null),
                person("Smith", List.of("John", "Andrew"), "1960-01-01", null, null))).comparison()).isEqualTo("missing");
        assertThat(middle(scorer.score(person("Smith", List.of("John"), "1960-01-01", null, null),
                person("Smith", List.of("John"), "1960-01-01", null, null))).weight()).isZero();
        // first name of one is the middle name of the other: already other-position, not compared again
        MatchScore shifted = scorer.score(person("Smith", List.of("Andrew", "John"), "1960-01-01", null, null),
                person("Smith", List.of("John", "Andrew"), "1960-01-01", null, null));
        assertThat(shifted.evidence().stream().filter(e -> e.field().equals("given")).findFirst().orElseThrow().comparison())
                .isEqualTo("other-position");
        assertThat(middle(shifted).comparison()).isEqualTo("missing");
    }

    @Test
    void aMoverWithACommonNameLinksWhenTheMiddleNameAgrees() {
        Demographics before = person("Coleman", List.of("Michael", "Geoffrey"), "1977-05-18", "ST6 3JH", "181 Priory Terrace");
        Demographics after = person("Coleman", List.of("Michael", "Geoffrey"), "1977-05-18", "CA6 6LQ", "48 Chestnut Ave");
        assertThat(decide(after, before).outcome()).isEqualTo(MatchOutcome.LINK);
        Demographics noMiddle = person("Coleman", List.of("Michael"), "1977-05-18", "CA6 6LQ", "48 Chestnut Ave");
        assertThat(decide(noMiddle, before).outcome()).isEqualTo(MatchOutcome.POSSIBLE_MATCH);
    }

    @Test
    void namesakesWithDifferentMiddleNamesAreKeptApart() {
        Demographics a = person("Coleman", List.of("Michael", "Geoffrey"), "1977-05-18", "ST6 3JH", "181 Priory Terrace");
        Demographics b = person("Coleman", List.of("Michael", "Anthony"), "1977-05-18", "CA6 6LQ", "48 Chestnut Ave");
        MatchDecision decision = decide(b, a);
        assertThat(decision.outcome()).isNotEqualTo(MatchOutcome.LINK);
        assertThat(decision.score()).isLessThan(scorer.score(b, person("Coleman", List.of("Michael"), "1977-05-18", "ST6 3JH",
                "181 Priory Terrace")).score());
    }
}
