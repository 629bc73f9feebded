package org.opencarerecord.identity.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.opencarerecord.identity.IncomingPatient;
import org.opencarerecord.identity.PatientLookups;
import org.opencarerecord.identity.internal.SourceRecordRepository.Existing;
import org.opencarerecord.identity.internal.SourceRecordRepository.Holder;
import org.opencarerecord.identity.internal.matching.BlockingKeys;
import org.opencarerecord.identity.internal.matching.Candidate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The person index's questions about a set of patients, answered ahead in four queries (records
 * by source id, by identifier, holders of NHS numbers, records by blocking key) instead of four
 * per patient. An answer is used only while nothing it depends on has been changed since by this
 * transaction: every accepted record marks its source id, identifiers, NHS number and blocking
 * keys, itself and the persons it touched, and a question about any of those goes to the database
 * again. What another transaction commits meanwhile is caught by the unique keys of source records
 * and NHS numbers (the delivery is then tried again) or, for a record without an NHS number, is
 * the same race as between two deliveries at once (hazard H16).
 */
final class PrefetchedLookups implements PatientLookups {

    private final SourceRecordRepository records;
    private final Map<String, Existing> bySourceId = new HashMap<>();
    private final Map<String, Existing> byIdentifier = new HashMap<>();
    private final Map<String, Holder> holders = new HashMap<>();
    private final Map<String, List<Candidate>> byKey = new HashMap<>();
    /** The questions answered ahead (with an answer or without one); any other goes to the database. */
    private final Set<String> asked = new HashSet<>();
    /** Blocking keys holding more records than are scored for one patient: asked of the database. */
    private final Set<String> crowded = new HashSet<>();
    private final Set<String> changedKeys = new HashSet<>();
    private final Set<UUID> changedRecords = new HashSet<>();
    private final Set<UUID> changedPersons = new HashSet<>();
    /** New records not yet written (only when read ahead); written before the database is asked anything. */
    private final List<SourceRecordRepository.NewRecord> pending = new ArrayList<>();
    private final boolean holdsBack;

    private PrefetchedLookups(SourceRecordRepository records, boolean holdsBack) {
        this.records = records;
        this.holdsBack = holdsBack;
    }

    /** Nothing read ahead: every question goes to the database, every record is written at once. */
    static PrefetchedLookups none(SourceRecordRepository records) {
        return new PrefetchedLookups(records, false);
    }

    static PrefetchedLookups of(SourceRecordRepository records, List<IncomingPatient> patients, int maxCandidates) {
        PrefetchedLookups l = new PrefetchedLookups(records, true);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    l.flush();
                }
            });
        }
        Map<String, List<IncomingPatient>> byOrganisation = new LinkedHashMap<>();
        patients.forEach(p -> byOrganisation.computeIfAbsent(p.organisationCode(), o -> new ArrayList<>()).add(p));
        byOrganisation.forEach((org, ofOrg) -> {
            Set<String> sourceIds = new HashSet<>();
            ofOrg.forEach(p -> sourceIds.add(p.sourceId()));
            records.findBySourceIds(org, sourceIds).forEach((id, e) -> l.bySourceId.put(sourceKey(org, id), e));
            sourceIds.forEach(id -> l.asked.add(sourceKey(org, id)));
            Set<String> identifiers = new HashSet<>();
            for (IncomingPatient p : ofOrg) {
                if (!l.bySourceId.containsKey(sourceKey(org, p.sourceId()))) {
                    identifiers.addAll(SourceRecordRepository.localIdentifiers(p));
                }
            }
            records.findByIdentifiers(org, identifiers).forEach((i, e) -> l.byIdentifier.put(identifierKey(org, i), e));
            identifiers.forEach(i -> l.asked.add(identifierKey(org, i)));
        });
        Set<String> nhsNumbers = new HashSet<>();
        patients.stream().filter(p -> p.nhsNumber() != null).forEach(p -> nhsNumbers.add(p.nhsNumber().value()));
        records.holdersOf(nhsNumbers).forEach((nhs, h) -> l.holders.put(nhsKey(nhs), h));
        nhsNumbers.forEach(nhs -> l.asked.add(nhsKey(nhs)));
        // only patients that will be matched need the records sharing their blocking keys
        Set<String> keys = new HashSet<>();
        for (IncomingPatient p : patients) {
            if (p.nhsNumber() == null || !l.holders.containsKey(nhsKey(p.nhsNumber().value()))) {
                keys.addAll(BlockingKeys.probe(SourceRecordRepository.demographics(p)));
            }
        }
        records.candidatesByKey(keys, maxCandidates).forEach((key, found) -> {
            if (found.size() > maxCandidates) {
                l.crowded.add(key);
            } else {
                l.byKey.put(blockingKey(key), found);
            }
        });
        keys.forEach(key -> l.asked.add(blockingKey(key)));
        return l;
    }

    /** As {@link SourceRecordRepository#find}. */
    Existing find(IncomingPatient p) {
        String source = sourceKey(p.organisationCode(), p.sourceId());
        if (!known(source)) {
            return database().find(p);
        }
        Existing bySource = bySourceId.get(source);
        if (bySource != null) {
            return changedRecords.contains(bySource.id()) ? database().find(p) : bySource;
        }
        Existing first = null;
        for (String identifier : SourceRecordRepository.localIdentifiers(p)) {
            String key = identifierKey(p.organisationCode(), identifier);
            Existing e = byIdentifier.get(key);
            if (!known(key) || e != null && changedRecords.contains(e.id())) {
                return database().find(p);
            }
            if (e != null && (first == null || unsignedCompare(e.id(), first.id()) < 0)) {
                first = e; // the database answers with the lowest id, as PostgreSQL orders uuids
            }
        }
        return first;
    }

    /**
     * The record {@code seen} as the database holds it now, once what is held back is written: a
     * record read ahead may have been moved by a reviewer since.
     */
    Existing current(IncomingPatient p, Existing seen) {
        flush();
        return holdsBack ? records.find(p) : seen;
    }

    /** As {@link SourceRecordRepository#holderOf}. */
    Optional<Holder> holderOf(String nhs) {
        String key = nhsKey(nhs);
        if (!known(key)) {
            return database().holderOf(nhs);
        }
        Holder h = holders.get(key);
        if (h == null) {
            return Optional.empty();
        }
        boolean changed = changedPersons.contains(h.personId())
                || h.records().stream().anyMatch(c -> changedRecords.contains(c.sourceRecordId()));
        return changed ? database().holderOf(nhs) : Optional.of(h);
    }

    /** As {@link SourceRecordRepository#candidates}. */
    List<Candidate> candidates(Collection<String> probeKeys, UUID except, int limit) {
        Map<UUID, Candidate> found = new LinkedHashMap<>();
        for (String key : probeKeys) {
            if (!known(blockingKey(key)) || crowded.contains(key)) {
                return database().candidates(probeKeys, except, limit);
            }
            for (Candidate c : byKey.getOrDefault(blockingKey(key), List.of())) {
                if (changedRecords.contains(c.sourceRecordId()) || changedPersons.contains(c.personId())) {
                    return database().candidates(probeKeys, except, limit);
                }
                if (!c.sourceRecordId().equals(except)) {
                    found.putIfAbsent(c.sourceRecordId(), c);
                }
            }
        }
        return found.values().stream().limit(limit).toList();
    }

    /**
     * Writes a new record, or holds it back to write with the others when read ahead. Held-back
     * records are written before the database is next asked anything through these lookups, and by
     * {@link #flush}, which the index calls before any other statement of its own.
     */
    void insert(SourceRecordRepository.NewRecord record) {
        pending.add(record);
        if (!holdsBack) {
            flush();
        }
    }

    @Override
    public void flush() {
        if (!pending.isEmpty()) {
            records.insert(List.copyOf(pending));
            pending.clear();
        }
    }

    /** The repository, once what is held back is written. */
    private SourceRecordRepository database() {
        flush();
        return records;
    }

    /** A record was written for {@code p}: what it may have changed is asked of the database from now on. */
    void changed(IncomingPatient p, UUID sourceRecordId, UUID... persons) {
        changedKeys.add(sourceKey(p.organisationCode(), p.sourceId()));
        p.identifiers().forEach(i -> changedKeys.add(identifierKey(p.organisationCode(), i)));
        if (p.nhsNumber() != null) {
            changedKeys.add(nhsKey(p.nhsNumber().value()));
        }
        BlockingKeys.index(SourceRecordRepository.demographics(p)).forEach(k -> changedKeys.add(blockingKey(k)));
        changedRecords.add(sourceRecordId);
        for (UUID person : persons) {
            if (person != null) {
                changedPersons.add(person);
            }
        }
    }

    private boolean known(String key) {
        return asked.contains(key) && !changedKeys.contains(key);
    }

    private static String sourceKey(String organisationCode, String sourceId) {
        return "s\u0000" + organisationCode + "\u0000" + sourceId;
    }

    private static String identifierKey(String organisationCode, String identifier) {
        return "i\u0000" + organisationCode + "\u0000" + identifier;
    }

    private static String nhsKey(String nhs) {
        return "n\u0000" + nhs;
    }

    private static String blockingKey(String key) {
        return "k\u0000" + key;
    }

    private static int unsignedCompare(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
