package org.opencarerecord.access;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.opencarerecord.identity.Person;
import org.opencarerecord.identity.PersonIndex;
import org.opencarerecord.identity.PersonQuery;
import org.opencarerecord.identity.PersonSearchResult;
import org.opencarerecord.record.ClinicalStore;
import org.opencarerecord.record.ItemQuery;
import org.opencarerecord.record.StoredResource;
import org.springframework.stereotype.Service;

/**
 * Every read of patient data by the API and the viewer passes here, and only here: the one seam
 * where sign-in, roles, legitimate relationship, objections and audit will apply (a later issue).
 * Until then every read is allowed.
 */
@Service
public class RecordAccess {

    private final ClinicalStore store;
    private final PersonIndex persons;

    public RecordAccess(ClinicalStore store, PersonIndex persons) {
        this.store = store;
        this.persons = persons;
    }

    public Optional<Person> person(UUID personId) {
        return persons.person(personId);
    }

    public List<UUID> findByIdentifier(String system, String value) {
        return persons.findByIdentifier(system, value);
    }

    public PersonSearchResult search(PersonQuery query, int limit) {
        return persons.search(query, limit);
    }

    public List<StoredResource> everything(UUID personId, UUID after, int limit, Collection<String> types, Instant since) {
        return store.everything(personId, after, limit, types, since);
    }

    public long countEverything(UUID personId, Collection<String> types, Instant since) {
        return store.countEverything(personId, types, since);
    }

    public Map<String, ClinicalStore.SourceHoldings> holdingsBySource(UUID personId) {
        return store.holdingsBySource(personId);
    }

    public Optional<StoredResource> read(String resourceType, UUID id) {
        return store.read(resourceType, id);
    }

    public List<StoredResource> search(ItemQuery query) {
        return store.search(query);
    }

    public List<StoredResource> sharedWithIdentifier(String resourceType, String identifier, int limit) {
        return store.sharedWithIdentifier(resourceType, identifier, limit);
    }
}
