package org.opencarerecord.audit.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.opencarerecord.audit.StaffRegister;

/**
 * A staff register file: CSV (RFC 4180: commas, double quotes around a field that holds a comma, a
 * quote or a line break, "" for a quote inside one), UTF-8, a header line naming the columns in any
 * order: {@code user_id} (required), {@code nhs_number}, {@code family_name}, {@code address_line_1} to
 * {@code address_line_5}, {@code postcode}. Blank lines are skipped. Every bad line is named, by its
 * number in the file, without echoing what it holds.
 */
final class StaffCsv {

    /** The most entries one file may hold (a region's whole staff fits; more is split into several files). */
    static final int MAX_ENTRIES = 200_000;
    private static final int ADDRESS_LINES = 5;

    /** A line of the file, read but not yet checked. */
    record Line(int number, String userId, StaffRegister.Details details) {
    }

    private StaffCsv() {
    }

    static List<Line> read(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        parse(csv == null ? "" : csv, records, lineNumbers);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("The file is empty: send a header line (user_id,nhs_number,family_name,"
                    + "address_line_1,address_line_2,postcode) and a line per user");
        }
        Map<String, Integer> columns = header(records.get(0));
        if (records.size() - 1 > MAX_ENTRIES) {
            throw new IllegalArgumentException("The file holds " + (records.size() - 1) + " lines; at most " + MAX_ENTRIES
                    + " can be loaded at once: split it");
        }
        List<Line> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> fields = records.get(i);
            int number = lineNumbers.get(i);
            if (fields.size() != records.get(0).size()) {
                problems.add("line " + number + " has " + fields.size() + " fields, the header " + records.get(0).size());
                continue;
            }
            List<String> address = new ArrayList<>();
            for (int a = 1; a <= ADDRESS_LINES; a++) {
                String value = field(fields, columns, "address_line_" + a);
                if (value != null) {
                    address.add(value);
                }
            }
            out.add(new Line(number, field(fields, columns, "user_id"), new StaffRegister.Details(
                    field(fields, columns, "nhs_number"), field(fields, columns, "family_name"), address,
                    field(fields, columns, "postcode"))));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Nothing was loaded: " + String.join("; ", problems));
        }
        return out;
    }

    private static Map<String, Integer> header(List<String> names) {
        Set<String> known = new TreeSet<>(List.of("user_id", "nhs_number", "family_name", "postcode"));
        for (int a = 1; a <= ADDRESS_LINES; a++) {
            known.add("address_line_" + a);
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim().toLowerCase(Locale.ROOT);
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1); // a byte order mark some spreadsheets write
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("The header names a column '" + names.get(i).trim() + "' that the staff"
                        + " register does not have; its columns are " + String.join(", ", known));
            }
            if (columns.put(name, i) != null) {
                throw new IllegalArgumentException("The header names the column " + name + " twice");
            }
        }
        if (!columns.containsKey("user_id")) {
            throw new IllegalArgumentException("The header has no user_id column (the id each user signs in with)");
        }
        return columns;
    }

    private static String field(List<String> fields, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        if (i == null) {
            return null;
        }
        String v = fields.get(i).trim();
        return v.isEmpty() ? null : v;
    }

    /** Splits the text into records of fields, skipping blank lines; {@code lineNumbers} gets each record's first line. */
    static void parse(String text, List<List<String>> records, List<Integer> lineNumbers) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int line = 1;
        int recordStarts = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                end(fields, records, lineNumbers, recordStarts);
                fields = new ArrayList<>();
                field.setLength(0);
                wasQuoted = false;
                line++;
                recordStarts = line;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("Nothing was loaded: line " + recordStarts + " opens a quoted field that is"
                    + " never closed");
        }
        if (!field.isEmpty() || !fields.isEmpty() || wasQuoted) {
            fields.add(field.toString());
            end(fields, records, lineNumbers, recordStarts);
        }
    }

    private static void end(List<String> fields, List<List<String>> records, List<Integer> lineNumbers, int line) {
        boolean blank = fields.stream().allMatch(f -> f.isBlank());
        if (!blank) {
            records.add(fields);
            lineNumbers.add(line);
        }
    }

    /** Lines in the order given, by user id, refusing a user named twice. */
    static Map<String, Line> byUser(List<Line> lines, List<String> problems) {
        Map<String, Line> out = new LinkedHashMap<>();
        for (Line l : lines) {
            if (l.userId() == null) {
                problems.add("line " + l.number() + " has no user_id");
                continue;
            }
            Line before = out.putIfAbsent(l.userId(), l);
            if (before != null) {
                problems.add("line " + l.number() + " names the same user as line " + before.number());
            }
        }
        return out;
    }
}
