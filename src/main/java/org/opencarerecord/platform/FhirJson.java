package org.opencarerecord.platform;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** The one JSON mapper for FHIR documents on the hot paths, and a content digest. */
public final class FhirJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // decimals stay as sent: 1.50 is not 1.5
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(200_000_000).maxNestingDepth(200).build());
        MAPPER.setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    }

    private FhirJson() {
    }

    /**
     * JSON texts as one text that the database splits back with {@code string_to_array(?, E'\\x1f')}:
     * a JSON text never holds a raw unit separator (control characters are escaped in it), and a
     * text[] parameter would escape every quote of every document on both sides.
     */
    public static String joinForSplit(List<String> jsonTexts) {
        for (String text : jsonTexts) {
            if (text.indexOf('\u001f') >= 0) { // not from our mapper: it would shift every document after it
                throw new IllegalArgumentException("a JSON text holds a raw unit separator");
            }
        }
        return String.join("\u001f", jsonTexts);
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
