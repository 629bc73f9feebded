package org.opencarerecord.access;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.opencarerecord.access.internal.AccessAudit;
import org.opencarerecord.access.internal.AccessContext;
import org.opencarerecord.access.internal.BreakGlass;
import org.opencarerecord.access.internal.Relationships;
import org.opencarerecord.access.internal.StatedReasons;
import org.opencarerecord.identity.Person;
import org.opencarerecord.identity.PersonIndex;
import org.opencarerecord.identity.PersonQuery;
import org.opencarerecord.identity.PersonSearchResult;
import org.opencarerecord.record.ClinicalStore;
import org.opencarerecord.record.ItemCounts;
import org.opencarerecord.record.ItemQuery;
import org.opencarerecord.record.ItemVisibility;
import org.opencarerecord.record.ResourceScope;
import org.opencarerecord.record.StoredResource;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.stereotype.Service;

/**
 * Every read of patient data by the API and the viewer passes here, and only here. Each read is
 * checked against the signed-in user (a role that opens records, a token scope that reads, the one
 * person a patient-scoped token names), the person is opened only with a legitimate relationship
 * or a stated direct-care reason, only what the role may see leaves the store (filtered in the
 * query), and the access is audited once per person per request with what was shown.
 */
@Service
public class RecordAccess {

    private final ClinicalStore store;
    private final PersonIndex persons;
    private final SourceRegistry sources;
    private final VisibilityPolicy policy;
    private final Relationships relationships;
    private final AccessAudit audit;
    private final Objections objections;
    private final BreakGlass breakGlass;

    public RecordAccess(ClinicalStore store, PersonIndex persons, SourceRegistry sources, VisibilityPolicy policy,
            Relationships relationships, AccessAudit audit, Objections objections, BreakGlass breakGlass) {
        this.objections = objections;
        this.breakGlass = breakGlass;
        this.store = store;
        this.persons = persons;
        this.sources = sources;
        this.policy = policy;
        this.relationships = relationships;
        this.audit = audit;
    }

    /** A record's opening page: the person's demographics (their source records). Empty for an unknown id. */
    public Optional<Person> person(UUID personId) {
        AccessContext c = reader();
        Optional<Person> person = persons.person(personId);
        if (person.isPresent()) {
            open(c, personId, person.get());
            opened(c, "record.open", personId, Map.of("shown", Map.of("demographics", 1), "objection", objected(c, personId)));
        }
        return person;
    }

    /** People found by an identifier, with their demographics (finding someone needs no relationship). */
    public List<Person> findByIdentifier(String system, String value) {
        AccessContext c = searching();
        List<Person> found = persons.findByIdentifier(system, value).stream().map(persons::person)
                .flatMap(Optional::stream).toList();
        audit.record(c, "person.search", "allowed", null, null, null, null,
                Map.of("by", "identifier", "results", found.stream().map(p -> p.id().toString()).toList()));
        return found;
    }

    /** A ranked demographic search, with each match's person. */
    public PersonSearch search(PersonQuery query, int limit) {
        AccessContext c = searching();
        PersonSearchResult result = persons.search(query, limit);
        Map<UUID, Person> found = new LinkedHashMap<>();
        for (PersonSearchResult.Match m : result.matches()) {
            persons.person(m.personId()).ifPresent(p -> found.put(p.id(), p));
        }
        audit.record(c, "person.search", "allowed", null, null, null, null,
                Map.of("by", "demographics", "results", found.keySet().stream().map(UUID::toString).toList()));
        return new PersonSearch(result, found);
    }

    /** A demographic search's result: the index's matches and the people they name. */
    public record PersonSearch(PersonSearchResult result, Map<UUID, Person> persons) {
    }

    /**
     * The person and one page of their record as the user may see it, with how many items in all they
     * see and how many are withheld from them (then the answer must say that something was withheld).
     * Empty for an unknown person.
     */
    public Optional<RecordPage> everything(UUID personId, UUID after, int limit, Collection<String> types, Instant since) {
        AccessContext c = reader();
        Optional<Person> person = persons.person(personId);
        if (person.isEmpty()) {
            return Optional.empty();
        }
        open(c, personId, person.get());
        if (objected(c, personId)) {
            // the person objected: demographics and the notice, nothing clinical (not even how much there is)
            opened(c, "record.open", personId, Map.of("shown", Map.of("demographics", 1), "objection", true));
            return Optional.of(new RecordPage(person.get(), List.of(), new ItemCounts(0, 0), Objections.NOTICE));
        }
        ItemVisibility visibility = visibility(c, personId);
        List<StoredResource> items = types != null && types.isEmpty() ? List.of()
                : store.everything(personId, after, limit, types, since, visibility);
        ItemCounts counts = types != null && types.isEmpty() ? new ItemCounts(0, 0)
                : store.countEverything(personId, types, since, visibility);
        opened(c, "record.open", personId, Map.of("shown", shown(items), "withheld", counts.withheld()));
        return Optional.of(new RecordPage(person.get(), items, counts, null));
    }

    /**
     * The person, a page of items, the count the user sees and the count withheld from them, and the
     * notice to show instead of the record when the person has objected to sharing (else null).
     */
    public record RecordPage(Person person, List<StoredResource> items, ItemCounts counts, String objection) {
    }

    /**
     * The person and which sources hold data on them (itself telling: a sexual health or mental
     * health service, say). Empty for an unknown person.
     */
    public Optional<Holdings> holdingsBySource(UUID personId) {
        AccessContext c = reader();
        Optional<Person> person = persons.person(personId);
        if (person.isEmpty()) {
            return Optional.empty();
        }
        open(c, personId, person.get());
        refuseIfObjected(c, personId);
        Map<String, ClinicalStore.SourceHoldings> holdings = store.holdingsBySource(personId, visibility(c, personId));
        opened(c, "record.sources", personId, Map.of("sources", holdings.size()));
        return Optional.of(new Holdings(person.get(), holdings));
    }

    /** A person and what each source organisation holds of their record. */
    public record Holdings(Person person, Map<String, ClinicalStore.SourceHoldings> bySource) {
    }

    /**
     * A resource by id. A clinical item is shown only to a user who may open its person's record and
     * whose role sees it (withheld: {@link AccessDenied} 403 saying so); a shared resource
     * (Organization, Practitioner, ...) holds no patient data.
     */
    public Optional<StoredResource> read(String resourceType, UUID id) {
        AccessContext c = reader();
        Optional<StoredResource> found = store.read(resourceType, id);
        if (ResourceScope.isShared(resourceType) || found.isEmpty() || found.get().personId() == null) {
            return found;
        }
        StoredResource item = found.get();
        open(c, item.personId(), null);
        refuseIfObjected(c, item.personId());
        boolean visible = visibility(c, item.personId()).allows(item.resourceType(), item.organisationCode(), item.codes());
        Relationships.Decision d = decision(c, item.personId());
        audit.record(c, "record.read", visible ? "allowed" : "denied", item.personId(), d.reasonCode(), d.reasonText(),
                d.relationship(), Map.of("item", item.resourceType() + "/" + item.id(), "withheld", !visible));
        if (!visible) {
            throw new AccessDenied(403, "This item has been withheld: your role does not show "
                    + VisibilityPolicy.category(item.resourceType(), kindOf(item.organisationCode()))
                    + " from this source, or it is sensitive information your role sees only in an emergency"
                    + " (X-Care-Break-Glass: <reason>)");
        }
        return found;
    }

    /** A search within one person's record, as the user may see it. */
    public ItemSearch search(ItemQuery query) {
        AccessContext c = reader();
        open(c, query.personId(), null);
        refuseIfObjected(c, query.personId());
        ItemVisibility visibility = visibility(c, query.personId());
        List<StoredResource> items = store.search(query, visibility);
        ItemCounts counts = visibility.all() ? new ItemCounts(items.size(), 0)
                : store.countEverything(query.personId(), List.of(query.resourceType()), null, visibility);
        opened(c, "record.search", query.personId(),
                Map.of("type", query.resourceType(), "shown", shown(items), "withheld", counts.withheld()));
        return new ItemSearch(items, counts.withheld() > 0);
    }

    /** Items found, and whether items of that type are withheld from the user. */
    public record ItemSearch(List<StoredResource> items, boolean withheld) {
    }

    /** Shared resources (organisations, practitioners) by identifier: no patient data, but only for those who read records. */
    public List<StoredResource> sharedWithIdentifier(String resourceType, String identifier, int limit) {
        reader();
        return store.sharedWithIdentifier(resourceType, identifier, limit);
    }

    /**
     * Refuses (403, audited) a signed-in user whose role does not open people's records: the viewer's
     * search page asks before it shows its form.
     */
    public void checkOpensRecords() {
        reader();
    }

    /** A role's name as people read it ("Hospital clinician"). */
    public String roleName(String role) {
        return relationships.roleName(role);
    }

    /**
     * Whether the signed-in user's role has sensitive information withheld that an emergency access
     * (break-glass) would show: the viewer offers it only then.
     */
    public boolean mayBreakGlass() {
        return !breakGlass.hiddenCodes(reader().user().role()).isEmpty();
    }

    /** The direct-care reasons a user may state (code to words), for the viewer's reason step. */
    public Map<String, String> reasons() {
        return relationships.reasons();
    }

    /**
     * Whether opening this person's record needs a direct-care reason first: the user's organisation
     * has no legitimate relationship with them and no reason has been stated. Shows nothing and so
     * audits nothing; opening the record is audited as usual.
     */
    public boolean needsReason(UUID personId) {
        AccessContext c = reader();
        if (c.user().limitedToOnePerson()) {
            open(c, personId, null); // a session or token for one person: no reason opens anyone else (403)
            return false;
        }
        if (c.decisions().get(personId) instanceof Relationships.Decision d) {
            return !d.allowed();
        }
        Optional<Person> person = persons.person(personId);
        if (person.isEmpty()) {
            return false; // nobody to ask a reason about: the record then answers that there is no such person
        }
        Relationships.Decision decision = relationships.decide(c.user(), personId, person.get(), reasonFor(c, personId));
        if (!decision.allowed()) {
            return true;
        }
        admit(c, personId, decision); // the record opened next in this request does not decide again
        return false;
    }

    /**
     * The viewer's reason step: a direct-care reason (a code from {@link #reasons()}, and free text)
     * for opening this person, kept for the rest of the signed-in session. The access it allows is
     * audited with the reason and flagged for privacy review when the record opens.
     */
    public void stateReason(UUID personId, String code, String text) {
        AccessContext c = reader();
        if (code == null || !relationships.reasons().containsKey(code)) {
            throw new AccessDenied(400, "Choose one of the direct-care reasons listed");
        }
        String clean = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        if (clean.length() > 500) {
            throw new AccessDenied(400, "Keep the reason's description under 500 characters");
        }
        c.decisions().remove(personId);
        StatedReasons.put(personId, clean.isEmpty() ? code : code + " " + clean);
    }

    /**
     * Emergency access from the viewer: opens this person's sensitive items to the user for the
     * configured period (60 minutes by default). Needs a reason; recorded, audited and always
     * reported to privacy officers. Returns when it ends.
     */
    public Instant breakGlass(UUID personId, String reason) {
        AccessContext c = reader();
        if (reason == null || reason.isBlank()) {
            throw new AccessDenied(400, "Emergency access needs a reason: say why you need to see withheld information now");
        }
        open(c, personId, null);
        return startBreakGlass(c, personId, reason.strip());
    }

    /** Results and diagnoses: what a professional could break as news that belongs to another. */
    private static final java.util.Set<String> NEWS = java.util.Set.of("Observation", "DiagnosticReport", "Condition");

    /**
     * Whether an item is a result or diagnosis recorded so recently that it may not yet have been
     * discussed with the person (care-record.access.not-yet-discussed-window, 14 days): shown with a
     * marker, so that no one breaks news that belongs to another professional.
     */
    public boolean mayNotYetBeDiscussed(StoredResource item) {
        return NEWS.contains(item.resourceType()) && item.recordedAt() != null
                && item.recordedAt().isAfter(Instant.now().minus(relationships.notYetDiscussedWindow()));
    }

    /** The marker's words. */
    public static final String NOT_YET_DISCUSSED = "Recorded recently: this may not yet have been discussed with the person."
            + " Check before you mention it to them.";

    // ---- the rules ----

    private AccessContext signedInReader() {
        AccessContext c = AccessContext.current();
        if (c == null || c.user() == null) {
            throw new AccessDenied(401, "Sign in first: reading the record needs a signed-in user or an API token");
        }
        CareUser u = c.user();
        if (!u.canRead()) {
            deny(c, null, "The token's scopes (" + String.join(" ", u.scopes()) + ") do not allow reading; ask for"
                    + " user/*.read, patient/*.read or system/*.read");
        }
        return c;
    }

    /** A signed-in user whose token reads and whose role opens records. */
    private AccessContext reader() {
        AccessContext c = signedInReader();
        if (!relationships.opensRecords(c.user().role())) {
            deny(c, null, roleCannot(c));
        }
        return c;
    }

    private AccessContext searching() {
        AccessContext c = reader();
        if (c.user().limitedToOnePerson()) {
            deny(c, null, c.user().launchedFrom() != null ? launchedFor(c.user()) + "; finding other people needs a"
                    + " sign-in to the shared care record itself"
                    : "A patient/*.read token is for one person's record; searching for people needs user/*.read");
        }
        return c;
    }

    /**
     * The checks for opening one person's record (the person when already read, else null), made
     * once per person per request.
     */
    private void open(AccessContext c, UUID personId, Person person) {
        if (c.decisions().get(personId) instanceof Relationships.Decision) {
            return;
        }
        CareUser u = c.user();
        if (u.limitedToOnePerson() && !personId.equals(u.patient())) {
            deny(c, personId, u.launchedFrom() != null ? launchedFor(u) + ", and this is not that person: open their"
                    + " record from " + u.launchedFrom().systemName() + ", or sign in to the shared care record itself"
                    : "This token is for one person's record (patient/*.read) and this is not that person");
        }
        Relationships.Decision decision = relationships.decide(u, personId, person, reasonFor(c, personId));
        if (!decision.allowed()) {
            deny(c, personId, decision.refusal());
        }
        admit(c, personId, decision);
    }

    /** An allowed decision, with whether an objection stands, kept for the rest of the request. */
    private void admit(AccessContext c, UUID personId, Relationships.Decision decision) {
        boolean objected = objections.stands(personId);
        if (objected && breakGlass.overridesObjections() && breakingGlass(c, personId)) {
            // configured to let an emergency override the objection: the break-glass is recorded and reported
            objected = false;
        }
        c.decisions().put(personId, decision.withObjection(objected));
    }

    /** The reason the request states (API: the X-Care-Reason header), or else one stated in this page session. */
    private static String reasonFor(AccessContext c, UUID personId) {
        return c.reason() != null || "api".equals(c.channel()) ? c.reason() : StatedReasons.get(personId);
    }

    private static String launchedFor(CareUser u) {
        return "This session was opened by " + u.launchedFrom().systemName() + " for one person's record";
    }

    private String roleCannot(AccessContext c) {
        return "Your role (" + relationships.roleName(c.user().role()) + ") does not open people's records";
    }

    private void deny(AccessContext c, UUID personId, String why) {
        audit.record(c, "access.denied", "denied", personId, null, null, null, Map.of("reason", why));
        throw new AccessDenied(403, why);
    }

    /** Whether the user breaks the glass for this person now (asked for with a reason: started and audited) or did. */
    private boolean breakingGlass(AccessContext c, UUID personId) {
        if (c.breakGlass() != null && !c.breakGlass().isBlank()) {
            UUID started = UUID.nameUUIDFromBytes(("break-glass:" + personId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!(c.decisions().get(started) instanceof Instant)) { // once per person per request
                c.decisions().put(started, startBreakGlass(c, personId, c.breakGlass().trim()));
            }
            return true;
        }
        return breakGlass.active(c.user().userId(), personId);
    }

    private Instant startBreakGlass(AccessContext c, UUID personId, String reason) {
        Instant until = breakGlass.start(c.user().userId(), personId, reason);
        audit.record(c, "break-glass", "allowed", personId, null, reason, null, Map.of("until", until.toString()));
        return until;
    }

    /**
     * What the user may see of this person's record: the role's policy, less the sensitive categories
     * the role is not named for, unless the user broke the glass for this person (asked for now with
     * X-Care-Break-Glass and a reason: started, audited and reported; or earlier and not expired).
     */
    private ItemVisibility visibility(AccessContext c, UUID personId) {
        ItemVisibility policyView = policy.itemsFor(c.user().role());
        java.util.Set<String> hidden = breakGlass.hiddenCodes(c.user().role());
        if (hidden.isEmpty()) {
            return policyView;
        }
        return breakingGlass(c, personId) ? policyView : policyView.hiding(hidden);
    }

    private static boolean objected(AccessContext c, UUID personId) {
        return decision(c, personId).objected();
    }

    /** Clinical content of a person who objected is refused, saying why (the refusal is audited). */
    private void refuseIfObjected(AccessContext c, UUID personId) {
        if (objected(c, personId)) {
            audit.record(c, "access.denied", "denied", personId, null, null, null,
                    Map.of("reason", "the person has objected to sharing"));
            throw new AccessDenied(403, Objections.NOTICE);
        }
    }

    private static Relationships.Decision decision(AccessContext c, UUID personId) {
        return (Relationships.Decision) c.decisions().get(personId);
    }

    /** The audit entry of an allowed access to an opened record, with why it was allowed. */
    private void opened(AccessContext c, String action, UUID personId, Map<String, Object> details) {
        Relationships.Decision d = decision(c, personId);
        audit.record(c, action, "allowed", personId, d.reasonCode(), d.reasonText(), d.relationship(), details);
    }

    private String kindOf(String organisationCode) {
        return sources.organisation(organisationCode).map(SourceOrganisation::kind).orElse(null);
    }

    /** Item counts by category, for the audit entry: what the user was shown. */
    private Map<String, Integer> shown(List<StoredResource> items) {
        Map<String, Integer> out = new TreeMap<>();
        for (StoredResource item : items) {
            out.merge(VisibilityPolicy.category(item.resourceType(), kindOf(item.organisationCode())), 1, Integer::sum);
        }
        return out;
    }
}
