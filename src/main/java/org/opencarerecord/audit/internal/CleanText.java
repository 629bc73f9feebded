package org.opencarerecord.audit.internal;

/**
 * Text as PostgreSQL will hold it: a NUL character (which text columns refuse) and half a surrogate pair
 * (which no encoding to UTF-8 keeps) become U+FFFD. Only then is it hashed, so that what is hashed is
 * exactly what is read back.
 */
final class CleanText {

    private static final char REPLACEMENT = '\uFFFD';

    private CleanText() {
    }

    static String of(String text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == 0 || Character.isSurrogate(c)) {
                return rebuild(text);
            }
        }
        return text;
    }

    private static String rebuild(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
