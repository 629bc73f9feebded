package org.opencarerecord.identity.internal.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MatchDeciderTest {

    private final MatchScorer scorer = new MatchScorer(MatchWeights.defaults());
    private final MatchDecider decider = new MatchDecider(scorer, MatchThresholds.defaults());

    private static Demographics person(String family, String given, String dob, String sex, String postcode, String address) {
        return new Demographics(null, family, List.of(given), LocalDate.parse(dob), sex, postcode, address);
    }

    private static Candidate candidate(UUID personId, Demographics d) {
        return new Candidate(personId, UUID.randomUUID(), d);
    }

    private MatchDecision decide(Demographics incoming, Demographics... stored) {
        return decider.decide(incoming, java.util.Arrays.stream(stored).map(d -> candidate(UUID.randomUUID(), d)).toList());
    }

    private static Evidence evidence(MatchDecision d, String field) {
        return d.evidence().stream().filter(e -> e.field().equals(field)).findFirst().orElseThrow();
    }

    @Test
    void exactMatchLinks() {
        Demographics d = person("Whitfield", "Eleanor", "1948-03-02", "female", "L3 4AA", "12 Mill Lane");
        MatchDecision decision = decide(d, d);
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINK);
        assertThat(evidence(decision, "family").comparison()).isEqualTo("exact");
        assertThat(decision.reason()).contains(">= link threshold");
    }

    @Test
    void nicknameBillWilliamLinks() {
        MatchDecision decision = decide(person("Smith", "Bill", "1951-06-14", "male", "L3 4AA", "4 Park Road"),
                person("Smith", "William", "1951-06-14", "male", "l34aa", "4 Park Rd"));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINK);
        assertThat(evidence(decision, "given").comparison()).isEqualTo("nickname");
        assertThat(evidence(decision, "address").comparison()).isEqualTo("exact");
    }

    @Test
    void nicknamePeggyMargaretLinks() {
        MatchDecision decision = decide(person("Jones", "Peggy", "1939-11-02", "female", "CH41 5AB", "9 Oak Street"),
                person("Jones", "Margaret", "1939-11-02", "female", "CH41 5AB", "9 Oak Street"));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINK);
        assertThat(evidence(decision, "given").comparison()).isEqualTo("nickname");
    }

    @Test
    void swappedDayAndMonthIsNeverANewPerson() {
        MatchDecision decision = decide(person("Brown", "Sarah", "1980-03-04", "female", "M14 2XY", "7 Elm Grove"),
                person("Brown", "Sarah", "1980-04-03", "female", "M14 2XY", "7 Elm Grove"));
        assertThat(decision.outcome()).isIn(MatchOutcome.LINK, MatchOutcome.POSSIBLE_MATCH);
        assertThat(evidence(decision, "birthDate").comparison()).isEqualTo("day-month-swapped");
    }

    @Test
    void singleDigitSlipInBirthDate() {
        MatchDecision decision = decide(person("Okafor", "Chidi", "1975-08-17", "male", "B12 8DQ", "37 Cedar Way"),
                person("Okafor", "Chidi", "1975-08-19", "male", "B12 8DQ", "37 Cedar Way"));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINK);
        assertThat(evidence(decision, "birthDate").comparison()).isEqualTo("one-digit");
    }

    @Test
    void typoInSurname() {
        MatchDecision decision = decide(person("Smtih", "Deborah", "1962-01-30", "female", "LS6 3QT", "21 Grange View"),
                person("Smith", "Deborah", "1962-01-30", "female", "LS6 3QT", "21 Grange View"));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINK);
        assertThat(evidence(decision, "family").comparison()).isEqualTo("edit-one");
    }

    @Test
    void doubleBarrelledSurname() {
        MatchDecision decision = decide(person("Jones", "Gareth", "1970-05-05", "male", "LL57 2EF", "3 Bangor Road"),
                person("Lloyd-Jones", "Gareth", "1970-05-05", "male", "LL57 2EF", "3 Bangor Road"));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINK);
        assertThat(evidence(decision, "family").comparison()).isEqualTo("part");
    }

    @Test
    void accentsAndApostrophes() {
        MatchDecision decision = decide(person("O'Neill", "Zoë", "1999-12-01", "female", "NE5 4AS", "2 Dock Terrace"),
                person("ONeill", "Zoe", "1999-12-01", "female", "NE5 4AS", "2 Dock Terrace"));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINK);
        assertThat(evidence(decision, "family").comparison()).isEqualTo("exact");
        assertThat(evidence(decision, "given").comparison()).isEqualTo("exact");
    }

    @Test
    void surnameChangeOnMarriageIsAPossibleMatchNotALink() {
        MatchDecision decision = decide(person("Patel", "Anita", "1985-02-11", "female", "LE4 6GH", "15 Belgrave Road"),
                person("Sharma", "Anita", "1985-02-11", "female", "LE4 6GH", "15 Belgrave Road"));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.POSSIBLE_MATCH);
        assertThat(evidence(decision, "family").comparison()).isEqualTo("disagree");
        assertThat(decision.reason()).contains("family name differs");
    }

    @Test
    void movedAddressWithAllElseTheSameLinks() {
        MatchDecision decision = decide(person("Featherstonehaugh", "Imogen", "1990-07-07", "female", "YO1 7HH", "5 Minster Yard"),
                person("Featherstonehaugh", "Imogen", "1990-07-07", "female", "PR1 2AB", "80 Fishergate"));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINK);
        assertThat(evidence(decision, "postcode").comparison()).isEqualTo("disagree");
    }

    @Test
    void twinsAreNeverLinked() {
        Demographics olivia = person("Taylor", "Olivia", "2012-09-09", "female", "WA1 1AA", "6 Station Road");
        Demographics amelia = person("Taylor", "Amelia", "2012-09-09", "female", "WA1 1AA", "6 Station Road");
        MatchScore score = scorer.score(olivia, amelia);
        assertThat(score.twinRisk()).isTrue();
        MatchDecision decision = decide(olivia, amelia);
        // clearly different first names: a different person, not a question for a reviewer
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.NEW_PERSON);
        assertThat(decision.reason()).startsWith("twins");
    }

    @Test
    void twinRiskWithUncertainGivenNamesGoesToReview() {
        // Mason / Jason: a one-letter difference between two known names could be a typo or a twin
        MatchDecision decision = decide(person("Taylor", "Mason", "2012-09-09", "male", "WA1 1AA", "6 Station Road"),
                person("Taylor", "Jason", "2012-09-09", "male", "WA1 1AA", "6 Station Road"));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.POSSIBLE_MATCH);
        assertThat(decision.reason()).startsWith("twins");
        // Maggie / Peggy: two nicknames of Margaret, possibly one name
        MatchDecision nicknames = decide(person("Taylor", "Maggie", "2012-09-09", "female", "WA1 1AA", "6 Station Road"),
                person("Taylor", "Peggy", "2012-09-09", "female", "WA1 1AA", "6 Station Road"));
        assertThat(nicknames.outcome()).isEqualTo(MatchOutcome.POSSIBLE_MATCH);
    }

    @Test
    void typoOfAKnownNameAtHomeLinks() {
        // Jck is no name: a typo of Jack, not a twin
        MatchDecision decision = decide(person("Cook", "Jck", "2015-10-18", "male", "CH6 0AN", "26 Kings Court"),
                person("Cook", "Jack", "2015-10-18", "male", "CH6 0AN", "26 Kings Court"));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINK);
        assertThat(evidence(decision, "given").comparison()).isEqualTo("edit-one");
    }

    @Test
    void householdMembersWithOtherNamesAndBirthDatesAreNewPeople() {
        // parent and child: surname and home agree, but that identifies the household, not the person
        MatchDecision decision = decide(person("Okonkwo", "Adaeze", "1975-04-02", "female", "M14 2XY", "7 Elm Grove"),
                person("Okonkwo", "Chinedu", "2004-11-20", "male", "M14 2XY", "7 Elm Grove"));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.NEW_PERSON);
        assertThat(evidence(decision, "household").comparison()).isEqualTo("capped");
        assertThat(evidence(decision, "household").weight()).isNegative();
    }

    @Test
    void twinLinksToHerselfNotHerSister() {
        UUID oliviaId = UUID.randomUUID();
        UUID ameliaId = UUID.randomUUID();
        Demographics olivia = person("Taylor", "Olivia", "2012-09-09", "female", "WA1 1AA", "6 Station Road");
        Demographics amelia = person("Taylor", "Amelia", "2012-09-09", "female", "WA1 1AA", "6 Station Road");
        MatchDecision decision = decider.decide(olivia, List.of(candidate(ameliaId, amelia), candidate(oliviaId, olivia)));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINK);
        assertThat(decision.personId()).isEqualTo(oliviaId);
    }

    @Test
    void commonNameSameBirthDateDifferentTownsIsNotLinked() {
        MatchDecision decision = decide(person("Smith", "John", "1960-01-01", "male", "L3 4AA", "1 High Street"),
                person("Smith", "John", "1960-01-01", "male", "NR2 1TD", "44 Unthank Road"));
        assertThat(decision.outcome()).isNotEqualTo(MatchOutcome.LINK);
        assertThat(evidence(decision, "family").detail()).contains("common");
    }

    @Test
    void disagreeingNhsNumbersAreNeverLinked() {
        Demographics a = new Demographics("9434765919", "Whitfield", List.of("Eleanor"), LocalDate.parse("1948-03-02"), "female",
                "L3 4AA", "12 Mill Lane");
        Demographics b = new Demographics("9434765870", "Whitfield", List.of("Eleanor"), LocalDate.parse("1948-03-02"), "female",
                "L3 4AA", "12 Mill Lane");
        MatchDecision decision = decide(a, b);
        assertThat(decision.outcome()).isNotEqualTo(MatchOutcome.LINK);
        assertThat(evidence(decision, "nhsNumber").comparison()).isEqualTo("disagree");
        assertThat(evidence(decision, "nhsNumber").weight()).isLessThan(-19);
    }

    @Test
    void twoPeopleAboveLinkIsAmbiguous() {
        // two stored people who would not link to each other (birth dates two digits apart), each one slip
        // away from the incoming record
        Demographics d = person("Whitfield", "Eleanor", "1948-03-02", "female", "L3 4AA", "12 Mill Lane");
        MatchDecision decision = decide(d, person("Whitfield", "Eleanor", "1948-03-12", "female", "L3 4AA", "12 Mill Lane"),
                person("Whitfield", "Eleanor", "1948-03-03", "female", "L3 4AA", "12 Mill Lane"));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.POSSIBLE_MATCH);
        assertThat(decision.reason()).startsWith("ambiguous: 2 people");
    }

    @Test
    void twoPersonsThatAreOneHumanAreNotAmbiguous() {
        // the same record stored as two persons (a duplicate awaiting merge): they would link to each other
        Demographics d = person("Whitfield", "Eleanor", "1948-03-02", "female", "L3 4AA", "12 Mill Lane");
        assertThat(decide(d, d, d).outcome()).isEqualTo(MatchOutcome.LINK);
        // two persons carrying the same verified NHS number are one human
        Demographics withNhs = new Demographics("9434765919", "Whitfield", List.of("Eleanor"), LocalDate.parse("1948-03-02"),
                "female", "L3 4AA", "12 Mill Lane");
        Demographics slip = new Demographics("9434765919", "Whitfield", List.of("Eleanor"), LocalDate.parse("1948-03-12"),
                "female", "L3 4AA", "12 Mill Lane");
        Demographics otherSlip = new Demographics("9434765919", "Whitfield", List.of("Eleanor"), LocalDate.parse("1948-03-03"),
                "female", "L3 4AA", "12 Mill Lane");
        assertThat(decide(withNhs, slip, otherSlip).outcome()).isEqualTo(MatchOutcome.LINK);
    }

    @Test
    void aPersonThatMayNotLinkAndScoresLowerIsNoCompetitor() {
        // the same woman split off earlier under her married name: above the link threshold but never linkable
        // (family name differs), and below the exact match
        UUID maidenId = UUID.randomUUID();
        Demographics d = person("Kettleborough", "Philippa", "1983-08-09", "female", "CH1 2HT", "44 Northgate Street");
        Demographics married = person("Ashworth", "Philippa", "1983-08-09", "female", "CH1 2HT", "44 Northgate Street");
        assertThat(scorer.score(d, married).score()).isGreaterThanOrEqualTo(30);
        MatchDecision decision = decider.decide(d, List.of(candidate(UUID.randomUUID(), married), candidate(maidenId, d)));
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINK);
        assertThat(decision.personId()).isEqualTo(maidenId);
    }

    @Test
    void missingFieldsContributeNothing() {
        Demographics full = person("Whitfield", "Eleanor", "1948-03-02", "female", "L3 4AA", "12 Mill Lane");
        Demographics sparse = new Demographics(null, "Whitfield", List.of("Eleanor"), LocalDate.parse("1948-03-02"), null, null,
                null);
        MatchDecision decision = decide(sparse, full);
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.LINK);
        assertThat(evidence(decision, "postcode").comparison()).isEqualTo("missing");
        assertThat(evidence(decision, "postcode").weight()).isZero();
        assertThat(evidence(decision, "sex").comparison()).isEqualTo("missing");
        Demographics noBirthDate = new Demographics(null, "Whitfield", List.of("Eleanor"), null, "female", "L3 4AA", "12 Mill Lane");
        MatchDecision withoutDob = decide(noBirthDate, full);
        assertThat(withoutDob.outcome()).isNotEqualTo(MatchOutcome.LINK);
        assertThat(evidence(withoutDob, "birthDate").comparison()).isEqualTo("missing");
    }

    @Test
    void noCandidatesIsANewPerson() {
        MatchDecision decision = decider.decide(person("Whitfield", "Eleanor", "1948-03-02", "female", "L3 4AA", "1 A Road"),
                List.of());
        assertThat(decision.outcome()).isEqualTo(MatchOutcome.NEW_PERSON);
        assertThat(decision.personId()).isNull();
    }
}
