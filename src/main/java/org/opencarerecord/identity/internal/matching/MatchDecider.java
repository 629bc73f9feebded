package org.opencarerecord.identity.internal.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Decides what to do with an incoming record given the candidates that blocking found. Conservative:
 * an automatic link needs a clear, unambiguous, explainable winner.
 */
public final class MatchDecider {

    private final MatchScorer scorer;
    private final MatchThresholds thresholds;

    public MatchDecider(MatchScorer scorer, MatchThresholds thresholds) {
        this.scorer = scorer;
        this.thresholds = thresholds;
    }

    public MatchThresholds thresholds() {
        return thresholds;
    }

    /**
     * Scores every candidate and takes each person's best record. LINK only when the chosen person's
     * score is at least the link threshold, the pair is not a twin risk, no verified NHS numbers disagree,
     * family name, given name and birth date each agree at some level (or the NHS numbers agree), and no
     * other person also scores at least the link threshold (other than people ruled out as twins or by a
     * different NHS number); POSSIBLE_MATCH when the best score is at least the review threshold; else NEW_PERSON.
     */
    public MatchDecision decide(Demographics incoming, List<Candidate> candidates) {
        List<PreparedCandidate> prepared = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            prepared.add(PreparedCandidate.of(c));
        }
        return decidePrepared(PreparedDemographics.of(incoming), prepared);
    }

    /** As {@link #decide}, for demographics prepared once (e.g. cached beside the index). */
    public MatchDecision decidePrepared(PreparedDemographics incoming, List<PreparedCandidate> candidates) {
        if (candidates.isEmpty()) {
            return new MatchDecision(MatchOutcome.NEW_PERSON, null, 0, List.of(), "no candidate shares a blocking key", null);
        }
        Map<UUID, Integer> bestIndex = new HashMap<>();
        List<PreparedCandidate> bestCandidate = new ArrayList<>();
        List<MatchScorer.Comparison> bestComparison = new ArrayList<>();
        for (PreparedCandidate c : candidates) {
            MatchScorer.Comparison cmp = scorer.compare(incoming, c.demographics());
            Integer i = bestIndex.get(c.personId());
            if (i == null) {
                bestIndex.put(c.personId(), bestCandidate.size());
                bestCandidate.add(c);
                bestComparison.add(cmp);
            } else if (better(cmp, bestComparison.get(i))) {
                bestCandidate.set(i, c);
                bestComparison.set(i, cmp);
            }
        }
        double link = thresholds.link();
        int best = -1;
        int bestEligible = -1;
        int aboveLink = 0;
        for (int i = 0; i < bestComparison.size(); i++) {
            MatchScorer.Comparison cmp = bestComparison.get(i);
            if (best < 0 || cmp.score > bestComparison.get(best).score) {
                best = i;
            }
            boolean ruledOut = cmp.twinRisk || cmp.nhsDisagree();
            if (cmp.score >= link && !ruledOut) {
                aboveLink++;
                if (eligible(cmp) && (bestEligible < 0 || cmp.score > bestComparison.get(bestEligible).score)) {
                    bestEligible = i;
                }
            }
        }
        if (bestEligible >= 0 && aboveLink == 1) {
            MatchScorer.Comparison cmp = bestComparison.get(bestEligible);
            PreparedCandidate c = bestCandidate.get(bestEligible);
            return decision(MatchOutcome.LINK, c, cmp, incoming,
                    String.format(Locale.ROOT, "score %.1f >= link threshold %.1f", cmp.score, link));
        }
        int shown = bestEligible >= 0 ? bestEligible : best;
        MatchScorer.Comparison cmp = bestComparison.get(shown);
        PreparedCandidate c = bestCandidate.get(shown);
        if (cmp.score < thresholds.review()) {
            return decision(MatchOutcome.NEW_PERSON, c, cmp, incoming,
                    String.format(Locale.ROOT, "best score %.1f < review threshold %.1f", cmp.score, thresholds.review()));
        }
        String reason;
        if (aboveLink > 1) {
            reason = String.format(Locale.ROOT, "ambiguous: %d people score >= link threshold %.1f", aboveLink, link);
        } else if (cmp.score >= link && cmp.twinRisk) {
            reason = "twins: same surname, birth date and address, different given names";
        } else if (cmp.score >= link && cmp.nhsDisagree()) {
            reason = "verified NHS numbers disagree";
        } else if (cmp.score >= link && cmp.missingAnchor() != null) {
            reason = cmp.missingAnchor() + ": a link needs family name, given name and birth date to agree, or NHS numbers to";
        } else {
            reason = String.format(Locale.ROOT, "score %.1f >= review threshold %.1f, < link threshold %.1f", cmp.score,
                    thresholds.review(), link);
        }
        return decision(MatchOutcome.POSSIBLE_MATCH, c, cmp, incoming, reason);
    }

    private static boolean eligible(MatchScorer.Comparison cmp) {
        return !cmp.twinRisk && !cmp.nhsDisagree() && (cmp.nhsAgree() || cmp.missingAnchor() == null);
    }

    /** A person's representative record: an eligible one before an ineligible one, then the higher score. */
    private static boolean better(MatchScorer.Comparison a, MatchScorer.Comparison b) {
        boolean ea = eligible(a);
        boolean eb = eligible(b);
        if (ea != eb) {
            return ea;
        }
        return a.score > b.score;
    }

    private MatchDecision decision(MatchOutcome outcome, PreparedCandidate c, MatchScorer.Comparison cmp,
            PreparedDemographics incoming, String reason) {
        MatchScore s = scorer.evidence(cmp, incoming, c.demographics());
        return new MatchDecision(outcome, c.personId(), cmp.score, s.evidence(), reason, c.sourceRecordId());
    }
}
