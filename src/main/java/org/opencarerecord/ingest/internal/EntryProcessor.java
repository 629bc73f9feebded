package org.opencarerecord.ingest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.opencarerecord.identity.IncomingPatient;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.identity.PatientLookups;
import org.opencarerecord.identity.PersonIndex;
import org.opencarerecord.identity.SourceRecordLink;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.platform.Uuid7;
import org.opencarerecord.record.ClinicalStore;
import org.opencarerecord.record.ExistingResource;
import org.opencarerecord.record.InvalidResourceException;
import org.opencarerecord.record.ItemProvenance;
import org.opencarerecord.record.ResourceScope;
import org.opencarerecord.record.ResourceWrite;
import org.opencarerecord.record.SourceKey;
import org.opencarerecord.record.WriteResult;
import org.opencarerecord.sources.Feed;
import org.springframework.stereotype.Component;

/**
 * Turns bundle entries into source records, shared resources and clinical items: gives each its
 * id in this store, points every reference inside it at those ids, finds whose record each item
 * belongs to, and writes. Runs inside the caller's transaction.
 */
@Component
class EntryProcessor {

    private static final String URN = "urn:";
    /** What a reference to something not stored becomes (out of scope, or dropped under a restricted code list). */
    static final String NOT_HELD = "Not held in the shared care record";
    /**
     * {@link #resolve}'s answer for a reference to a dropped item (compared by identity): the Reference
     * keeps only {@link #NOT_HELD}.
     */
    private static final String DROPPED = new String("dropped");
    /** Said to the sender of a dropped item: never its code or category (responses are logged with the patient's). */
    private static final String NOT_STORED = ": not stored; the shared care record does not hold information coded as"
            + " this is (the region's restricted code lists)";
    private static final String WITHDRAWN = "withdrawn: the source's latest version is not held in the shared care record";

    private final PersonIndex persons;
    private final ClinicalStore store;
    private final RestrictedCodes restrictedCodes;
    private final DroppedItems droppedItems;
    /** Conditional references to shared resources repeat in every bundle a feed sends; ids never change. */
    private final Cache<String, UUID> sharedIds = Caffeine.newBuilder().maximumSize(200_000).build();

    EntryProcessor(PersonIndex persons, ClinicalStore store, RestrictedCodes restrictedCodes, DroppedItems droppedItems) {
        this.persons = persons;
        this.store = store;
        this.restrictedCodes = restrictedCodes;
        this.droppedItems = droppedItems;
    }

    /** What is known while the entries of one bundle are processed. */
    static final class Context {
        final Feed feed;
        final String organisationName;
        final Instant receivedAt;
        final Map<String, Entry> byFullUrl = new HashMap<>();
        final Map<String, Entry> byLocalReference = new HashMap<>();
        final Map<String, Entry> byIdentifier = new HashMap<>();
        final Map<UUID, UUID> sourceRecordOfPerson = new HashMap<>();
        /**
         * What this bundle's references to earlier deliveries point at, looked up together before the
         * entries are worked through (null: the source sent nothing under that id).
         */
        final Map<String, SourceRecordLink> patientsBySourceId = new HashMap<>();
        final Map<SourceKey, ExistingResource> heldBySourceKey = new HashMap<>();
        /** Source merges named by Patient.link: [retiring source reference, surviving source reference, at]. */
        final List<String[]> merges = new ArrayList<>();

        Context(Feed feed, String organisationName, Instant receivedAt) {
            this.feed = feed;
            this.organisationName = organisationName;
            this.receivedAt = receivedAt;
        }

        String org() {
            return feed.organisationCode();
        }

        void remember(Entry e) {
            if (e.fullUrl != null) {
                byFullUrl.put(e.fullUrl, e);
            }
            if (e.sourceId != null) {
                byLocalReference.put(e.type + "/" + e.sourceId, e);
            }
            if (e.resource != null) {
                for (JsonNode id : e.resource.path("identifier")) {
                    if (id.hasNonNull("value")) {
                        byIdentifier.putIfAbsent(e.type + "?" + id.path("system").asText("") + "|" + id.get("value").asText(), e);
                    }
                }
            }
        }

        void forget(Entry e) {
            byFullUrl.values().remove(e);
            byLocalReference.values().remove(e);
            byIdentifier.values().remove(e);
        }
    }

    void process(Context ctx, List<Entry> entries) {
        for (Entry e : entries) {
            if (e.sourceId == null && e.resource != null) {
                e.sourceId = defaultSourceId(e);
            }
            if (e.kind == Entry.Kind.ITEM && e.resource != null) {
                // before any reference is resolved: a reference to a dropped entry must know it is one
                RestrictedCodes.Reading reading = restrictedCodes.read(e.type, e.resource);
                e.codes = reading.codes();
                e.restricted = reading.category();
            }
            ctx.remember(e);
        }
        lookUpReferences(ctx, entries);
        resolveConditions(ctx, entries);
        assignIds(ctx, entries);
        List<Entry> patients = new ArrayList<>();
        List<IncomingPatient> read = new ArrayList<>();
        for (Entry e : entries) {
            if (e.kind == Entry.Kind.PATIENT && !e.isDelete() && !e.matchedExisting) {
                patients.add(e);
                read.add(readPatient(ctx, e));
            }
        }
        // what the index will be asked about all of them, read together (a chunk of a file holds many)
        PatientLookups lookups = persons.lookUp(read);
        for (int i = 0; i < patients.size(); i++) {
            acceptPatient(ctx, patients.get(i), read.get(i), lookups);
        }
        lookups.flush(); // before anything names their records
        applyMerges(ctx);
        List<ResourceWrite> writes = new ArrayList<>();
        List<Entry> written = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (Entry e : entries) {
            if (e.kind == Entry.Kind.SKIPPED) {
                e.status = "200 OK";
                e.warn("informational", e.path(), e.type + " is outside the shared care record's scope and was not stored");
            } else if (e.isDelete()) {
                retire(ctx, e);
            } else if (e.restricted != null) {
                drop(ctx, e, dropped);
            } else if (e.kind != Entry.Kind.PATIENT && !e.matchedExisting) {
                rewriteReferences(ctx, e, e.resource, new StringBuilder(e.path()).append(".resource"));
                if (e.kind == Entry.Kind.ITEM) {
                    findPerson(ctx, e);
                }
                writes.add(new ResourceWrite(e.id, e.existing == null, e.type, e.personId, e.sourceRecordId,
                        provenance(ctx, e), e.resource, e.codes));
                written.add(e);
            }
        }
        droppedItems.remember(ctx.org(), dropped);
        List<WriteResult> results = writes.isEmpty() ? List.of() : write(writes, written);
        for (int i = 0; i < results.size(); i++) {
            WriteResult r = results.get(i);
            Entry e = written.get(i);
            e.version = r.version();
            e.status = r.outcome() == WriteResult.Outcome.CREATED ? "201 Created" : "200 OK";
            e.location = e.type + "/" + e.id + "/_history/" + r.version();
            e.lastModified = r.lastUpdated() == null ? null : r.lastUpdated().toString();
        }
    }

    private List<WriteResult> write(List<ResourceWrite> writes, List<Entry> entries) {
        try {
            return store.write(writes);
        } catch (InvalidResourceException ex) {
            // The store names the element; say which entry it was in.
            String at = entries.stream().filter(e -> e.id.equals(ex.resourceId())).findFirst()
                    .map(e -> e.path() + ".resource").orElse("Bundle.entry");
            throw new IngestRejected(422, "invalid", at + "." + ex.element(), at + "." + ex.getMessage());
        }
    }

    // ---- ids ----

    /** A POST names no id: the source's own id, else its first identifier, else the fullUrl, else the content itself. */
    private static String defaultSourceId(Entry e) {
        if (e.resource.hasNonNull("id")) {
            return e.resource.get("id").asText();
        }
        for (JsonNode id : e.resource.path("identifier")) {
            if (id.hasNonNull("value")) {
                return id.path("system").asText("") + "|" + id.get("value").asText();
            }
        }
        if (e.fullUrl != null && e.fullUrl.startsWith("urn:uuid:")) {
            return e.fullUrl.substring("urn:uuid:".length());
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(FhirJson.sha256(FhirJson.MAPPER.writeValueAsString(e.resource)));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void resolveConditions(Context ctx, List<Entry> entries) {
        for (Entry e : entries) {
            if (e.condition == null || e.kind == Entry.Kind.SKIPPED) {
                continue;
            }
            String identifier = identifierCondition(e.condition, e.path() + ".request");
            if (e.kind == Entry.Kind.PATIENT) {
                Optional<SourceRecordLink> link = persons.sourceRecordByIdentifier(ctx.org(), identifier);
                if (link.isPresent() && "POST".equals(e.method)) {
                    e.matchedExisting = true;
                    e.personId = link.get().personId();
                    e.sourceRecordId = link.get().sourceRecordId();
                    e.reference = "Patient/" + e.personId;
                    ctx.sourceRecordOfPerson.put(e.personId, e.sourceRecordId);
                    e.status = "200 OK";
                    e.location = e.reference;
                } else if (e.sourceId == null) {
                    e.sourceId = identifier;
                }
                continue;
            }
            Optional<ExistingResource> found;
            if (e.kind == Entry.Kind.SHARED) {
                found = sharedWithIdentifier(ctx, e.type, identifier, () -> new IngestRejected(412, "multiple-matches",
                        e.path() + ".request", e.path() + ": the condition " + e.condition + " matches more than one " + e.type))
                        .map(id -> new ExistingResource(e.type, id, null, 0, false));
            } else {
                found = store.existingItems(ctx.org(), List.of(new SourceKey(e.type, identifier))).values().stream().findFirst();
            }
            if (found.isPresent()) {
                e.existing = found.get();
                e.matchedExisting = "POST".equals(e.method) && !found.get().retired();
            } else if (e.sourceId == null) {
                e.sourceId = identifier;
            }
        }
    }

    private static String identifierCondition(String condition, String at) {
        String decoded = URLDecoder.decode(condition, StandardCharsets.UTF_8);
        if (!decoded.startsWith("identifier=") || decoded.contains("&") || decoded.length() == "identifier=".length()) {
            throw new IngestRejected(400, "not-supported", at, at + ": only a single identifier=system|value condition is"
                    + " supported, not '" + condition + "'");
        }
        return decoded.substring("identifier=".length());
    }

    private void assignIds(Context ctx, List<Entry> entries) {
        List<SourceKey> items = new ArrayList<>();
        List<SourceKey> shared = new ArrayList<>();
        for (Entry e : entries) {
            if (e.existing == null && e.sourceId != null) {
                if (e.kind == Entry.Kind.ITEM) {
                    items.add(new SourceKey(e.type, e.sourceId));
                } else if (e.kind == Entry.Kind.SHARED) {
                    shared.add(new SourceKey(e.type, e.sourceId));
                }
            }
        }
        Map<SourceKey, ExistingResource> existing = new HashMap<>(store.existingItems(ctx.org(), items));
        existing.putAll(store.existingShared(ctx.org(), shared));
        for (Entry e : entries) {
            if (e.kind != Entry.Kind.ITEM && e.kind != Entry.Kind.SHARED) {
                continue;
            }
            if (e.existing == null && e.sourceId != null) {
                e.existing = existing.get(new SourceKey(e.type, e.sourceId));
            }
            e.id = e.existing != null ? e.existing.id() : e.isDelete() || e.restricted != null ? null : Uuid7.next();
            if (e.restricted != null) {
                continue; // nothing of it is stored: no reference resolves to it
            }
            if (e.id != null) {
                e.reference = e.type + "/" + e.id;
            }
            if (e.matchedExisting) {
                e.status = "200 OK";
                e.location = e.reference;
            }
        }
    }

    // ---- patients ----

    /** The patient's identifying details, checked; its resource is added once its references are resolved. */
    private IncomingPatient readPatient(Context ctx, Entry e) {
        collectMerges(ctx, e);
        ObjectNode p = e.resource;
        List<String> identifiers = new ArrayList<>();
        NhsNumber nhs = null;
        JsonNode ids = p.path("identifier");
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (!id.hasNonNull("value")) {
                continue;
            }
            String system = id.path("system").asText("");
            String value = id.get("value").asText();
            if (NhsNumber.SYSTEM.equals(system)) {
                Optional<NhsNumber> parsed = NhsNumber.parse(value);
                String at = e.path() + ".resource.identifier[" + i + "]";
                if (parsed.isEmpty()) {
                    String why = at + " is not a valid NHS number: it must be ten digits whose last is the Modulus 11 check digit";
                    if (ctx.feed.rejectInvalidNhsNumber()) {
                        throw new IngestRejected(422, "invalid", at + ".value", why);
                    }
                    // never an identifier, never used to link: the record is indexed by its other details
                    e.warn("value", at + ".value", why + "; it was not used as an identifier nor to link, and the record"
                            + " was matched by its other details");
                    continue;
                }
                if (nhs != null && !nhs.equals(parsed.get())) {
                    throw new IngestRejected(422, "invalid", at, e.path() + ".resource carries two different NHS numbers");
                }
                nhs = parsed.get();
                value = nhs.value();
            }
            identifiers.add(system + "|" + value);
        }
        JsonNode name = officialName(p.path("name"));
        String family = name == null || !name.hasNonNull("family") ? null : name.get("family").asText();
        List<String> given = new ArrayList<>();
        if (name != null) {
            name.path("given").forEach(g -> {
                if (g.isTextual() && !g.asText().isBlank()) {
                    given.add(g.asText());
                }
            });
        }
        LocalDate birthDate = null;
        if (p.hasNonNull("birthDate")) {
            try {
                String text = p.get("birthDate").asText();
                birthDate = text.length() == 10 ? LocalDate.parse(text) : text.length() == 7
                        ? LocalDate.parse(text + "-01") : text.length() == 4 ? LocalDate.parse(text + "-01-01") : null;
                if (birthDate == null) {
                    throw new DateTimeParseException("length", text, 0);
                }
            } catch (DateTimeParseException ex) {
                throw new IngestRejected(422, "invalid", e.path() + ".resource.birthDate", e.path()
                        + ".resource.birthDate is not a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)");
            }
        }
        if (birthDate != null && (birthDate.isAfter(LocalDate.now()) || birthDate.getYear() < 1880)) {
            // kept as sent in the record, but not trusted to find or link the person
            e.warn("value", e.path() + ".resource.birthDate", e.path() + ".resource.birthDate is "
                    + (birthDate.getYear() < 1880 ? "before 1880" : "in the future")
                    + ": the record is stored but its date of birth is not used to match or find the person");
            birthDate = null;
        }
        String postcode = null;
        String addressLine = null;
        for (JsonNode address : p.path("address")) {
            if (address.hasNonNull("postalCode") || address.path("line").size() > 0) {
                postcode = address.hasNonNull("postalCode") ? address.get("postalCode").asText() : null;
                addressLine = address.path("line").size() > 0 ? address.path("line").get(0).asText(null) : null;
                break;
            }
        }
        Instant recorded = null;
        if (p.path("meta").hasNonNull("lastUpdated")) {
            try {
                recorded = java.time.OffsetDateTime.parse(p.path("meta").get("lastUpdated").asText()).toInstant();
            } catch (DateTimeParseException ex) {
                throw new IngestRejected(422, "invalid", e.path() + ".resource.meta.lastUpdated", e.path()
                        + ".resource.meta.lastUpdated is not a FHIR instant");
            }
        }
        return new IncomingPatient(ctx.org(), ctx.feed.id(), e.sourceId, identifiers, nhs, family, given, birthDate,
                p.path("gender").asText(null), postcode, addressLine, recorded, ctx.receivedAt, null, null);
    }

    private void acceptPatient(Context ctx, Entry e, IncomingPatient patient, PatientLookups lookups) {
        if (e.resource.has("link")) {
            // Patient.link names other patients, which may be asked of the index by identifier: it must
            // hold this bundle's records accepted so far
            lookups.flush();
        }
        rewriteReferences(ctx, e, e.resource, new StringBuilder(e.path()).append(".resource"));
        e.resource.remove("resourceType");
        String json;
        try {
            json = FhirJson.MAPPER.writeValueAsString(e.resource);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        SourceRecordLink link = persons.accept(patient.withResource(json, FhirJson.sha256(json)), lookups);
        e.personId = link.personId();
        e.sourceRecordId = link.sourceRecordId();
        e.reference = "Patient/" + link.personId();
        e.version = link.version();
        e.status = link.version() == 1 && link.changed() ? "201 Created" : "200 OK";
        e.location = e.reference;
        ctx.sourceRecordOfPerson.put(e.personId, e.sourceRecordId);
    }

    /** Patient.link replaces / replaced-by: the source says two of its records are one. */
    private static void collectMerges(Context ctx, Entry e) {
        JsonNode links = e.resource.path("link");
        for (int i = 0; i < links.size(); i++) {
            String type = links.get(i).path("type").asText();
            String other = links.get(i).path("other").path("reference").asText(null);
            if (other == null || !(type.equals("replaces") || type.equals("replaced-by"))) {
                continue;
            }
            String self = e.fullUrl != null ? e.fullUrl : "Patient/" + e.sourceId;
            String at = e.path() + ".resource.link[" + i + "].other";
            ctx.merges.add(type.equals("replaces") ? new String[] {other, self, at} : new String[] {self, other, at});
        }
    }

    private void applyMerges(Context ctx) {
        if (!ctx.merges.isEmpty()) {
            ctx.patientsBySourceId.clear(); // a merge moves records between people: look them up again
        }
        for (String[] merge : ctx.merges) {
            UUID retiring = sourceRecordOf(ctx, merge[0], merge[2]);
            UUID surviving = sourceRecordOf(ctx, merge[1], merge[2]);
            if (!retiring.equals(surviving)) {
                persons.merge(retiring, surviving, ctx.feed.id());
            }
        }
    }

    /** The source record a Patient reference names: an entry of this bundle, or a record this source sent before. */
    private UUID sourceRecordOf(Context ctx, String reference, String at) {
        Entry entry = ctx.byFullUrl.get(reference);
        if (entry == null) {
            entry = ctx.byLocalReference.get(reference);
        }
        if (entry != null && entry.sourceRecordId != null) {
            return entry.sourceRecordId;
        }
        if (reference.startsWith("Patient/")) {
            Optional<SourceRecordLink> link = persons.sourceRecordBySourceId(ctx.org(), reference.substring("Patient/".length()));
            if (link.isPresent()) {
                return link.get().sourceRecordId();
            }
        }
        throw unresolved(at, reference, "a merge must name a Patient this source sent, in this bundle or before");
    }

    private static JsonNode officialName(JsonNode names) {
        JsonNode first = null;
        for (JsonNode n : names) {
            if (first == null) {
                first = n;
            }
            if ("official".equals(n.path("use").asText()) || "usual".equals(n.path("use").asText())) {
                return n;
            }
        }
        return first;
    }

    // ---- items ----

    private void findPerson(Context ctx, Entry e) {
        for (String path : ResourceScope.subjectPaths(e.type)) {
            for (JsonNode ref : nodesAt(e.resource, path)) {
                String reference = ref.path("reference").asText("");
                if (reference.startsWith("Patient/")) {
                    UUID person = UUID.fromString(reference.substring("Patient/".length()));
                    e.personId = person;
                    UUID named = e.patientRecords == null ? null : e.patientRecords.get(person);
                    e.sourceRecordId = named != null ? named : ctx.sourceRecordOfPerson.computeIfAbsent(person,
                            p -> persons.sourceRecordOfPerson(ctx.org(), p).map(SourceRecordLink::sourceRecordId).orElse(null));
                    if (e.sourceRecordId == null) {
                        throw new IngestRejected(422, "processing", e.path() + ".resource." + path, e.path() + ": "
                                + ctx.feed.id() + " has sent no Patient for the person this " + e.type
                                + " belongs to; send the Patient first or in the same bundle");
                    }
                    return;
                }
            }
        }
        throw new IngestRejected(422, "required", e.path() + ".resource." + String.join("|", ResourceScope.subjectPaths(e.type)),
                e.path() + ": a " + e.type + " must name the Patient it belongs to in "
                        + String.join(" or ", ResourceScope.subjectPaths(e.type)));
    }

    private static List<JsonNode> nodesAt(JsonNode node, String path) {
        List<JsonNode> current = List.of(node);
        for (String part : path.split("\\.")) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                JsonNode child = n.get(part);
                if (child == null) {
                    continue;
                }
                if (child.isArray()) {
                    child.forEach(next::add);
                } else {
                    next.add(child);
                }
            }
            current = next;
        }
        return current;
    }

    private void retire(Context ctx, Entry e) {
        if (e.kind == Entry.Kind.PATIENT) {
            throw new IngestRejected(422, "business-rule", e.path() + ".request", e.path()
                    + ": a source cannot delete a person's record through this API; send its changes as an update");
        }
        if (e.existing == null) {
            e.status = "204 No Content";
            e.warn("informational", e.path(), "Nothing was held under " + e.type + "/" + e.sourceId + " from " + ctx.feed.id());
            return;
        }
        WriteResult r = store.retire(e.existing, provenance(ctx, e), "deleted by the source");
        if (e.kind == Entry.Kind.SHARED) {
            sharedIds.invalidateAll(); // rare; a withdrawn organisation or practitioner must not be matched again
        }
        e.status = "204 No Content";
        e.version = r.version();
        e.location = e.type + "/" + e.existing.id() + "/_history/" + r.version();
    }

    /**
     * An item under a restricted code list: not stored, and what the source sent under its id before
     * is retired, so nothing stale stays current in its place. Its names are remembered (hashed) so
     * that later deliveries naming it still load. Nothing of it is logged.
     */
    private void drop(Context ctx, Entry e, List<String> dropped) {
        if (e.existing != null && !e.existing.retired()) {
            store.retire(e.existing, provenance(ctx, e), WITHDRAWN);
        }
        e.status = "200 OK";
        e.location = null;
        e.version = null;
        e.warn("informational", e.path(), e.path() + NOT_STORED);
        if (e.sourceId != null) {
            dropped.add(e.type + "/" + e.sourceId);
        }
        for (JsonNode id : e.resource.path("identifier")) {
            if (id.hasNonNull("value")) {
                dropped.add(e.type + "?" + id.path("system").asText("") + "|" + id.get("value").asText());
            }
        }
    }

    private static ItemProvenance provenance(Context ctx, Entry e) {
        return new ItemProvenance(ctx.org(), ctx.organisationName, ctx.feed.id(), e.sourceId, null, null, ctx.receivedAt,
                null);
    }

    // ---- references ----

    /**
     * Looks up, in one query per kind, every literal reference ({@code Type/id}) of the bundle that
     * points outside it: a file's lines or a bundle's items name their patients and encounters by the
     * source's ids, and one query for each would cost more than everything else together.
     */
    private void lookUpReferences(Context ctx, List<Entry> entries) {
        java.util.Set<String> patients = new java.util.HashSet<>();
        java.util.Set<SourceKey> items = new java.util.HashSet<>();
        java.util.Set<SourceKey> shared = new java.util.HashSet<>();
        for (Entry e : entries) {
            if (e.resource != null && e.kind != Entry.Kind.SKIPPED && !e.isDelete() && e.restricted == null) {
                collectReferences(ctx, e.resource, patients, items, shared);
            }
        }
        if (!patients.isEmpty()) {
            patients.forEach(id -> ctx.patientsBySourceId.put(id, null));
            ctx.patientsBySourceId.putAll(persons.sourceRecordsBySourceIds(ctx.org(), patients));
        }
        for (java.util.Set<SourceKey> keys : List.of(items, shared)) {
            if (!keys.isEmpty()) {
                keys.forEach(k -> ctx.heldBySourceKey.put(k, null));
                ctx.heldBySourceKey.putAll(keys == items ? store.existingItems(ctx.org(), keys)
                        : store.existingShared(ctx.org(), keys));
            }
        }
    }

    private static void collectReferences(Context ctx, JsonNode node, java.util.Set<String> patients,
            java.util.Set<SourceKey> items, java.util.Set<SourceKey> shared) {
        if (node.isObject()) {
            JsonNode reference = node.get("reference");
            if (reference != null && reference.isTextual()) {
                String ref = reference.asText();
                int slash = ref.indexOf('/');
                if (slash > 0 && !ref.startsWith(URN) && !ref.startsWith("http") && ref.indexOf('?') < 0
                        && !ctx.byFullUrl.containsKey(ref) && !ctx.byLocalReference.containsKey(ref)) {
                    String[] parts = ref.split("/");
                    String type = parts[0];
                    if ((parts.length == 2 || parts.length == 4 && "_history".equals(parts[2]))
                            && ResourceScope.inScope(type) && !ctx.byLocalReference.containsKey(type + "/" + parts[1])) {
                        if ("Patient".equals(type)) {
                            patients.add(parts[1]);
                        } else {
                            (ResourceScope.isShared(type) ? shared : items).add(new SourceKey(type, parts[1]));
                        }
                    }
                }
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (child.isContainerNode()) {
                    collectReferences(ctx, child, patients, items, shared);
                }
            }
        }
    }

    private void rewriteReferences(Context ctx, Entry e, JsonNode node, StringBuilder path) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode reference = object.get("reference");
            if (reference != null && reference.isTextual()) {
                String resolved = resolve(ctx, e, reference.asText(), path);
                if (resolved == DROPPED) {
                    // what the source said of it (display, identifier, type) can name what was dropped
                    object.removeAll();
                    object.put("display", NOT_HELD);
                    return;
                }
                if (resolved == null) {
                    object.remove("reference");
                    if (!object.has("display")) {
                        object.put("display", NOT_HELD);
                    }
                } else {
                    object.put("reference", resolved);
                }
            }
            var fields = object.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                JsonNode child = field.getValue();
                if (child.isContainerNode() && !"reference".equals(field.getKey())) {
                    int mark = path.length();
                    path.append('.').append(field.getKey());
                    rewriteReferences(ctx, e, child, path);
                    path.setLength(mark);
                }
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isContainerNode()) {
                    int mark = path.length();
                    path.append('[').append(i).append(']');
                    rewriteReferences(ctx, e, array.get(i), path);
                    path.setLength(mark);
                }
            }
        }
    }

    /** This store's reference for what {@code ref} points at; null when it points at something out of scope. */
    private String resolve(Context ctx, Entry from, String ref, CharSequence path) {
        if (ref.startsWith("#")) {
            return ref;
        }
        Entry target = ctx.byFullUrl.get(ref);
        if (target != null) {
            return referenceTo(from, target, ref, path);
        }
        if (ref.startsWith(URN)) {
            throw unresolved(path, ref, "no entry in this bundle has that fullUrl");
        }
        int q = ref.indexOf('?');
        if (q > 0) {
            return resolveConditional(ctx, from, ref.substring(0, q), ref.substring(q + 1), path);
        }
        if (ref.startsWith("http://") || ref.startsWith("https://")) {
            return ref; // an absolute reference to another server: kept as sent
        }
        String[] parts = ref.split("/");
        if (parts.length != 2 && !(parts.length == 4 && "_history".equals(parts[2]))) {
            throw unresolved(path, ref, "a reference is Type/id, a fullUrl in the bundle, or Type?identifier=system|value");
        }
        String type = parts[0];
        String id = parts[1];
        if (!ResourceScope.inScope(type)) {
            return null;
        }
        target = ctx.byLocalReference.get(type + "/" + id);
        if (target != null) {
            return referenceTo(from, target, ref, path);
        }
        if ("Patient".equals(type)) {
            Optional<SourceRecordLink> link = ctx.patientsBySourceId.containsKey(id)
                    ? Optional.ofNullable(ctx.patientsBySourceId.get(id)) : persons.sourceRecordBySourceId(ctx.org(), id);
            if (link.isPresent()) {
                ctx.sourceRecordOfPerson.put(link.get().personId(), link.get().sourceRecordId());
                from.namesPatient(link.get().personId(), link.get().sourceRecordId());
                return "Patient/" + link.get().personId();
            }
            UUID ours = asUuid(id);
            if (ours != null && persons.person(ours).isPresent()) {
                return "Patient/" + ours;
            }
            throw unresolved(path, ref, ctx.feed.id() + " has sent no Patient with that id");
        }
        SourceKey key = new SourceKey(type, id);
        ExistingResource held = ctx.heldBySourceKey.containsKey(key) ? ctx.heldBySourceKey.get(key)
                : (ResourceScope.isShared(type) ? store.existingShared(ctx.org(), List.of(key))
                        : store.existingItems(ctx.org(), List.of(key))).get(key);
        if (held != null) {
            return type + "/" + held.id();
        }
        UUID ours = asUuid(id);
        if (ours != null && store.byId(type, ours).isPresent()) {
            return type + "/" + ours;
        }
        if (!ResourceScope.isShared(type) && droppedItems.wasDropped(ctx.org(), type + "/" + id)) {
            return DROPPED;
        }
        throw unresolved(path, ref, ctx.feed.id() + " has sent no " + type + " with that id");
    }

    private String resolveConditional(Context ctx, Entry from, String type, String query, CharSequence path) {
        if (!ResourceScope.inScope(type)) {
            return null;
        }
        String identifier = identifierCondition(query, path.toString());
        Entry target = ctx.byIdentifier.get(type + "?" + identifier);
        if (target == null && identifier.indexOf('|') < 0) {
            target = ctx.byIdentifier.entrySet().stream()
                    .filter(en -> en.getKey().startsWith(type + "?") && en.getKey().endsWith("|" + identifier))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (target != null) {
            return referenceTo(from, target, type + "?" + query, path);
        }
        if ("Patient".equals(type)) {
            Optional<SourceRecordLink> link = persons.sourceRecordByIdentifier(ctx.org(), identifier);
            if (link.isPresent()) {
                ctx.sourceRecordOfPerson.put(link.get().personId(), link.get().sourceRecordId());
                from.namesPatient(link.get().personId(), link.get().sourceRecordId());
                return "Patient/" + link.get().personId();
            }
            throw unresolved(path, type + "?" + query, ctx.feed.id() + " has sent no Patient with that identifier");
        }
        if (ResourceScope.isShared(type)) {
            String ref = type + "?" + query;
            return type + "/" + sharedWithIdentifier(ctx, type, identifier,
                    () -> unresolved(path, ref, "more than one " + type + " has that identifier"))
                    .orElseThrow(() -> unresolved(path, ref, ctx.feed.id() + " has sent no " + type + " with that identifier"));
        }
        Map<SourceKey, ExistingResource> found = store.existingItems(ctx.org(), List.of(new SourceKey(type, identifier)));
        if (!found.isEmpty()) {
            return type + "/" + found.values().iterator().next().id();
        }
        if (droppedItems.wasDropped(ctx.org(), type + "?" + identifier)) {
            return DROPPED;
        }
        throw unresolved(path, type + "?" + query, ctx.feed.id() + " has sent no " + type + " with that identifier");
    }

    /**
     * The one shared resource of this organisation with the identifier. Conditional references
     * and creates repeat in every bundle a feed sends, and a shared resource keeps its id, so a
     * match found in the database is remembered.
     */
    private Optional<UUID> sharedWithIdentifier(Context ctx, String type, String identifier,
            java.util.function.Supplier<IngestRejected> ambiguous) {
        String key = ctx.org() + "|" + type + "|" + identifier;
        UUID cached = sharedIds.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        List<ExistingResource> found = store.sharedByIdentifier(ctx.org(), type, identifier);
        if (found.size() > 1) {
            throw ambiguous.get();
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        sharedIds.put(key, found.get(0).id());
        return Optional.of(found.get(0).id());
    }

    private static String referenceTo(Entry from, Entry target, String ref, CharSequence path) {
        if (target.kind == Entry.Kind.SKIPPED) {
            return null;
        }
        if (target.restricted != null) {
            return DROPPED;
        }
        if (target.reference == null) {
            throw unresolved(path, ref, "it points at an entry that is deleted or not stored");
        }
        if (target.kind == Entry.Kind.PATIENT) {
            from.namesPatient(target.personId, target.sourceRecordId);
        }
        return target.reference;
    }

    private static IngestRejected unresolved(CharSequence path, String ref, String why) {
        return new IngestRejected(422, "not-found", path + ".reference", path + ".reference '" + ref
                + "' does not resolve: " + why);
    }

    private static UUID asUuid(String id) {
        if (id.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
