package org.opencarerecord.identity.internal.matching;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/** Puts names, postcodes and address lines into the one form the matcher compares. */
public final class NameNormaliser {

    private NameNormaliser() {
    }

    /**
     * Lower case, accents stripped (NFD), apostrophes removed, hyphens, dots and other punctuation
     * turned into one space, spaces collapsed and trimmed: {@code "O'Neill-Smith "} is {@code "oneill smith"},
     * {@code "Zoë"} is {@code "zoe"}. Null stays null.
     */
    public static String normalise(String name) {
        if (name == null) {
            return null;
        }
        String s = name;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                s = Normalizer.normalize(s, Normalizer.Form.NFD);
                break;
            }
        }
        StringBuilder b = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            boolean keep;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                keep = true;
            } else if (c == '\'' || c == '\u2019' || c == '\u2018' || c == '`' || c == '\u00b4') {
                continue;
            } else if (c > 127 && Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            } else if (c > 127 && Character.isLetterOrDigit(c)) {
                c = Character.toLowerCase(c);
                keep = true;
            } else {
                keep = false;
            }
            if (keep) {
                if (pendingSpace && b.length() > 0) {
                    b.append(' ');
                }
                pendingSpace = false;
                b.append(c);
            } else {
                pendingSpace = true;
            }
        }
        return b.toString();
    }

    /** Normalised surname parts plus the joined form when there is more than one: "Lloyd-Jones" is [lloyd, jones, lloydjones]. */
    public static List<String> surnameParts(String family) {
        String n = normalise(family);
        if (n == null || n.isEmpty()) {
            return List.of();
        }
        String[] parts = n.split(" ");
        List<String> out = new ArrayList<>(parts.length + 1);
        for (String p : parts) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        if (parts.length > 1) {
            String joined = n.replace(" ", "");
            if (!out.contains(joined)) {
                out.add(joined);
            }
        }
        return List.copyOf(out);
    }

    /** Upper case without spaces or punctuation: "l3 4aa" is "L34AA". Null or blank is null. */
    public static String postcode(String postcode) {
        if (postcode == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(8);
        for (int i = 0; i < postcode.length(); i++) {
            char c = postcode.charAt(i);
            if (c >= 'a' && c <= 'z') {
                b.append((char) (c - 32));
            } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                b.append(c);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** An address line normalised, with common street-type abbreviations written out: "12 High St." is "12 high street". */
    public static String addressLine(String line) {
        String n = normalise(line);
        if (n == null || n.isEmpty()) {
            return null;
        }
        String[] words = n.split(" ");
        StringBuilder b = new StringBuilder(n.length() + 8);
        for (String w : words) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(switch (w) {
                case "st" -> "street";
                case "rd" -> "road";
                case "ave", "av" -> "avenue";
                case "ln" -> "lane";
                case "dr" -> "drive";
                case "cl" -> "close";
                case "ct" -> "court";
                case "cres" -> "crescent";
                case "gdns" -> "gardens";
                case "pl" -> "place";
                case "sq" -> "square";
                case "tce", "ter" -> "terrace";
                case "flt" -> "flat";
                default -> w;
            });
        }
        return b.toString();
    }
}
