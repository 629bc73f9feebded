package org.opencarerecord.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.opencarerecord.identity.DemographicsView;
import org.opencarerecord.identity.IncomingPatient;
import org.opencarerecord.identity.LinkEvent;
import org.opencarerecord.identity.MatchReview;
import org.opencarerecord.identity.PersonQuery;
import org.opencarerecord.identity.PersonSearchResult;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.identity.PatientLookups;
import org.opencarerecord.identity.Person;
import org.opencarerecord.identity.PersonIndex;
import org.opencarerecord.identity.SourceRecord;
import org.opencarerecord.identity.SourceRecordLink;
import org.opencarerecord.identity.SourceRecordRelinked;
import org.opencarerecord.identity.internal.matching.BlockingKeys;
import org.opencarerecord.identity.internal.matching.Candidate;
import org.opencarerecord.identity.internal.matching.Demographics;
import org.opencarerecord.identity.internal.matching.MatchDecider;
import org.opencarerecord.identity.internal.matching.MatchDecision;
import org.opencarerecord.identity.internal.matching.MatchOutcome;
import org.opencarerecord.identity.internal.matching.MatchScore;
import org.opencarerecord.identity.internal.matching.MatchScorer;
import org.opencarerecord.identity.internal.matching.Evidence;
import org.opencarerecord.identity.internal.matching.NameNormaliser;
import org.opencarerecord.platform.Uuid7;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Service
@EnableConfigurationProperties(MatchingProperties.class)
class JdbcPersonIndex implements PersonIndex {

    /** At most this many candidates are scored for one record; blocking keeps the real number far lower. */
    private static final int MAX_CANDIDATES = 500;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final SourceRecordRepository records;
    private final LinkLog log;
    private final MatchScorer scorer;
    private final MatchDecider decider;

    JdbcPersonIndex(JdbcClient jdbc, ApplicationEventPublisher events, SourceRecordRepository records, LinkLog log,
            MatchingProperties matching) {
        this.jdbc = jdbc;
        this.events = events;
        this.records = records;
        this.log = log;
        this.scorer = new MatchScorer(matching.matchWeights());
        this.decider = new MatchDecider(scorer, matching.thresholds());
    }

    /**
     * Where a record goes, and what to write down about why. {@code newPersonNhs}: a person this
     * record founds is created with the record, taking this NHS number (null for none).
     */
    private record Placement(UUID personId, boolean newPerson, String newPersonNhs, String action, String decidedBy,
            MatchDecision decision, UUID reviewPerson) {

        /** To a person that exists. */
        Placement(UUID personId, String action, String decidedBy, MatchDecision decision, UUID reviewPerson) {
            this(personId, false, null, action, decidedBy, decision, reviewPerson);
        }

        /** To a person the record founds. */
        static Placement founding(String nhs, String action, String decidedBy, MatchDecision decision, UUID reviewPerson) {
            return new Placement(Uuid7.next(), true, nhs, action, decidedBy, decision, reviewPerson);
        }

        LinkLog.Event event() {
            return action == null ? null : new LinkLog.Event(action, decidedBy, decision == null ? null : decision.score(),
                    decision == null ? null : decision.reason(), decision == null ? null : decision.evidence());
        }
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public SourceRecordLink accept(IncomingPatient p) {
        return accept(p, PrefetchedLookups.none(records));
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public PatientLookups lookUp(List<IncomingPatient> patients) {
        // one patient asks no more of the database alone than read ahead
        return patients.size() < 2 ? PrefetchedLookups.none(records)
                : PrefetchedLookups.of(records, patients, MAX_CANDIDATES);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public SourceRecordLink accept(IncomingPatient p, PatientLookups lookups) {
        PrefetchedLookups l = (PrefetchedLookups) lookups;
        SourceRecordRepository.Existing existing = l.find(p);
        if (existing != null && !Arrays.equals(existing.hash(), p.contentSha256())) {
            // what follows for a record seen before talks to the database directly, about the record as
            // it is now (a reviewer may have moved it since it was read ahead)
            existing = l.current(p, existing);
        }
        if (existing != null && Arrays.equals(existing.hash(), p.contentSha256())) {
            return new SourceRecordLink(existing.id(), existing.personId(), existing.version(), false);
        }
        Demographics incoming = SourceRecordRepository.demographics(p);
        Placement placement = place(p, incoming, existing, l);
        UUID id;
        int version;
        if (existing == null) {
            // the commonest case, a record not seen before, is written in one statement with its decision,
            // together with the other new records of a chunk when the lookups were read ahead
            id = Uuid7.next();
            version = 1;
            l.insert(new SourceRecordRepository.NewRecord(id, p, placement.personId(), placement.newPerson(),
                    placement.newPersonNhs(), placement.event()));
            if (placement.reviewPerson() != null) {
                l.flush(); // the question names the record
            }
        } else {
            if (placement.newPerson()) {
                createPerson(placement.personId(), placement.newPersonNhs());
            }
            id = existing.id();
            version = records.update(p, existing, placement.personId());
            if (placement.event() != null) {
                log.event(id, placement.personId(), placement.event());
            }
        }
        if (placement.reviewPerson() != null) {
            MatchDecision d = placement.decision();
            if (log.openReview(id, placement.reviewPerson(), d.score(), d.reason(), d.evidence(), p.contentSha256())) {
                log.event(id, placement.reviewPerson(), "possible-match", "matcher", d.score(), d.reason(), d.evidence());
            }
        }
        if (existing != null && !existing.personId().equals(placement.personId())) {
            moved(id, existing.personId(), placement.personId());
        }
        l.changed(p, id, existing == null ? null : existing.personId(), placement.personId());
        return new SourceRecordLink(id, placement.personId(), version, true);
    }

    private Placement place(IncomingPatient p, Demographics incoming, SourceRecordRepository.Existing existing,
            PrefetchedLookups l) {
        if (p.nhsNumber() != null) {
            return placeByNhsNumber(p, incoming, existing, l);
        }
        if (existing != null && records.recordsOfPerson(existing.personId()) > 1) {
            return new Placement(existing.personId(), null, null, null, null); // linked with others: an update does not re-match
        }
        return placeByMatching(incoming, existing, null, l);
    }

    /** A verified NHS number links deterministically, unless the demographics strongly contradict it. */
    private Placement placeByNhsNumber(IncomingPatient p, Demographics incoming, SourceRecordRepository.Existing existing,
            PrefetchedLookups l) {
        String nhs = p.nhsNumber().value();
        Optional<SourceRecordRepository.Holder> holder = l.holderOf(nhs);
        if (holder.isPresent()) {
            UUID person = holder.get().personId();
            if (existing != null && !existing.personId().equals(person) && log.rejectedPersons(existing.id()).contains(person)) {
                // a reviewer took this record off that person: the number alone does not put it back
                MatchDecision asked = new MatchDecision(MatchOutcome.POSSIBLE_MATCH, person, 0, List.of(),
                        "NHS number agrees with a person this record was unlinked from");
                return new Placement(existing.personId(), null, null, asked, person);
            }
            MatchScore best = null;
            for (Candidate c : holder.get().records()) {
                if (existing == null || !c.sourceRecordId().equals(existing.id())) {
                    MatchScore score = scorer.score(withoutNhs(incoming), withoutNhs(c.demographics()));
                    best = best == null || score.score() > best.score() ? score : best;
                }
            }
            if (best != null && contradicts(best)) {
                MatchDecision asked = new MatchDecision(MatchOutcome.POSSIBLE_MATCH, person, best.score(), best.evidence(),
                        "the NHS number agrees but the date of birth and the sex or name disagree");
                return existing != null ? new Placement(existing.personId(), null, "nhs-number", asked, person)
                        : Placement.founding(null, "new-person", "nhs-number", asked, person);
            }
            boolean moved = existing == null || !existing.personId().equals(person);
            return new Placement(person, moved ? (existing == null ? "linked" : "relinked") : null, "nhs-number",
                    new MatchDecision(MatchOutcome.LINK, person, best == null ? 0 : best.score(),
                            best == null ? List.of() : best.evidence(), "verified NHS number"), null);
        }
        if (existing != null) {
            // The person this record already belongs to has no NHS number yet, or had a different one
            // that this source has now corrected: take the number if nobody else's records say otherwise.
            long others = jdbc.sql("""
                    SELECT count(*) FROM source_record
                    WHERE person_id = ? AND id <> ? AND nhs_number IS NOT NULL AND nhs_number <> ?""")
                    .params(existing.personId(), existing.id(), nhs).query(Long.class).single();
            if (others == 0) {
                jdbc.sql("UPDATE person SET nhs_number = ? WHERE id = ?").params(nhs, existing.personId()).update();
                return new Placement(existing.personId(), null, null, null, null);
            }
            return Placement.founding(nhs, "relinked", "nhs-number", null, null);
        }
        Placement matched = placeByMatching(incoming, null, nhs, l);
        if (matched.decision() != null && matched.decision().outcome() == MatchOutcome.LINK) {
            // the matched person has no NHS number (a different one would have stopped the link): it takes this one
            l.flush();
            jdbc.sql("UPDATE person SET nhs_number = ? WHERE id = ? AND nhs_number IS NULL").params(nhs, matched.personId())
                    .update();
        }
        return matched;
    }

    /** Probabilistic matching against the records that share a blocking key. */
    /** {@code nhs}: the verified number a person created here takes (null when the record has none). */
    private Placement placeByMatching(Demographics incoming, SourceRecordRepository.Existing existing, String nhs,
            PrefetchedLookups l) {
        UUID self = existing == null ? null : existing.id();
        List<Candidate> candidates = l.candidates(BlockingKeys.probe(incoming), self, MAX_CANDIDATES);
        if (self != null) {
            candidates = candidates.stream().filter(c -> !c.personId().equals(existing.personId())).toList();
        }
        MatchDecision decision = decider.decide(incoming, candidates);
        if (self != null && decision.outcome() == MatchOutcome.LINK && log.rejectedPersons(self).contains(decision.personId())) {
            // a reviewer said no: never linked automatically again (a changed record may be asked about again)
            return new Placement(existing.personId(), null, null, decision, decision.personId());
        }
        switch (decision.outcome()) {
            case LINK:
                return new Placement(decision.personId(), existing == null ? "linked" : "relinked", "matcher", decision, null);
            case POSSIBLE_MATCH:
                return existing != null ? new Placement(existing.personId(), null, "matcher", decision, decision.personId())
                        : Placement.founding(nhs, "new-person", "matcher", decision, decision.personId());
            default:
                return existing != null ? new Placement(existing.personId(), null, null, null, null)
                        : Placement.founding(nhs, "new-person", "matcher", decision, null);
        }
    }

    /** A strong contradiction: a different date of birth, and a different sex or name as well. */
    private static boolean contradicts(MatchScore score) {
        boolean birthDate = false;
        boolean other = false;
        for (Evidence e : score.evidence()) {
            if ("disagree".equals(e.comparison())) {
                birthDate |= "birthDate".equals(e.field());
                other |= "sex".equals(e.field()) || "family".equals(e.field()) || "given".equals(e.field());
            }
        }
        return birthDate && other;
    }

    private static Demographics withoutNhs(Demographics d) {
        return new Demographics(null, d.family(), d.given(), d.birthDate(), d.sex(), d.postcode(), d.addressLine());
    }

    private UUID createPerson(UUID id, String nhs) {
        jdbc.sql("INSERT INTO person (id, nhs_number, created_at) VALUES (?, ?, now())").params(id, nhs).update();
        return id;
    }

    @Override
    public Map<String, Long> peopleBySource() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("SELECT organisation_code, count(DISTINCT person_id) FROM source_record GROUP BY organisation_code")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    // ---- review queue, unlink, history ----

    @Override
    public List<MatchReview> reviews(String status, int limit) {
        return log.reviews(status, limit).stream().map(this::view).toList();
    }

    @Override
    public Optional<MatchReview> review(UUID reviewId) {
        return log.review(reviewId).map(this::view);
    }

    private MatchReview view(LinkLog.StoredReview r) {
        return new MatchReview(r.id(), r.status(), records.view(r.sourceRecordId()).orElse(null), r.candidatePersonId(),
                records.viewsOfPerson(r.candidatePersonId()), r.score(), r.reason(), r.evidenceJson(), r.openedAt(),
                r.decidedBy(), r.decidedAt(), r.note());
    }

    @Override
    @Transactional
    public MatchReview confirm(UUID reviewId, String reviewer, String note) {
        LinkLog.StoredReview review = openReview(reviewId);
        UUID from = records.personOf(review.sourceRecordId()).orElseThrow();
        log.decide(reviewId, "confirmed", reviewer, note);
        if (!from.equals(review.candidatePersonId())) {
            moveRecord(review.sourceRecordId(), from, review.candidatePersonId());
        }
        log.event(review.sourceRecordId(), review.candidatePersonId(), "confirmed", reviewer, review.score(), note, null);
        return review(reviewId).orElseThrow();
    }

    @Override
    @Transactional
    public MatchReview reject(UUID reviewId, String reviewer, String note) {
        LinkLog.StoredReview review = openReview(reviewId);
        log.decide(reviewId, "rejected", reviewer, note);
        log.event(review.sourceRecordId(), review.candidatePersonId(), "rejected", reviewer, review.score(), note, null);
        return review(reviewId).orElseThrow();
    }

    private LinkLog.StoredReview openReview(UUID reviewId) {
        LinkLog.StoredReview review = log.review(reviewId)
                .orElseThrow(() -> new IllegalArgumentException("No possible match " + reviewId));
        if (!"open".equals(review.status())) {
            throw new IllegalStateException("This possible match was already " + review.status() + " by "
                    + review.decidedBy() + " at " + review.decidedAt());
        }
        return review;
    }

    @Override
    @Transactional
    public UUID unlink(UUID sourceRecordId, String by, String reason) {
        UUID from = records.personOf(sourceRecordId)
                .orElseThrow(() -> new IllegalArgumentException("No source record " + sourceRecordId));
        if (records.recordsOfPerson(from) == 1) {
            throw new IllegalStateException("That source record is the only one of its person: there is nothing to unlink it from");
        }
        UUID to = createPerson(Uuid7.next(), null);
        // the NHS number stays with the person the others share, unless only this record carried it
        moveRecord(sourceRecordId, from, to);
        log.recordRejection(sourceRecordId, from, records.contentHash(sourceRecordId).orElseThrow(), by, reason);
        log.event(sourceRecordId, to, "unlinked", by, null, reason, null);
        return to;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void merge(UUID retiringSourceRecordId, UUID survivingSourceRecordId, String by) {
        UUID from = records.personOf(retiringSourceRecordId).orElseThrow();
        UUID to = records.personOf(survivingSourceRecordId).orElseThrow();
        if (!from.equals(to)) {
            moveRecord(retiringSourceRecordId, from, to);
            log.event(retiringSourceRecordId, to, "merged", by, null,
                    "the source merged this record into another of its records", null);
        }
    }

    private void moveRecord(UUID sourceRecordId, UUID from, UUID to) {
        records.moveToPerson(sourceRecordId, to);
        moved(sourceRecordId, from, to);
    }

    /** After a record changed person: NHS numbers follow their records, questions about it are closed, items follow. */
    private void moved(UUID sourceRecordId, UUID from, UUID to) {
        // an NHS number belongs to the person whose records carry it: a person left with no record
        // gives it up, and a person without one takes the moved record's
        if (records.recordsOfPerson(from) == 0) {
            jdbc.sql("UPDATE person SET nhs_number = NULL WHERE id = ?").param(from).update();
        }
        jdbc.sql("""
                UPDATE person SET nhs_number = r.nhs_number FROM source_record r
                WHERE person.id = ? AND r.id = ? AND person.nhs_number IS NULL AND r.nhs_number IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM person p WHERE p.nhs_number = r.nhs_number)""")
                .params(to, sourceRecordId).update();
        log.supersedeOpen(sourceRecordId);
        events.publishEvent(new SourceRecordRelinked(sourceRecordId, from, to));
    }

    /** Candidates fetched for one search, before ranking; beyond this the search says to narrow it. */
    private static final int SEARCH_CANDIDATES = 2000;

    @Override
    public PersonSearchResult search(PersonQuery q, int limit) {
        String family = blankToNull(q.family());
        String given = blankToNull(q.given());
        String postcode = q.postcode() == null ? null : NameNormaliser.postcode(q.postcode());
        boolean range = q.birthDate() == null && q.bornFrom() != null;
        if (family != null && NameNormaliser.normalise(family).replace(" ", "").length() < 2) {
            throw new IllegalArgumentException("Give at least two letters of the family name");
        }
        if (family == null && q.birthDate() == null && (postcode == null || postcode.length() < 5)) {
            throw new IllegalArgumentException("Too broad to search: give a family name, a full date of birth or a full"
                    + " postcode (with any of given name, sex and the others)");
        }
        List<LocalDate> birthDates = new ArrayList<>();
        if (q.birthDate() != null) {
            birthDates.add(q.birthDate());
            LocalDate d = q.birthDate();
            if (d.getDayOfMonth() <= 12 && d.getDayOfMonth() != d.getMonthValue()) {
                birthDates.add(LocalDate.of(d.getYear(), d.getDayOfMonth(), d.getMonthValue())); // day and month swapped
            }
        }
        String[] codes = SourceRecordRepository.familyPhonetic(family);
        Demographics wanted = new Demographics(null, family, given == null ? List.of() : List.of(given.split("\\s+")),
                q.birthDate(), blankToNull(q.gender()), postcode, null);
        List<Candidate> candidates = records.searchCandidates(birthDates, BlockingKeys.probe(wanted),
                range ? q.bornFrom() : null, range ? q.bornTo() : null, codes, postcode, SEARCH_CANDIDATES);
        Map<UUID, PersonSearchResult.Match> best = new HashMap<>();
        for (Candidate c : candidates) {
            if (range && (c.demographics().birthDate() == null || c.demographics().birthDate().isBefore(q.bornFrom())
                    || c.demographics().birthDate().isAfter(q.bornTo()))) {
                continue;
            }
            Demographics asked = wanted;
            String typedPart = null;
            if (given != null && !given.contains(" ")) {
                // a professional may type the start of a given name: "marg" finds Margaret
                String start = NameNormaliser.normalise(given);
                for (String g : c.demographics().given()) {
                    String full = NameNormaliser.normalise(g);
                    if (start.length() >= 2 && full.length() > start.length() && full.startsWith(start)) {
                        asked = new Demographics(null, family, List.of(g), q.birthDate(), wanted.sex(), postcode, null);
                        typedPart = "given starts with " + given;
                    }
                }
            }
            MatchScore score = scorer.score(asked, withoutNhs(c.demographics()));
            if (score.evidence().stream().anyMatch(e -> "disagree".equals(e.comparison()))) {
                continue; // every part the professional gave must agree, at some level of tolerance
            }
            String why = score.evidence().stream().filter(e -> e.weight() > 0)
                    .map(e -> e.field() + " " + e.comparison()).collect(Collectors.joining(", "));
            if (typedPart != null) {
                why = why.replace("given exact", typedPart);
            }
            if (range) {
                why = why.isEmpty() ? "born in the range" : why + ", born in the range";
            }
            PersonSearchResult.Match match = new PersonSearchResult.Match(c.personId(), score.score(), why);
            best.merge(c.personId(), match, (a, b) -> a.score() >= b.score() ? a : b);
        }
        List<PersonSearchResult.Match> ranked = best.values().stream()
                .sorted(Comparator.comparingDouble(PersonSearchResult.Match::score).reversed()).toList();
        boolean truncated = ranked.size() > limit || candidates.size() >= SEARCH_CANDIDATES;
        return new PersonSearchResult(ranked.subList(0, Math.min(limit, ranked.size())), truncated, truncated
                ? "More people may match than are shown (" + limit + " at most): add a date of birth, given name or postcode"
                : null);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    @Override
    public List<LinkEvent> linkHistory(UUID personId) {
        return log.history(personId);
    }

    @Override
    public Optional<SourceRecordLink> sourceRecordBySourceId(String organisationCode, String sourceId) {
        return jdbc.sql("SELECT id, person_id, version FROM source_record WHERE organisation_code = ? AND source_id = ?")
                .params(organisationCode, sourceId).query(JdbcPersonIndex::link).optional();
    }

    @Override
    public java.util.Map<String, SourceRecordLink> sourceRecordsBySourceIds(String organisationCode,
            java.util.Collection<String> sourceIds) {
        java.util.Map<String, SourceRecordLink> found = new java.util.HashMap<>();
        records.findBySourceIds(organisationCode, sourceIds).forEach((sourceId, e) ->
                found.put(sourceId, new SourceRecordLink(e.id(), e.personId(), e.version(), false)));
        return found;
    }

    @Override
    public Optional<SourceRecordLink> sourceRecordByIdentifier(String organisationCode, String identifier) {
        int bar = identifier.indexOf('|');
        if (bar < 0) {
            return jdbc.sql("""
                    SELECT r.id, r.person_id, r.version FROM source_record_identifier i
                    JOIN source_record r ON r.id = i.source_record_id
                    WHERE i.organisation_code = ? AND i.value = ? ORDER BY r.id LIMIT 1""")
                    .params(organisationCode, identifier).query(JdbcPersonIndex::link).optional();
        }
        return jdbc.sql("""
                SELECT r.id, r.person_id, r.version FROM source_record_identifier i
                JOIN source_record r ON r.id = i.source_record_id
                WHERE i.organisation_code = ? AND i.system = ? AND i.value = ?""")
                .params(organisationCode, identifier.substring(0, bar), identifier.substring(bar + 1))
                .query(JdbcPersonIndex::link).optional();
    }

    @Override
    public Optional<SourceRecordLink> sourceRecordOfPerson(String organisationCode, UUID personId) {
        return jdbc.sql("""
                SELECT id, person_id, version FROM source_record WHERE person_id = ? AND organisation_code = ?
                ORDER BY received_at DESC LIMIT 1""")
                .params(personId, organisationCode).query(JdbcPersonIndex::link).optional();
    }

    private static SourceRecordLink link(ResultSet rs, int row) throws SQLException {
        return new SourceRecordLink(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3), false);
    }

    @Override
    public List<DemographicsView> demographics(UUID personId) {
        return records.viewsOfPerson(personId);
    }

    @Override
    public Optional<Person> person(UUID personId) {
        Optional<String> nhs = jdbc.sql("SELECT coalesce(nhs_number, '') FROM person WHERE id = ?").param(personId)
                .query(String.class).optional();
        if (nhs.isEmpty()) {
            return Optional.empty();
        }
        List<SourceRecord> records = jdbc.sql("""
                SELECT id, person_id, organisation_code, feed_id, source_id, version, recorded_at, received_at, resource
                FROM source_record WHERE person_id = ? ORDER BY received_at DESC, id""")
                .param(personId)
                .query((rs, row) -> new SourceRecord(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), instant(rs.getTimestamp(7)),
                        instant(rs.getTimestamp(8)), rs.getString(9)))
                .list();
        return Optional.of(new Person(personId, NhsNumber.parse(nhs.get()).orElse(null), records));
    }

    @Override
    public List<UUID> findByIdentifier(String system, String value) {
        if (NhsNumber.SYSTEM.equals(system) || system == null) {
            Optional<NhsNumber> nhs = NhsNumber.parse(value);
            if (nhs.isPresent()) {
                List<UUID> byNhs = jdbc.sql("SELECT id FROM person WHERE nhs_number = ?").param(nhs.get().value())
                        .query(UUID.class).list();
                if (!byNhs.isEmpty() || system != null) {
                    return byNhs;
                }
            } else if (system != null) {
                return List.of();
            }
        }
        if (system == null) {
            return jdbc.sql("""
                    SELECT DISTINCT r.person_id FROM source_record_identifier i JOIN source_record r ON r.id = i.source_record_id
                    WHERE i.value = ?""").param(value).query(UUID.class).list();
        }
        return jdbc.sql("""
                SELECT DISTINCT r.person_id FROM source_record_identifier i JOIN source_record r ON r.id = i.source_record_id
                WHERE i.value = ? AND i.system = ?""").params(value, system).query(UUID.class).list();
    }


    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
