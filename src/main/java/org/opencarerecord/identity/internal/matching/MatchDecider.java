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

    private static final String CONFLICT = new String("conflict");
    /**
     * When several people score at least the link threshold, the best links anyway when it scores at least this
     * much more than every other: the posterior odds between two candidates are 2^(score difference) (equal
     * priors), so 10 bits leaves about 1000 : 1 for the winner.
     */
    static final double DOMINANCE = 10.0;

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
     * other distinct person also scores at least the link threshold: people ruled out as twins or by a
     * different NHS number do not count, nor people that carry the same verified NHS number or would link to
     * each other (one human recorded twice), nor a person that may not link and scores lower, nor any when
     * the best scores {@link #DOMINANCE} bits more than every other. A twin risk with clearly different first
     * names is a different person (never linked nor reviewed). POSSIBLE_MATCH when the best remaining score
     * is at least the review threshold; else NEW_PERSON.
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
        // a verified NHS number each person's candidate records carry (CONFLICT when they carry several)
        List<String> personNhs = new ArrayList<>();
        for (PreparedCandidate c : candidates) {
            MatchScorer.Comparison cmp = scorer.compare(incoming, c.demographics());
            Integer i = bestIndex.get(c.personId());
            String nhs = c.demographics().nhs;
            if (i == null) {
                bestIndex.put(c.personId(), bestCandidate.size());
                bestCandidate.add(c);
                bestComparison.add(cmp);
                personNhs.add(nhs);
            } else {
                if (better(cmp, bestComparison.get(i))) {
                    bestCandidate.set(i, c);
                    bestComparison.set(i, cmp);
                }
                String known = personNhs.get(i);
                if (known == null) {
                    personNhs.set(i, nhs);
                } else if (nhs != null && !nhs.equals(known)) {
                    personNhs.set(i, CONFLICT);
                }
            }
        }
        double link = thresholds.link();
        int best = -1;
        int bestTwin = -1;
        int bestEligible = -1;
        List<Integer> above = new ArrayList<>();
        for (int i = 0; i < bestComparison.size(); i++) {
            MatchScorer.Comparison cmp = bestComparison.get(i);
            if (cmp.clearlyTwins()) {
                // a household member with a clearly different first name (twins): a different person, neither
                // linked nor offered for review
                if (bestTwin < 0 || cmp.score > bestComparison.get(bestTwin).score) {
                    bestTwin = i;
                }
                continue;
            }
            if (best < 0 || cmp.score > bestComparison.get(best).score) {
                best = i;
            }
            boolean ruledOut = cmp.twinRisk || cmp.nhsDisagree();
            if (cmp.score >= link && !ruledOut) {
                above.add(i);
                if (eligible(cmp) && (bestEligible < 0 || cmp.score > bestComparison.get(bestEligible).score)) {
                    bestEligible = i;
                }
            }
        }
        if (bestEligible >= 0 && above.size() > 1) {
            // a person that may not link (its family name, given name or birth date fails) and scores below the
            // best person that may link is no competing candidate: most often it is this same human under a
            // married name (split off by an earlier review), or a relative at the same address
            double top = bestComparison.get(bestEligible).score;
            above.removeIf(i -> !eligible(bestComparison.get(i)) && bestComparison.get(i).score < top);
        }
        int aboveLink = above.size() <= 1 ? above.size() : distinctPeople(above, bestCandidate, personNhs);
        double runnerUp = Double.NEGATIVE_INFINITY;
        if (aboveLink > 1 && bestEligible >= 0) {
            // one person dominating: its likelihood ratio at least 2^DOMINANCE times every other's
            for (int i : above) {
                if (i != bestEligible) {
                    runnerUp = Math.max(runnerUp, bestComparison.get(i).score);
                }
            }
            if (bestComparison.get(bestEligible).score - runnerUp >= DOMINANCE) {
                aboveLink = 1;
            }
        }
        if (bestEligible >= 0 && aboveLink == 1) {
            MatchScorer.Comparison cmp = bestComparison.get(bestEligible);
            PreparedCandidate c = bestCandidate.get(bestEligible);
            return decision(MatchOutcome.LINK, c, cmp, incoming,
                    String.format(Locale.ROOT, "score %.1f >= link threshold %.1f", cmp.score, link));
        }
        if (best < 0 || bestTwin >= 0 && bestComparison.get(best).score < thresholds.review()
                && bestComparison.get(bestTwin).score >= thresholds.review()) {
            MatchScorer.Comparison cmp = bestComparison.get(bestTwin);
            return decision(MatchOutcome.NEW_PERSON, bestCandidate.get(bestTwin), cmp, incoming,
                    "twins: same surname, birth date and address, clearly different given names: a different person");
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
            reason = "twins: same surname, birth date and address, given names possibly different";
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

    /**
     * How many different people the stored persons above the link threshold are: two persons whose records
     * carry the same verified NHS number, or whose best records would themselves link (score at least the
     * link threshold, anchors agreeing, no twin risk, no NHS conflict), are one human recorded twice (a
     * duplicate awaiting a merge), not an ambiguity between two humans.
     */
    private int distinctPeople(List<Integer> above, List<PreparedCandidate> candidates, List<String> personNhs) {
        int n = above.size();
        int[] group = new int[n];
        for (int k = 0; k < n; k++) {
            group[k] = k;
        }
        for (int x = 0; x < n; x++) {
            for (int y = x + 1; y < n; y++) {
                if (group[x] == group[y]) {
                    continue;
                }
                String nx = personNhs.get(above.get(x));
                String ny = personNhs.get(above.get(y));
                boolean same;
                if (nx != null && nx != CONFLICT && nx.equals(ny)) {
                    same = true;
                } else {
                    MatchScorer.Comparison c = scorer.compare(candidates.get(above.get(x)).demographics(),
                            candidates.get(above.get(y)).demographics());
                    same = c.score >= thresholds.link() && eligible(c);
                }
                if (same) {
                    int from = group[y];
                    for (int k = 0; k < n; k++) {
                        if (group[k] == from) {
                            group[k] = group[x];
                        }
                    }
                }
            }
        }
        int distinct = 0;
        for (int k = 0; k < n; k++) {
            if (group[k] == k) {
                distinct++;
            }
        }
        return distinct;
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
