package org.opencarerecord.audit;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The append-only, tamper-evident access log: every entry is chained to the one before it by a SHA-256
 * hash (decision 0014). Nothing can change or remove an entry through the application.
 */
public interface AuditLog {

    /**
     * Appends in its own transaction (REQUIRES_NEW: committed even if the caller's transaction rolls back)
     * and returns the stored record. Throws when the entry cannot be written: a caller that must not act
     * unaudited (opening a record) should then refuse. IllegalArgumentException for an entry without an
     * action, an outcome of "allowed" or "denied", an actor with a user id, a channel of "page", "api" or
     * "system" (or none), or with details that are not JSON-able.
     */
    AuditRecord record(AuditEntry entry);

    /**
     * A person's access history: entries about this person in [from, to), newest first, at most limit.
     * A null bound is open.
     */
    List<AuditRecord> forPerson(UUID personId, Instant from, Instant to, int limit);

    /**
     * Entries in [from, to) with the given actions (all when empty), newest first, at most limit: for privacy
     * reports. A null bound is open.
     */
    List<AuditRecord> find(Collection<String> actions, Instant from, Instant to, int limit);

    /**
     * Walks the whole chain in order (streaming, in one consistent snapshot) and recomputes every hash. It
     * reads every entry, so it takes time in proportion to the log's size.
     */
    AuditVerification verify();

    /** Accesses allowed on a stated reason, without a legitimate relationship, in [from, to), newest first. */
    List<AuditRecord> accessesOnReason(Instant from, Instant to, int limit);

    /**
     * Accesses to people's records in [from, to) made outside working hours (before {@code start} or
     * from {@code end} on, local time in {@code zone}, or at a weekend), newest first.
     */
    List<AuditRecord> accessesOutOfHours(java.time.LocalTime start, java.time.LocalTime end, java.time.ZoneId zone,
            Instant from, Instant to, int limit);

    /** Users who opened the records of more than {@code threshold} different people in [from, to), most first. */
    List<UserVolume> usersOpeningMoreThan(int threshold, Instant from, Instant to);

    /** A user and how many different people's records they opened. */
    record UserVolume(String userId, String name, String role, String organisationCode, long people) {
    }
}
