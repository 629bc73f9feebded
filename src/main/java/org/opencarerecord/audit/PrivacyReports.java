package org.opencarerecord.audit;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opencarerecord.identity.DemographicsView;
import org.opencarerecord.identity.PersonIndex;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * What privacy officers look at (docs/access.md): accesses on a stated reason without a legitimate
 * relationship, break-glass, refusals, accesses out of hours, users opening unusually many records, and
 * users opening their own record (by their NHS number), or the record of someone who shares their surname
 * (their own, or a relative's) or their home address, as the staff register ({@link StaffRegister}) gives
 * them.
 */
@Service
public class PrivacyReports {

    /** An entry a report found, and why it is there. */
    public record Finding(AuditRecord entry, String why) {
    }

    /** How many entries a report reads at most. */
    private static final int SCAN = 5000;

    /** What the reports of who opened whose record look at: every read of a person's record. */
    private static final List<String> ACCESSES = List.of("record.open", "record.read", "record.search", "record.sources");

    private final AuditLog log;
    private final PersonIndex persons;
    private final StaffRegister staff;
    private final LocalTime dayStarts;
    private final LocalTime dayEnds;
    private final ZoneId zone;
    private final int volumeThreshold;

    PrivacyReports(AuditLog log, PersonIndex persons, StaffRegister staff,
            @Value("${care-record.audit.working-hours.start:08:00}") LocalTime dayStarts,
            @Value("${care-record.audit.working-hours.end:18:30}") LocalTime dayEnds,
            @Value("${care-record.audit.working-hours.zone:Europe/London}") ZoneId zone,
            @Value("${care-record.audit.volume-threshold:50}") int volumeThreshold) {
        this.log = log;
        this.persons = persons;
        this.staff = staff;
        this.dayStarts = dayStarts;
        this.dayEnds = dayEnds;
        this.zone = zone;
        this.volumeThreshold = volumeThreshold;
    }

    /** The reports by name, as the API and the privacy officers' page offer them ({@code volume} is {@link #unusualVolume}). */
    public static final Map<String, String> REPORTS = reports();

    private static Map<String, String> reports() {
        Map<String, String> r = new java.util.LinkedHashMap<>();
        r.put("without-relationship", "Access without a legitimate relationship (on a stated reason)");
        r.put("break-glass", "Emergency access (break-glass)");
        r.put("refused", "Refused access, failed sign-ins and lock-outs, refused launches");
        r.put("out-of-hours", "Access out of working hours");
        r.put("own-record", "Users opening their own record");
        r.put("same-surname", "Users opening the record of someone with their surname");
        r.put("same-address", "Users opening the record of someone at their address");
        return java.util.Collections.unmodifiableMap(r);
    }

    /** A report of {@link #REPORTS} by its name; empty for a name that is none of them. */
    public java.util.Optional<List<Finding>> report(String name, Instant from, Instant to, int limit) {
        return java.util.Optional.ofNullable(switch (name) {
            case "without-relationship" -> withoutRelationship(from, to, limit);
            case "refused" -> refused(from, to, limit);
            case "break-glass" -> breakGlass(from, to, limit);
            case "out-of-hours" -> outOfHours(from, to, limit);
            case "same-surname" -> sameSurname(from, to, limit);
            case "own-record" -> ownRecord(from, to, limit);
            case "same-address" -> sameAddress(from, to, limit);
            default -> null;
        });
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
        return log.find(List.of("access.denied", "sign-in.failed", "sign-in.locked", "launch.refused"), from, to, limit).stream()
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

    /**
     * Accesses to a person's record by a user whose surname is one of the person's family names: the
     * family name the staff register gives for the user, or else the last word of their display name.
     */
    public List<Finding> sameSurname(Instant from, Instant to, int limit) {
        return scan(from, to, limit, (r, member, person) -> {
            String surname = member != null && member.familyKey() != null ? member.familyKey() : surname(r.entry().actor().name());
            return surname != null && person.stream().map(DemographicsView::family).map(StaffMember::nameKey)
                    .anyMatch(surname::equals)
                    ? "the user's surname" + (member != null && member.familyKey() != null ? " (staff register)" : "")
                            + " is the person's (their own record, or a relative's)"
                    : null;
        });
    }

    /** Accesses to a person's record by a user whose NHS number (staff register) is one of the person's. */
    public List<Finding> ownRecord(Instant from, Instant to, int limit) {
        return scan(from, to, limit, (r, member, person) -> member != null && member.nhsNumber() != null
                && person.stream().map(DemographicsView::nhsNumber).anyMatch(member.nhsNumber()::equals)
                ? "the user's NHS number (staff register) is the person's: their own record" : null);
    }

    /**
     * Accesses to a person's record by a user who lives at one of the addresses the person's source records
     * give: the same postcode and the same first address line, both normalised (staff register).
     */
    public List<Finding> sameAddress(Instant from, Instant to, int limit) {
        return scan(from, to, limit, (r, member, person) -> {
            if (member == null || member.postcode() == null || member.addressKey() == null) {
                return null;
            }
            return person.stream().anyMatch(d -> member.postcode().equals(StaffMember.postcodeKey(d.postcode()))
                    && member.addressKey().equals(StaffMember.addressKey(d.addressLine())))
                    ? "the user's home address (staff register) is one of the person's" : null;
        });
    }

    /** Why an access belongs in a report, or null. {@code member}: the user's register entry, if any. */
    private interface Check {
        String why(AuditRecord access, StaffMember member, List<DemographicsView> person);
    }

    /**
     * The allowed accesses to people's records in the period (newest first, the latest {@value #SCAN}) that
     * the check finds, at most {@code limit}; each user's register entry and each person's demographics
     * read once.
     */
    private List<Finding> scan(Instant from, Instant to, int limit, Check check) {
        List<AuditRecord> accesses = log.find(ACCESSES, from, to, SCAN).stream()
                .filter(r -> r.entry().personId() != null && "allowed".equals(r.entry().outcome())).toList();
        Map<String, StaffMember> register = staff.find(accesses.stream().map(r -> r.entry().actor().userId())
                .collect(java.util.stream.Collectors.toSet()));
        Map<UUID, List<DemographicsView>> people = new HashMap<>();
        List<Finding> out = new ArrayList<>();
        for (AuditRecord r : accesses) {
            List<DemographicsView> person = people.computeIfAbsent(r.entry().personId(), persons::demographics);
            String why = check.why(r, register.get(r.entry().actor().userId()), person);
            if (why != null) {
                out.add(new Finding(r, why));
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** The last word of a display name, without titles in brackets ("Dr Grace Patel (GP)" is Patel). */
    static String surname(String name) {
        if (name == null) {
            return null;
        }
        String bare = name.replaceAll("\\(.*?\\)", " ").trim();
        int space = bare.lastIndexOf(' ');
        return StaffMember.nameKey(space < 0 ? bare : bare.substring(space + 1));
    }
}
