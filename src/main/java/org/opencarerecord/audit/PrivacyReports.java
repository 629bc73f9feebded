package org.opencarerecord.audit;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.opencarerecord.identity.DemographicsView;
import org.opencarerecord.identity.PersonIndex;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * What privacy officers look at (docs/access.md): accesses on a stated reason without a legitimate
 * relationship, refusals, accesses out of hours, users opening unusually many records, and users
 * opening the record of someone who shares their surname (their own, or a relative's).
 */
@Service
public class PrivacyReports {

    /** An entry a report found, and why it is there. */
    public record Finding(AuditRecord entry, String why) {
    }

    /** How many entries a report reads at most. */
    private static final int SCAN = 5000;

    private final AuditLog log;
    private final PersonIndex persons;
    private final LocalTime dayStarts;
    private final LocalTime dayEnds;
    private final ZoneId zone;
    private final int volumeThreshold;

    PrivacyReports(AuditLog log, PersonIndex persons,
            @Value("${care-record.audit.working-hours.start:08:00}") LocalTime dayStarts,
            @Value("${care-record.audit.working-hours.end:18:30}") LocalTime dayEnds,
            @Value("${care-record.audit.working-hours.zone:Europe/London}") ZoneId zone,
            @Value("${care-record.audit.volume-threshold:50}") int volumeThreshold) {
        this.log = log;
        this.persons = persons;
        this.dayStarts = dayStarts;
        this.dayEnds = dayEnds;
        this.zone = zone;
        this.volumeThreshold = volumeThreshold;
    }

    public List<Finding> withoutRelationship(Instant from, Instant to, int limit) {
        return log.accessesOnReason(from, to, limit).stream().map(r -> new Finding(r, "no legitimate relationship; reason "
                + r.entry().reasonCode() + (r.entry().reasonText() == null ? "" : ": " + r.entry().reasonText()))).toList();
    }

    public List<Finding> breakGlass(Instant from, Instant to, int limit) {
        return log.find(List.of("break-glass"), from, to, limit).stream()
                .map(r -> new Finding(r, "emergency access to sensitive information: " + r.entry().reasonText())).toList();
    }

    public List<Finding> refused(Instant from, Instant to, int limit) {
        return log.find(List.of("access.denied", "sign-in.failed", "launch.refused"), from, to, limit).stream()
                .map(r -> new Finding(r, String.valueOf(r.entry().details().get("reason")))).toList();
    }

    public List<Finding> outOfHours(Instant from, Instant to, int limit) {
        return log.accessesOutOfHours(dayStarts, dayEnds, zone, from, to, limit).stream()
                .map(r -> new Finding(r, "at " + r.recordedAt().atZone(zone).toLocalDateTime() + ", outside "
                        + dayStarts + "-" + dayEnds + " on weekdays")).toList();
    }

    /** Users who opened more than the threshold's number of different people's records (default 50). */
    public List<AuditLog.UserVolume> unusualVolume(Instant from, Instant to, Integer threshold) {
        return log.usersOpeningMoreThan(threshold == null ? volumeThreshold : threshold, from, to);
    }

    /** Records opened by a user whose surname is one of the person's family names. */
    public List<Finding> sameSurname(Instant from, Instant to, int limit) {
        List<Finding> out = new ArrayList<>();
        Map<UUID, Set<String>> families = new HashMap<>();
        for (AuditRecord r : log.find(List.of("record.open"), from, to, SCAN)) {
            String surname = surname(r.entry().actor().name());
            UUID person = r.entry().personId();
            if (surname == null || person == null || !"allowed".equals(r.entry().outcome())) {
                continue;
            }
            Set<String> names = families.computeIfAbsent(person, this::families);
            if (names.contains(surname)) {
                out.add(new Finding(r, "the user's surname is the person's (their own record, or a relative's)"));
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** Every family name the person's source records carry (as each source sent it). */
    private Set<String> families(UUID personId) {
        return persons.demographics(personId).stream().map(DemographicsView::family).map(PrivacyReports::normal)
                .flatMap(Optional::stream).collect(java.util.stream.Collectors.toSet());
    }


    /** The last word of a display name, without titles in brackets ("Dr Grace Patel (GP)" is Patel). */
    static String surname(String name) {
        if (name == null) {
            return null;
        }
        String bare = name.replaceAll("\\(.*?\\)", " ").trim();
        int space = bare.lastIndexOf(' ');
        return normal(space < 0 ? bare : bare.substring(space + 1)).orElse(null);
    }

    private static Optional<String> normal(String s) {
        if (s == null || s.isBlank()) {
            return Optional.empty();
        }
        String n = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replaceAll("[^A-Za-z]", "")
                .toLowerCase(Locale.ROOT);
        return n.isEmpty() ? Optional.empty() : Optional.of(n);
    }
}
