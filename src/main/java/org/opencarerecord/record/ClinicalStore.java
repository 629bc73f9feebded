package org.opencarerecord.record;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The clinical store: every item of every person's record, each with its provenance and earlier
 * versions, plus the shared things items point at. The only place clinical data is read or written.
 */
public interface ClinicalStore {

    /** Clinical items an organisation already sent under these keys. */
    Map<SourceKey, ExistingResource> existingItems(String organisationCode, Collection<SourceKey> keys);

    /** Shared resources (Organization, Practitioner, ...) an organisation already sent under these keys. */
    Map<SourceKey, ExistingResource> existingShared(String organisationCode, Collection<SourceKey> keys);

    /** Shared resources of an organisation carrying this identifier ({@code system|value}). */
    List<ExistingResource> sharedByIdentifier(String organisationCode, String resourceType, String identifier);

    /** A resource by this store's id, retired or not. */
    Optional<ExistingResource> byId(String resourceType, UUID id);

    /** Writes new versions; a resource identical to what is held is left alone. Runs in the caller's transaction. */
    List<WriteResult> write(List<ResourceWrite> writes);

    /** Retires a resource the source deleted: kept with provenance, no longer current. */
    WriteResult retire(ExistingResource resource, ItemProvenance provenance, String reason);

    /**
     * One page of a person's current items the reader may see, in a stable order, after {@code after}
     * (exclusive, may be null).
     */
    List<StoredResource> everything(UUID personId, UUID after, int limit, Collection<String> types, Instant since,
            ItemVisibility visibility);

    ItemCounts countEverything(UUID personId, Collection<String> types, Instant since, ItemVisibility visibility);

    /**
     * Whether the organisation is in contact with the person: an encounter or appointment it sent
     * dated on or after {@code since}, or an episode of care or referral it holds open. Names the
     * contact ("encounter", "appointment", "open episode of care", "open referral"), or empty.
     */
    Optional<String> contactWith(UUID personId, String organisationCode, Instant since);

    /** The current (not retired) items a feed has sent for these people, by the source's own key. */
    Map<SourceKey, ExistingResource> currentFromFeed(String feedId, Collection<UUID> personIds);

    /**
     * Per source organisation, how many current items of a person's record the reader may see and when
     * it last sent one: a source whose every item is hidden from the reader is not named.
     */
    Map<String, SourceHoldings> holdingsBySource(UUID personId, ItemVisibility visibility);

    /** What one organisation holds of a person's record. */
    record SourceHoldings(long items, Instant lastReceivedAt) {
    }

    /** A clinical item or shared resource by id, retired ones included (callers decide how to answer). */
    Optional<StoredResource> read(String resourceType, UUID id);

    List<StoredResource> search(ItemQuery query, ItemVisibility visibility);

    /** Shared resources of an organisation with this identifier, for search. */
    List<StoredResource> sharedWithIdentifier(String resourceType, String identifier, int limit);
}
