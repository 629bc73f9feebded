package org.opencarerecord.access;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.opencarerecord.identity.DemographicsView;
import org.opencarerecord.identity.PersonIndex;
import org.opencarerecord.platform.Uuid7;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The register of objections to sharing through the record. Age rules: a person of 16 or over
 * decides for themselves ({@code self}); for a child under 16 a parent decides ({@code parent}), or
 * the child when competent to ({@code competent-child}). While an objection stands, the person's
 * clinical information is not shown to anyone ({@link RecordAccess}) unless the configuration lets a
 * break-glass override it ({@code care-record.access.objection-emergency-override}, default no).
 */
@Service
public class Objections {

    /** What a professional is told instead of the record. */
    public static final String NOTICE = "This person has objected to their information being shared through the shared"
            + " care record, so none of their clinical information is shown here. Ask them, or contact their GP practice"
            + " and the organisations caring for them, by the usual routes.";

    public record Objection(UUID id, UUID personId, String basis, String note, String recordedBy, Instant recordedAt,
            String withdrawnBy, Instant withdrawnAt, String withdrawalNote) {
    }

    private final JdbcClient jdbc;
    private final PersonIndex persons;

    Objections(JdbcClient jdbc, PersonIndex persons) {
        this.jdbc = jdbc;
        this.persons = persons;
    }

    /** Whether the person has a standing objection (one indexed look-up, on every opening of a record). */
    public boolean stands(UUID personId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM objection WHERE person_id = ? AND withdrawn_at IS NULL)")
                .param(personId).query(Boolean.class).single();
    }

    /** Records an objection in the signed-in user's name; an IllegalArgumentException says what is wrong. */
    public Objection record(UUID personId, String basis, String note) {
        List<DemographicsView> records = persons.demographics(personId);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("No person " + personId);
        }
        if (basis == null || !List.of("self", "parent", "competent-child").contains(basis)) {
            throw new IllegalArgumentException("basis must be self (16 or over), parent or competent-child (under 16)");
        }
        Optional<Integer> age = age(records);
        if (age.isPresent() && age.get() >= 16 && !basis.equals("self")) {
            throw new IllegalArgumentException("The person is " + age.get() + ": at 16 or over they decide for themselves"
                    + " (basis self)");
        }
        if (age.isPresent() && age.get() < 16 && basis.equals("self")) {
            throw new IllegalArgumentException("The person is " + age.get() + ": under 16, a parent decides (basis parent),"
                    + " or the child when competent to (basis competent-child)");
        }
        UUID id = Uuid7.next();
        try {
            jdbc.sql("INSERT INTO objection (id, person_id, basis, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, now())")
                    .params(id, personId, basis, note, SignedIn.label()).update();
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("This person already has a standing objection");
        }
        return get(id).orElseThrow();
    }

    /** Withdraws a standing objection in the signed-in user's name. */
    public Objection withdraw(UUID id, String note) {
        int changed = jdbc.sql("UPDATE objection SET withdrawn_by = ?, withdrawn_at = now(), withdrawal_note = ?"
                + " WHERE id = ? AND withdrawn_at IS NULL").params(SignedIn.label(), note, id).update();
        if (changed == 0) {
            throw get(id).isPresent() ? new IllegalStateException("This objection was already withdrawn")
                    : new IllegalArgumentException("No objection " + id);
        }
        return get(id).orElseThrow();
    }

    public Optional<Objection> get(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM objection WHERE id = ?").param(id).query(Objections::row).optional();
    }

    /** The register, newest first: standing objections only, or all. */
    public List<Objection> list(boolean standingOnly, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM objection" + (standingOnly ? " WHERE withdrawn_at IS NULL" : "")
                + " ORDER BY recorded_at DESC LIMIT ?").param(limit).query(Objections::row).list();
    }

    private static final String COLUMNS = "id, person_id, basis, note, recorded_by, recorded_at, withdrawn_by, withdrawn_at,"
            + " withdrawal_note";

    private static Objection row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Objection(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getString(7),
                rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(), rs.getString(9));
    }

    /** The person's age from the birth date their records give (the first that gives one), if any. */
    static Optional<Integer> age(List<DemographicsView> records) {
        return records.stream().map(DemographicsView::birthDate).filter(java.util.Objects::nonNull).findFirst()
                .map(born -> Period.between(born, LocalDate.now(ZoneId.of("Europe/London"))).getYears());
    }

}
