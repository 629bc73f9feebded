package org.opencarerecord.identity.internal.matching;

import org.apache.commons.codec.language.DoubleMetaphone;

/** Double Metaphone primary code of a normalised name, at most 6 characters; "" for blank. */
public final class Phonetic {

    private static final DoubleMetaphone METAPHONE = new DoubleMetaphone();

    static {
        METAPHONE.setMaxCodeLen(6);
    }

    private Phonetic() {
    }

    public static String code(String normalisedName) {
        if (normalisedName == null || normalisedName.isBlank()) {
            return "";
        }
        String s = normalisedName.indexOf(' ') >= 0 ? normalisedName.replace(" ", "") : normalisedName;
        String c = METAPHONE.doubleMetaphone(s);
        return c == null ? "" : c;
    }
}
