package org.opencarerecord.audit.internal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An entry's details as one canonical JSON text: object keys sorted, no white space, strings escaped one
 * way. The text is what is stored and what is hashed, so the same details always hash the same and
 * verification hashes the stored text as it is.
 */
final class CanonicalJson {

    private static final int MAX_DEPTH = 32;

    private CanonicalJson() {
    }

    /** The details' canonical text; null for null. IllegalArgumentException for what JSON cannot hold. */
    static String write(Map<String, Object> details) {
        if (details == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(64 + details.size() * 24);
        value(details, out, 0);
        return out.toString();
    }

    private static void value(Object value, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("audit details nest deeper than " + MAX_DEPTH + " levels");
        }
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence || value instanceof Character) {
            string(value.toString(), out);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof BigDecimal d) {
            out.append(d.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("audit details hold a number JSON cannot: " + d);
            }
            out.append(value);
        } else if (value instanceof Number n) { // AtomicLong and the like
            out.append(new BigDecimal(n.toString()));
        } else if (value instanceof Map<?, ?> map) {
            object(map, out, depth);
        } else if (value instanceof Iterable<?> items) {
            List<Object> list = new ArrayList<>();
            items.forEach(list::add);
            array(list, out, depth);
        } else if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(Array.get(value, i));
            }
            array(list, out, depth);
        } else if (value instanceof Enum<?> e) {
            string(e.name(), out);
        } else if (value instanceof java.util.UUID || value instanceof java.time.temporal.TemporalAccessor
                || value instanceof java.time.temporal.TemporalAmount) {
            string(value.toString(), out);
        } else {
            // the class only: never the value, which may be personal data
            throw new IllegalArgumentException("audit details hold a value JSON cannot: a " + value.getClass().getName());
        }
    }

    private static void object(Map<?, ?> map, StringBuilder out, int depth) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("audit details hold a map with a null key");
            }
            String key = CleanText.of(e.getKey().toString());
            if (sorted.put(key, e.getValue()) != null) {
                throw new IllegalArgumentException("audit details hold a map with two keys that read the same");
            }
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(e.getKey(), out);
            out.append(':');
            value(e.getValue(), out, depth + 1);
        }
        out.append('}');
    }

    private static void array(List<Object> items, StringBuilder out, int depth) {
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            value(items.get(i), out, depth + 1);
        }
        out.append(']');
    }

    private static void string(String raw, StringBuilder out) {
        String s = CleanText.of(raw);
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
