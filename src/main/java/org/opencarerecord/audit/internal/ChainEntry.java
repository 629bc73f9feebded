package org.opencarerecord.audit.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.opencarerecord.audit.AuditActor;
import org.opencarerecord.audit.AuditEntry;
import org.opencarerecord.audit.AuditRecord;
import org.opencarerecord.platform.FhirJson;

/**
 * One row of {@code audit_event} with every stored field, and the hash that chains it:
 * SHA-256 over a domain tag, the previous entry's hash and an unambiguous encoding of every field
 * (fixed-width numbers, each text with a presence mark and its length), see decision 0014.
 * The details are hashed as their stored canonical text.
 */
public record ChainEntry(long seq, UUID id, Instant recordedAt, String userId, String actorName, String actorRole,
        String actorOrganisation, String actorClientId, String actorChannel, String actorSession, String actorAddress,
        String action, String outcome, UUID personId, String reasonCode, String reasonText, String relationship,
        String details, byte[] prevHash, byte[] hash) {

    /** The hash the first entry follows. */
    public static final byte[] GENESIS = new byte[32];

    /** The columns, in the order {@link #read} and {@link #insertParams} use. */
    public static final String COLUMNS = "seq, id, recorded_at, actor_user_id, actor_name, actor_role, actor_organisation,"
            + " actor_client_id, actor_channel, actor_session, actor_address, action, outcome, person_id, reason_code,"
            + " reason_text, relationship, details, prev_hash, hash";

    private static final byte[] DOMAIN = "opencarerecord audit v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    /** A new entry at {@code seq}, after {@code prevHash}, with its hash computed. */
    static ChainEntry append(long seq, UUID id, Instant recordedAt, Prepared p, byte[] prevHash) {
        ChainEntry e = new ChainEntry(seq, id, microseconds(recordedAt), p.userId(), p.actorName(), p.actorRole(),
                p.actorOrganisation(), p.actorClientId(), p.actorChannel(), p.actorSession(), p.actorAddress(),
                p.action(), p.outcome(), p.personId(), p.reasonCode(), p.reasonText(), p.relationship(), p.details(),
                prevHash, null);
        return e.withHash(e.computeHash());
    }

    /** An entry's fields cleaned and its details made canonical, before it has a place in the chain. */
    record Prepared(String userId, String actorName, String actorRole, String actorOrganisation, String actorClientId,
            String actorChannel, String actorSession, String actorAddress, String action, String outcome, UUID personId,
            String reasonCode, String reasonText, String relationship, String details) {

        static Prepared of(AuditEntry e) {
            AuditActor a = e.actor();
            return new Prepared(CleanText.of(a.userId()), CleanText.of(a.name()), CleanText.of(a.role()),
                    CleanText.of(a.organisationCode()), CleanText.of(a.clientId()), CleanText.of(a.channel()),
                    CleanText.of(a.session()), CleanText.of(a.address()), CleanText.of(e.action()),
                    CleanText.of(e.outcome()), e.personId(), CleanText.of(e.reasonCode()), CleanText.of(e.reasonText()),
                    CleanText.of(e.relationship()), CanonicalJson.write(e.details()));
        }
    }

    /** PostgreSQL keeps a timestamp to the microsecond; what is hashed must be what it keeps. */
    static Instant microseconds(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    public static ChainEntry read(ResultSet rs) throws SQLException {
        return new ChainEntry(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, OffsetDateTime.class).toInstant(),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getObject(14, UUID.class),
                rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18), rs.getBytes(19), rs.getBytes(20));
    }

    Object[] insertParams() {
        return new Object[] {seq, id, OffsetDateTime.ofInstant(recordedAt, ZoneOffset.UTC), userId, actorName, actorRole,
            actorOrganisation, actorClientId, actorChannel, actorSession, actorAddress, action, outcome, personId,
            reasonCode, reasonText, relationship, details, prevHash, hash};
    }

    ChainEntry withHash(byte[] newHash) {
        return new ChainEntry(seq, id, recordedAt, userId, actorName, actorRole, actorOrganisation, actorClientId,
                actorChannel, actorSession, actorAddress, action, outcome, personId, reasonCode, reasonText,
                relationship, details, prevHash, newHash);
    }

    /** What this entry's hash must be, given its fields and the previous hash it names. */
    public byte[] computeHash() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer fixed = ByteBuffer.allocate(8 + 16 + 8);
        sha.update(DOMAIN);
        bytes(sha, prevHash);
        fixed.putLong(seq);
        fixed.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        fixed.putLong(Math.addExact(Math.multiplyExact(recordedAt.getEpochSecond(), 1_000_000L), recordedAt.getNano() / 1000));
        sha.update(fixed.array());
        for (String text : new String[] {userId, actorName, actorRole, actorOrganisation, actorClientId, actorChannel,
            actorSession, actorAddress, action, outcome}) {
            text(sha, text);
        }
        if (personId == null) {
            sha.update((byte) 0);
        } else {
            sha.update((byte) 1);
            sha.update(ByteBuffer.allocate(16).putLong(personId.getMostSignificantBits())
                    .putLong(personId.getLeastSignificantBits()).array());
        }
        for (String text : new String[] {reasonCode, reasonText, relationship, details}) {
            text(sha, text);
        }
        return sha.digest();
    }

    private static void text(MessageDigest sha, String text) {
        bytes(sha, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    /** Absent: 0; present: 1, the length as four bytes, the bytes. */
    private static void bytes(MessageDigest sha, byte[] value) {
        if (value == null) {
            sha.update((byte) 0);
            return;
        }
        sha.update((byte) 1);
        sha.update(ByteBuffer.allocate(4).putInt(value.length).array());
        sha.update(value);
    }

    AuditRecord toRecord() {
        AuditActor actor = new AuditActor(userId, actorName, actorRole, actorOrganisation, actorClientId, actorChannel,
                actorSession, actorAddress);
        return new AuditRecord(seq, id, recordedAt, new AuditEntry(action, outcome, actor, personId, reasonCode, reasonText,
                relationship, details == null ? null : parse(details)));
    }

    private static Map<String, Object> parse(String details) {
        try {
            return Collections.unmodifiableMap(FhirJson.MAPPER.readValue(details, MAP));
        } catch (IOException e) {
            throw new UncheckedIOException("an audit entry's details are not JSON", e);
        }
    }
}
