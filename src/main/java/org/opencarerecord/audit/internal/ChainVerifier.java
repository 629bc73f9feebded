package org.opencarerecord.audit.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.opencarerecord.audit.AuditVerification;

/**
 * Walks {@code audit_event} in seq order, one fetch of rows at a time, in one read-only repeatable-read
 * snapshot (so entries appended meanwhile neither appear half-way nor move the head under it), recomputes
 * every hash and checks each entry against the one before it and the last against the head.
 * Used by the service and by the {@code audit-verify} command on a plain connection. Its messages name
 * entries by seq only: never a person, a user or a reason.
 */
public final class ChainVerifier {

    /** Entries' problems listed in full; past this they are counted. */
    static final int MAX_LISTED = 1000;
    private static final int FETCH = 1000;

    private ChainVerifier() {
    }

    /**
     * Verifies on this connection, which must be in auto-commit mode (no transaction of the caller's
     * open on it), in a transaction of its own that it rolls back; the connection's isolation and
     * read-only settings are put back after.
     */
    public static AuditVerification verify(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("the audit log is verified in a transaction of its own:"
                    + " give it a connection in auto-commit mode");
        }
        int isolation = connection.getTransactionIsolation();
        boolean readOnly = connection.isReadOnly();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        try {
            Walk walk = new Walk();
            try (PreparedStatement head = connection.prepareStatement("SELECT seq, hash FROM audit_head");
                    ResultSet rs = head.executeQuery()) {
                if (rs.next()) {
                    walk.head(rs.getLong(1), rs.getBytes(2));
                }
            }
            try (PreparedStatement entries = connection.prepareStatement(
                    "SELECT " + ChainEntry.COLUMNS + " FROM audit_event ORDER BY seq")) {
                entries.setFetchSize(FETCH); // a cursor, since auto-commit is off: never the whole log in memory
                try (ResultSet rs = entries.executeQuery()) {
                    while (rs.next()) {
                        walk.accept(ChainEntry.read(rs));
                    }
                }
            }
            return walk.finish();
        } finally {
            connection.rollback();
            connection.setReadOnly(readOnly);
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(true);
        }
    }

    /** The checks, entry by entry; kept apart from the database so each rule reads plainly. */
    static final class Walk {

        private final List<String> listed = new ArrayList<>();
        private long unlisted;
        private boolean headFound;
        private long headSeq;
        private byte[] headHash;
        private long checked;
        private long lastSeq; // 0: none yet
        private byte[] lastHash = ChainEntry.GENESIS;

        void head(long seq, byte[] hash) {
            headFound = true;
            headSeq = seq;
            headHash = hash;
        }

        void accept(ChainEntry e) {
            checked++;
            long seq = e.seq();
            if (seq <= lastSeq) { // only if the primary key was dropped
                problem("entry " + seq + " appears more than once");
                return;
            }
            long expected = lastSeq + 1;
            if (seq > expected) {
                // its previous hash names the missing entry, so the link is not checked again
                problem(seq - 1 == expected ? "entry " + expected + " is missing (deleted)"
                        : "entries " + expected + " to " + (seq - 1) + " are missing (deleted)");
            } else if (!Arrays.equals(e.prevHash(), lastHash)) {
                problem(seq == 1 ? "entry 1 does not start the chain (inserted or reordered)"
                        : "entry " + seq + " does not follow entry " + lastSeq + " (inserted or reordered)");
            }
            if (!Arrays.equals(e.computeHash(), e.hash())) {
                problem("entry " + seq + " was changed after it was written");
            }
            lastSeq = seq;
            lastHash = e.hash();
        }

        private void problem(String text) {
            if (listed.size() < MAX_LISTED) {
                listed.add(text);
            } else {
                unlisted++;
            }
        }

        AuditVerification finish() {
            List<String> problems = new ArrayList<>(listed);
            if (unlisted > 0) {
                problems.add("and " + unlisted + " more problems with entries");
            }
            if (!headFound) {
                problems.add("the chain's head is missing (deleted), so entries deleted at the end cannot be told");
            } else if (lastSeq < headSeq) {
                problems.add(lastSeq == 0
                        ? "the chain's head says " + headSeq + " entries but there are none (all were deleted)"
                        : "the chain's head says " + headSeq + " entries but the last is " + lastSeq
                                + " (entries at the end were deleted)");
            } else if (lastSeq > headSeq) {
                problems.add("the chain's head says " + headSeq + " entries but the last is " + lastSeq
                        + " (entries were added at the end without moving the head)");
            } else if (!Arrays.equals(lastHash, headHash)) {
                problems.add(lastSeq == 0 ? "the chain's head was changed"
                        : "the chain's head does not match entry " + lastSeq + " (the last entry was replaced)");
            }
            return new AuditVerification(problems.isEmpty(), checked, List.copyOf(problems));
        }
    }
}
