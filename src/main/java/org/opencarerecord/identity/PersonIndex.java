package org.opencarerecord.identity;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The regional person index. Each source's record of a person is kept as a source record and
 * linked to a person. Until the matching of a later issue arrives, links are made only on a
 * verified NHS number, else a source record gets a person of its own.
 */
public interface PersonIndex {

    /** Stores (or updates) a source record and links it; must run inside the caller's transaction. */
    SourceRecordLink accept(IncomingPatient patient);

    /** The source record an organisation holds under its own resource id. */
    Optional<SourceRecordLink> sourceRecordBySourceId(String organisationCode, String sourceId);

    /** The source record an organisation holds under one of its identifiers ({@code system|value}). */
    Optional<SourceRecordLink> sourceRecordByIdentifier(String organisationCode, String identifier);

    /** That organisation's source record linked to the person, if it has one. */
    Optional<SourceRecordLink> sourceRecordOfPerson(String organisationCode, UUID personId);

    Optional<Person> person(UUID personId);

    /** People by an identifier: an NHS number (any source) or a source's own identifier. */
    List<UUID> findByIdentifier(String system, String value);

    /** People whose source records match every given part (null parts are ignored); at most {@code limit}. */
    List<UUID> findByDemographics(String family, String given, LocalDate birthDateFrom, LocalDate birthDateTo, int limit);
}
