package org.opencarerecord.access.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.opencarerecord.access.CareUser;
import org.opencarerecord.identity.Person;
import org.opencarerecord.identity.PersonIndex;
import org.opencarerecord.identity.SourceRecord;
import org.opencarerecord.record.ClinicalStore;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.stereotype.Component;

/**
 * Whether a professional may open a person's record without further question: the person is
 * registered at their organisation (a GP practice holding their record), or their organisation
 * holds an open episode of care or referral, or an encounter or appointment within the configured
 * window, or their organisation's system opened the viewer on this person (an in-context launch).
 * Otherwise they must state a direct-care reason from the configured list; the access is then
 * allowed and flagged for privacy review.
 */
@Component
public class Relationships {

    /**
     * Allowed with a relationship, or with a stated reason (then flagged), or refused with why;
     * {@code objected}: the person has a standing objection to sharing (then only demographics show).
     */
    public record Decision(boolean allowed, String relationship, String reasonCode, String reasonText, String refusal,
            boolean objected) {

        Decision(boolean allowed, String relationship, String reasonCode, String reasonText, String refusal) {
            this(allowed, relationship, reasonCode, reasonText, refusal, false);
        }

        public Decision withObjection(boolean standing) {
            return new Decision(allowed, relationship, reasonCode, reasonText, refusal, standing);
        }
    }

    private final PersonIndex persons;
    private final ClinicalStore store;
    private final SourceRegistry sources;
    private final Roles roles;
    private final AccessProperties properties;

    Relationships(PersonIndex persons, ClinicalStore store, SourceRegistry sources, Roles roles, AccessProperties properties) {
        this.persons = persons;
        this.store = store;
        this.sources = sources;
        this.roles = roles;
        this.properties = properties;
    }

    public boolean opensRecords(String role) {
        return roles.opensRecords(role);
    }

    public String roleName(String role) {
        return roles.name(role);
    }

    /** {@code person}: the person when the caller has read them already, else null (read here if needed). */
    public Decision decide(CareUser user, UUID personId, Person person, String reasonHeader) {
        Optional<String> launch = launch(user, personId);
        if (launch.isPresent()) {
            return new Decision(true, launch.get(), null, null, null);
        }
        Optional<String> relationship = relationship(user.organisationCode(), personId, person);
        if (relationship.isPresent()) {
            return new Decision(true, relationship.get(), null, null, null);
        }
        if (reasonHeader != null && !reasonHeader.isBlank()) {
            String trimmed = reasonHeader.trim();
            int space = trimmed.indexOf(' ');
            String code = space < 0 ? trimmed : trimmed.substring(0, space);
            String text = space < 0 ? null : trimmed.substring(space + 1).trim();
            if (properties.getReasons().containsKey(code)) {
                return new Decision(true, null, code, text == null || text.isEmpty() ? null : text, null);
            }
            return new Decision(false, null, null, null, "'" + code + "' is not a direct-care reason this service knows;"
                    + " use one of: " + String.join(", ", properties.getReasons().keySet()));
        }
        return new Decision(false, null, null, null, "A reason is needed: you have no legitimate relationship with this"
                + " person recorded here (not registered at, or in recent contact with, your organisation). State a"
                + " direct-care reason in the X-Care-Reason header (a code, optionally followed by free text), one of: "
                + String.join(", ", properties.getReasons().keySet()));
    }

    /**
     * An in-context launch: the user's own system (configured for their organisation, the launch
     * verified when the session began) opened the viewer on exactly this person. It names the
     * system and organisation, for the audit.
     */
    static Optional<String> launch(CareUser user, UUID personId) {
        if (user.launchedFrom() == null || user.patient() == null || !user.patient().equals(personId)) {
            return Optional.empty();
        }
        return Optional.of(launchRelationship(user.launchedFrom().systemName(), user.organisationCode()));
    }

    static String launchRelationship(String systemName, String organisationCode) {
        return "in-context launch from " + systemName + " (" + organisationCode + ")";
    }

    /** The person's relationship with the organisation, in words for the audit, or empty. */
    Optional<String> relationship(String organisationCode, UUID personId, Person known) {
        if (organisationCode == null) {
            return Optional.empty();
        }
        Optional<SourceOrganisation> org = sources.organisation(organisationCode);
        if (org.isPresent() && "gp-practice".equals(org.get().kind())) {
            Optional<Person> person = known != null ? Optional.of(known) : persons.person(personId);
            if (person.isPresent() && person.get().sourceRecords().stream().map(SourceRecord::organisationCode)
                    .anyMatch(organisationCode::equals)) {
                return Optional.of("registered at " + organisationCode);
            }
        }
        Instant since = Instant.now().minus(properties.getRelationshipWindow());
        return store.contactWith(personId, organisationCode, since).map(contact -> contact + " at " + organisationCode);
    }

    /** The direct-care reasons a user may state, code to words, in the configured order. */
    public java.util.Map<String, String> reasons() {
        return properties.getReasons();
    }

    public java.time.Duration notYetDiscussedWindow() {
        return properties.getNotYetDiscussedWindow();
    }
}
