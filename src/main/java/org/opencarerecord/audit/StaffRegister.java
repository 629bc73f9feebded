package org.opencarerecord.audit;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The staff register (decision 0017): for each user, by the id the access log knows them by, their NHS
 * number, family name and home address as the staff record gives them. The privacy reports compare
 * these with the people whose records the user opened. Loaded by whoever administers the area
 * {@code staff} (privacy officers by default), one entry at a time or from a CSV file. Every entry
 * says who loaded it and when; the administrative audit records each change in the access log.
 */
public interface StaffRegister {

    /** What is known about a user: any of it may be missing, but not all of it. */
    record Details(String nhsNumber, String familyName, List<String> addressLines, String postcode) {
    }

    /** A CSV file loaded: how many entries it added and how many it replaced. */
    record Loaded(int added, int replaced) {
    }

    Optional<StaffMember> find(String userId);

    /** The entries of these users, in one query (users without one are left out). */
    Map<String, StaffMember> find(Collection<String> userIds);

    /**
     * Adds or replaces a user's entry in {@code loadedBy}'s name. An IllegalArgumentException says what is
     * wrong (no user id, an NHS number that fails its check digit, nothing to hold).
     */
    StaffMember put(String userId, Details details, String loadedBy);

    /**
     * Adds or replaces the entries a CSV file holds (docs/access.md: a header line naming the columns
     * {@code user_id}, {@code nhs_number}, {@code family_name}, {@code address_line_1} ... {@code address_line_5},
     * {@code postcode}), all or nothing: an IllegalArgumentException names every bad line, and then none is loaded.
     */
    Loaded load(String csv, String loadedBy);

    /** Removes a user's entry (a leaver); false if there was none. */
    boolean remove(String userId);
}
