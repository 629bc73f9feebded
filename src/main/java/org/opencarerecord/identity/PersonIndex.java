package org.opencarerecord.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The regional person index. Each source's record of a person is kept as a source record and
 * linked to a person: by a verified NHS number (unless the demographics contradict it), otherwise
 * by explainable probabilistic matching; possible matches wait in a review queue. Links can be
 * undone, and every link, unlink and decision is kept with its evidence.
 */
public interface PersonIndex {

    /** Stores (or updates) a source record and links it; must run inside the caller's transaction. */
    SourceRecordLink accept(IncomingPatient patient);

    /**
     * Reads in a few queries what accepting these patients will ask of the index (their records by
     * source id and identifier, the holders of their NHS numbers, the records that share their
     * blocking keys), for {@link #accept(IncomingPatient, PatientLookups)} in the same transaction.
     * Only their identifying details are read: the resource may still be missing.
     */
    PatientLookups lookUp(List<IncomingPatient> patients);

    /**
     * As {@link #accept(IncomingPatient)}, answering from {@code lookups} what they hold and this
     * transaction has not since changed.
     */
    SourceRecordLink accept(IncomingPatient patient, PatientLookups lookups);

    /** The source record an organisation holds under its own resource id. */
    Optional<SourceRecordLink> sourceRecordBySourceId(String organisationCode, String sourceId);

    /** The source records an organisation holds under these resource ids, in one query (ids not held are left out). */
    java.util.Map<String, SourceRecordLink> sourceRecordsBySourceIds(String organisationCode,
            java.util.Collection<String> sourceIds);

    /** The source record an organisation holds under one of its identifiers ({@code system|value}). */
    Optional<SourceRecordLink> sourceRecordByIdentifier(String organisationCode, String identifier);

    /** That organisation's source record linked to the person, if it has one. */
    Optional<SourceRecordLink> sourceRecordOfPerson(String organisationCode, UUID personId);

    Optional<Person> person(UUID personId);

    /** Each of a person's source records' demographics as the source sent them (empty for an unknown person). */
    List<DemographicsView> demographics(UUID personId);

    /** People by an identifier: an NHS number (any source) or a source's own identifier. */
    List<UUID> findByIdentifier(String system, String value);

    /** Possible matches, newest first; {@code status} is open, confirmed, rejected or superseded (null: any). */
    List<MatchReview> reviews(String status, int limit);

    Optional<MatchReview> review(UUID reviewId);

    /** The reviewer says it is the same person: the record joins the candidate, and its items with it. */
    MatchReview confirm(UUID reviewId, String reviewer, String note);

    /** The reviewer says they are different people: not asked again for this pair unless the record changes. */
    MatchReview reject(UUID reviewId, String reviewer, String note);

    /** Takes a source record off its person onto a person of its own; its items go with it. Returns the new person. */
    UUID unlink(UUID sourceRecordId, String by, String reason);

    /**
     * A source merged two of its records (FHIR Patient.link replaces / replaced-by, HL7 v2 A40): the
     * retiring record joins the surviving record's person, and its items with it.
     */
    void merge(UUID retiringSourceRecordId, UUID survivingSourceRecordId, String by);

    /** Every link decision about the source records a person has or had, oldest first. */
    List<LinkEvent> linkHistory(UUID personId);

    /**
     * People by demographics, tolerant of typos, sound-alike names, nicknames, a day and month
     * swapped, a year for a date of birth: ranked, each saying why it matched, at most
     * {@code limit}. A query too broad to answer (no name, date of birth or postcode) is refused
     * with an IllegalArgumentException saying what to add.
     */
    PersonSearchResult search(PersonQuery query, int limit);

    /** How many people each source organisation holds a record of (not patient data: counts only). */
    java.util.Map<String, Long> peopleBySource();
}
