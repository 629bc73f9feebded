package org.opencarerecord.api.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opencarerecord.audit.AuditLog;
import org.opencarerecord.audit.AuditRecord;
import org.opencarerecord.audit.PrivacyReports;
import org.opencarerecord.platform.FhirJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The privacy officers' view of the access log (role {@code privacy-officer}, area {@code audit}):
 * <ul>
 * <li>{@code GET /admin/audit/persons/{id}/history?from=&to=}: who accessed a person's record, from
 * which organisation, when, why and what they were shown (for transparency and subject access
 * requests);</li>
 * <li>{@code GET /admin/audit/reports/{report}?from=&to=}: {@code without-relationship}, {@code break-glass},
 * {@code refused}, {@code out-of-hours}, {@code own-record}, {@code same-surname}, {@code same-address} (the last
 * three with the staff register), {@code volume} ({@code &threshold=});</li>
 * <li>{@code GET /admin/audit/AuditEvent?patient=&from=&to=}: the same entries as FHIR AuditEvent
 * resources in a Bundle, after the IHE Basic Audit Log Patterns, for outside audit tools.</li>
 * </ul>
 * {@code from} and {@code to} are dates ({@code 2026-11-01}, whole days, UTC) or instants; the default
 * is the last 30 days.
 */
@RestController
class AuditController {

    private static final int LIMIT = 1000;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private final AuditLog log;
    private final PrivacyReports reports;

    AuditController(AuditLog log, PrivacyReports reports) {
        this.log = log;
        this.reports = reports;
    }

    /** One entry as a privacy officer reads it. */
    record Access(Instant when, String action, String outcome, String user, String name, String role, String organisation,
            String apiClient, String channel, String address, UUID person, String relationship, String reasonCode,
            String reasonText, Map<String, Object> details, String why) {

        static Access of(AuditRecord r, String why) {
            var e = r.entry();
            var a = e.actor();
            return new Access(r.recordedAt(), e.action(), e.outcome(), a.userId(), a.name(), a.role(), a.organisationCode(),
                    a.clientId(), a.channel(), a.address(), e.personId(), e.relationship(), e.reasonCode(), e.reasonText(),
                    e.details(), why);
        }
    }

    @GetMapping("/admin/audit/persons/{id}/history")
    List<Access> history(@PathVariable UUID id, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        Instant[] period = period(from, to);
        return log.forPerson(id, period[0], period[1], LIMIT).stream().map(r -> Access.of(r, null)).toList();
    }

    @GetMapping("/admin/audit/reports/{report}")
    Object report(@PathVariable String report, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Integer threshold) {
        Instant[] p = period(from, to);
        if (report.equals("volume")) {
            return reports.unusualVolume(p[0], p[1], threshold);
        }
        List<PrivacyReports.Finding> found = reports.report(report, p[0], p[1], LIMIT).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No report '" + report + "'; the reports are "
                        + String.join(", ", PrivacyReports.REPORTS.keySet()) + " and volume"));
        return found.stream().map(f -> Access.of(f.entry(), f.why())).toList();
    }

    @GetMapping(path = "/admin/audit/AuditEvent", produces = "application/fhir+json")
    ResponseEntity<String> auditEvents(@RequestParam(required = false) UUID patient,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant[] p = period(from, to);
        List<AuditRecord> records = patient != null ? log.forPerson(patient, p[0], p[1], LIMIT)
                : log.find(List.of(), p[0], p[1], LIMIT);
        ObjectNode bundle = FhirJson.MAPPER.createObjectNode().put("resourceType", "Bundle").put("type", "searchset")
                .put("total", records.size());
        ArrayNode entries = bundle.putArray("entry");
        for (AuditRecord r : records) {
            entries.addObject().set("resource", AuditEvents.of(r, patient));
        }
        return ResponseEntity.ok().header("Content-Type", "application/fhir+json;charset=UTF-8").body(bundle.toString());
    }

    /** [from, to): dates are whole days (UTC), instants as given; the default is the last 30 days. */
    static Instant[] period(String from, String to) {
        Instant end = to == null ? Instant.now() : instant(to, true);
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : instant(from, false);
        if (!start.isBefore(end)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "from must be before to");
        }
        return new Instant[] {start, end};
    }

    private static Instant instant(String value, boolean end) {
        try {
            Instant at;
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                at = (end ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            } else {
                at = Instant.parse(value);
            }
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'" + value + "' is outside the years 2000 to 2199");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'" + value + "' is not a date (2026-11-01) or an"
                    + " instant (2026-11-01T09:00:00Z)");
        }
    }
}
