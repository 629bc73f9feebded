package org.opencarerecord.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opencarerecord.audit.StaffMember;
import org.opencarerecord.audit.StaffRegister;
import org.opencarerecord.identity.NhsNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The staff register in PostgreSQL ({@code staff_member}, V17), with the keys the reports compare. */
@Service
class JdbcStaffRegister implements StaffRegister {

    private static final int MAX_TEXT = 200;
    private static final int MAX_ADDRESS_LINES = 5;
    private static final String COLUMNS = "user_id, nhs_number, family_name, address_lines, postcode, loaded_by, loaded_at";
    private static final String UPSERT = """
            INSERT INTO staff_member (user_id, nhs_number, family_name, family_key, address_lines, address_key, postcode,
                                      loaded_by, loaded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (user_id) DO UPDATE SET nhs_number = excluded.nhs_number, family_name = excluded.family_name,
                family_key = excluded.family_key, address_lines = excluded.address_lines, address_key = excluded.address_key,
                postcode = excluded.postcode, loaded_by = excluded.loaded_by, loaded_at = excluded.loaded_at""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transaction;

    JdbcStaffRegister(JdbcClient jdbc, JdbcTemplate batch, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Override
    public Optional<StaffMember> find(String userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff_member WHERE user_id = ?").param(userId)
                .query(JdbcStaffRegister::row).optional();
    }

    @Override
    public Map<String, StaffMember> find(Collection<String> userIds) {
        Map<String, StaffMember> out = new LinkedHashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT " + COLUMNS + " FROM staff_member WHERE user_id = ANY(?)").param(userIds.toArray(String[]::new))
                .query(JdbcStaffRegister::row).list().forEach(m -> out.put(m.userId(), m));
        return out;
    }

    @Override
    public StaffMember put(String userId, Details details, String loadedBy) {
        List<String> problems = new ArrayList<>();
        Entry entry = check(userId, details, "", problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        jdbc.sql(UPSERT).params(entry.values(loadedBy)).update();
        return find(entry.userId()).orElseThrow();
    }

    @Override
    public Loaded load(String csv, String loadedBy) {
        List<String> problems = new ArrayList<>();
        Map<String, StaffCsv.Line> lines = StaffCsv.byUser(StaffCsv.read(csv), problems);
        List<Object[]> rows = new ArrayList<>();
        for (StaffCsv.Line l : lines.values()) {
            Entry e = check(l.userId(), l.details(), "line " + l.number() + ": ", problems);
            if (e != null) {
                rows.add(e.values(loadedBy));
            }
        }
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), 50);
            throw new IllegalArgumentException("Nothing was loaded: " + String.join("; ", problems.subList(0, shown))
                    + (problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : ""));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("The file holds a header but no users");
        }
        return transaction.execute(status -> {
            long existing = jdbc.sql("SELECT count(*) FROM staff_member WHERE user_id = ANY(?)")
                    .param(lines.keySet().toArray(String[]::new)).query(Long.class).single();
            for (int from = 0; from < rows.size(); from += 1000) {
                batch.batchUpdate(UPSERT, rows.subList(from, Math.min(rows.size(), from + 1000)));
            }
            return new Loaded((int) (rows.size() - existing), (int) existing);
        });
    }

    @Override
    public boolean remove(String userId) {
        return jdbc.sql("DELETE FROM staff_member WHERE user_id = ?").param(userId).update() > 0;
    }

    /** A checked entry, ready to write. */
    private record Entry(String userId, String nhsNumber, String familyName, List<String> addressLines, String postcode) {
        Object[] values(String loadedBy) {
            return new Object[] {userId, nhsNumber, familyName, StaffMember.nameKey(familyName),
                    addressLines.toArray(String[]::new),
                    addressLines.isEmpty() ? null : StaffMember.addressKey(addressLines.get(0)), postcode, loadedBy};
        }
    }

    /** The entry, or null with what is wrong added to {@code problems} (which never quote the values). */
    private static Entry check(String userId, Details d, String where, List<String> problems) {
        int before = problems.size();
        String user = blankToNull(userId);
        if (user == null) {
            problems.add(where + "no user id");
        } else if (user.length() > MAX_TEXT || user.chars().anyMatch(Character::isISOControl)) {
            problems.add(where + "the user id is longer than " + MAX_TEXT + " characters or holds control characters");
        }
        Details details = d == null ? new Details(null, null, List.of(), null) : d;
        String nhs = blankToNull(details.nhsNumber());
        if (nhs != null) {
            Optional<NhsNumber> parsed = NhsNumber.parse(nhs);
            if (parsed.isEmpty()) {
                problems.add(where + "the NHS number is not ten digits with a right check digit");
            }
            nhs = parsed.map(NhsNumber::value).orElse(null);
        }
        String family = blankToNull(details.familyName());
        if (family != null && family.length() > MAX_TEXT) {
            problems.add(where + "the family name is longer than " + MAX_TEXT + " characters");
        }
        List<String> address = new ArrayList<>();
        if (details.addressLines() != null) {
            for (String a : details.addressLines()) {
                if (blankToNull(a) != null) {
                    address.add(a.trim());
                }
            }
        }
        if (address.size() > MAX_ADDRESS_LINES || address.stream().anyMatch(a -> a.length() > MAX_TEXT)) {
            problems.add(where + "at most " + MAX_ADDRESS_LINES + " address lines of " + MAX_TEXT + " characters each");
        }
        String postcode = StaffMember.postcodeKey(details.postcode());
        if (postcode != null && (postcode.length() < 5 || postcode.length() > 7)) {
            problems.add(where + "the postcode is not a UK postcode (5 to 7 letters and digits, e.g. L17 0DB)");
        }
        if (nhs == null && family == null && address.isEmpty() && postcode == null && problems.size() == before) {
            problems.add(where + "nothing to hold: give an NHS number, a family name, an address or a postcode");
        }
        return problems.size() > before ? null : new Entry(user, nhs, family, address, postcode);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static StaffMember row(ResultSet rs, int n) throws SQLException {
        java.sql.Array lines = rs.getArray(4);
        return new StaffMember(rs.getString(1), rs.getString(2), rs.getString(3),
                lines == null ? List.of() : Arrays.asList((String[]) lines.getArray()), rs.getString(5), rs.getString(6),
                rs.getTimestamp(7).toInstant());
    }
}
