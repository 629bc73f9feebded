package org.opencarerecord.ingest.internal;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.NoValidation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.opencarerecord.record.InvalidResourceException;
import org.opencarerecord.sources.Feed;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.stereotype.Component;

/**
 * One HL7 v2 message, as it came off the wire, to its acknowledgement: names the feed by the
 * sending facility (MSH-4), reads the message with HAPI HL7v2 into the v2.5.1 structures (v2.3 to
 * v2.5.1 accepted), stores what it says through the same pipeline as a FHIR bundle, in one
 * transaction with the claim of its control id (MSH-10) (with other connections' messages: see
 * {@link Hl7GroupCommit}), and only then answers AA. A message
 * applied before is answered AA and not applied again. What cannot be used is answered AR (the
 * message is not one we can read or take) or AE (it is, but its content is wrong), with the reason,
 * and kept whole in quarantine.
 */
@Component
class Hl7Ingestion {

    private final SourceRegistry sources;
    private final FhirBundleIngestion ingestion;
    private final Quarantine quarantine;
    private final Hl7GroupCommit groups;
    private final ZoneId zone;
    private final PipeParser parser;
    private final PipeParser adtParser;
    private final AtomicLong ackCounter = new AtomicLong();
    private static final DateTimeFormatter ACK_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    Hl7Ingestion(SourceRegistry sources, FhirBundleIngestion ingestion, Quarantine quarantine, Hl7GroupCommit groups,
            MllpProperties properties) {
        this.sources = sources;
        this.ingestion = ingestion;
        this.quarantine = quarantine;
        this.groups = groups;
        this.zone = ZoneId.of(properties.getTimeZone());
        this.parser = parser(false);
        this.adtParser = parser(true);
    }

    /**
     * HAPI's parser into the v2.5.1 structures, without HAPI's checks of each field's format: the
     * translation checks every field it uses (dates, numbers) and names it, and a field it does not use
     * must not refuse a message (UK feeds put the practice's ODS code, B82001, in PD1-3's third
     * component, which v2.3 types as a number). An ADT's OBX segments are not used either (results come
     * by ORU), so for ADT an OBX-2 that names no HL7 data type (seen in published samples) reads its value
     * as text; a result's OBX-2 decides how its value is stored, so for ORU it stays an error.
     */
    private static PipeParser parser(boolean adt) {
        HapiContext hapi = new DefaultHapiContext();
        hapi.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        hapi.setValidationContext(new NoValidation());
        if (adt) {
            hapi.getParserConfiguration().setInvalidObx2Type("ST");
        }
        return hapi.getPipeParser();
    }

    /** The fields of MSH read without the parser, so that even a message it refuses gets a proper answer. */
    record Header(char field, String encoding, String sendingApplication, String sendingFacility, String type,
            String trigger, String controlId, String version) {

        static Header of(String message) {
            if (message.length() < 8 || !message.startsWith("MSH")) {
                return null;
            }
            char field = message.charAt(3);
            int end = message.indexOf('\r');
            String first = end < 0 ? message : message.substring(0, end);
            int lf = first.indexOf('\n');
            if (lf >= 0) {
                first = first.substring(0, lf);
            }
            String[] f = split(first, field);
            String encoding = f.length > 1 ? f[1] : "";
            char component = encoding.isEmpty() ? '^' : encoding.charAt(0);
            String[] type = split(field(f, 8), component);
            return new Header(field, encoding, first(f, 2, component), first(f, 3, component), blank(type[0]),
                    type.length > 1 ? blank(type[1]) : null, blank(field(f, 9)),
                    first(f, 11, component));
        }

        /** Splits on one character, keeping empty parts (no regular expression per message). */
        private static String[] split(String s, char c) {
            List<String> parts = new java.util.ArrayList<>();
            int from = 0;
            for (int at = s.indexOf(c); at >= 0; at = s.indexOf(c, from)) {
                parts.add(s.substring(from, at));
                from = at + 1;
            }
            parts.add(s.substring(from));
            return parts.toArray(String[]::new);
        }

        private static String field(String[] f, int i) {
            return i < f.length ? f[i] : "";
        }

        private static String first(String[] f, int i, char component) {
            String v = field(f, i);
            int c = v.indexOf(component);
            return blank(c < 0 ? v : v.substring(0, c));
        }

        private static String blank(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }

    /** Handles one message (the bytes between MLLP's start and end blocks) and returns the acknowledgement. */
    byte[] handle(byte[] raw) {
        String utf8 = utf8(raw);
        Charset charset = utf8 != null ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        // segments end with CR; a sender that ends them with CR LF or LF alone is understood (HL7 text holds
        // no line feed of its own: a line break in a value is the escape \.br\)
        String text = (utf8 != null ? utf8 : new String(raw, charset)).replace("\r\n", "\r").replace('\n', '\r');
        Header h = Header.of(text);
        if (text.indexOf('\u0000') >= 0) {
            return reject(null, raw, h, "AR", "102", "The message holds a NUL byte (0x00), which HL7 v2 text never"
                    + " does; nothing of it was stored", charset);
        }
        if (h == null) {
            return reject(null, raw, null, "AR", "100", "This is not an HL7 v2 message: a message begins with its MSH segment",
                    charset);
        }
        if (h.encoding().length() < 4 || h.encoding().indexOf(h.field()) >= 0 || Character.isLetterOrDigit(h.field())) {
            return reject(null, raw, h, "AR", "102", "MSH-1 and MSH-2 must give the field separator and the four encoding"
                    + " characters (usually |^~\\&)", charset);
        }
        Optional<Feed> feed = sources.feedForSendingFacility(h.sendingFacility());
        if (feed.isEmpty()) {
            return reject(null, raw, h, "AR", "207", "No HL7 v2 feed is registered for the sending facility (MSH-4) '"
                    + h.sendingFacility() + "'", charset);
        }
        Feed f = feed.get();
        if (h.controlId() == null) {
            return reject(f, raw, h, "AR", "101", "MSH-10 (message control id) is required: it is how a resent message is"
                    + " recognised", charset);
        }
        if (!supported(h)) {
            return reject(f, raw, h, "AR", "200", "Message type " + h.type() + "^" + h.trigger() + " is not taken here;"
                    + " this service takes ADT " + String.join(", ", new java.util.TreeSet<>(Hl7Translator.ADT_EVENTS.keySet()))
                    + " and ORU^R01", charset);
        }
        Message message;
        try {
            message = ("ADT".equals(h.type()) ? adtParser : parser).parse(text);
        } catch (HL7Exception e) {
            return reject(f, raw, h, "AE", "102", unreadable(e), charset);
        }
        try {
            java.util.function.Supplier<ObjectNode> translation = () -> {
                try {
                    return Hl7Translator.translate(message, h.type(), h.trigger(), f, zone);
                } catch (HL7Exception e) {
                    throw new Hl7Translator.Unusable(unreadable(e));
                }
            };
            // translated here, so that a message that cannot be used is answered without waiting
            boolean applied = groups.apply(f, h.controlId(), h.type() + "^" + h.trigger(),
                    Hl7Translator.MERGES.contains(h.trigger()), translation.get(), translation);
            return ack(h, "AA", null, applied ? null : "Already received: stored once", charset);
        } catch (Hl7GroupCommit.Stopping e) {
            throw e; // no answer: the sender sends it again
        } catch (Hl7Translator.Unusable e) {
            return reject(f, raw, h, "AE", "102", e.getMessage(), charset);
        } catch (IngestRejected e) {
            return reject(f, raw, h, "AE", e.status == 409 ? "207" : "102", hl7Wording(e.getMessage()), charset);
        } catch (InvalidResourceException e) {
            return reject(f, raw, h, "AE", "102", hl7Wording(e.getMessage()), charset);
        } catch (RuntimeException e) {
            // never silence toward the sender: whatever went wrong, it hears AE and the message is kept
            return reject(f, raw, h, "AE", "207", "The message could not be stored (" + e.getClass().getSimpleName()
                    + "); it is kept in quarantine for an operator", charset);
        }
    }

    /** HAPI's reason, with where it is when HAPI knows, and without its exception class names. */
    private static String unreadable(HL7Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = (root.getMessage() == null ? e.getMessage() : root.getMessage())
                .replaceAll("(ca\\.uhn\\.hl7v2\\.[\\w.]+Exception: )+", "");
        String where = e.getLocation() == null || e.getLocation().getSegmentName() == null ? ""
                : " at " + e.getLocation();
        return "The message could not be read" + where + ": " + reason;
    }

    static boolean supported(Header h) {
        return "ORU".equals(h.type()) && "R01".equals(h.trigger())
                || "ADT".equals(h.type()) && Hl7Translator.ADT_EVENTS.containsKey(h.trigger());
    }

    /** The pipeline names FHIR elements; an HL7 sender is better told it is about its message. */
    private static String hl7Wording(String message) {
        return "The message's content could not be stored (as FHIR: " + message + ")";
    }

    private byte[] reject(Feed feed, byte[] raw, Header h, String code, String error, String reason, Charset charset) {
        ingestion.rejected(feed, "application/hl7-v2", raw, false, code + " " + reason);
        return ack(h, code, error, reason, charset);
    }

    /** MSH, MSA and (for an error) ERR, in the sender's own delimiters when it gave usable ones. */
    private byte[] ack(Header h, String code, String error, String text, Charset charset) {
        boolean theirs = h != null && h.encoding().length() >= 4 && !Character.isLetterOrDigit(h.field());
        char field = theirs ? h.field() : '|';
        String enc = theirs ? h.encoding().substring(0, 4) : "^~\\&";
        char component = enc.charAt(0);
        String f = String.valueOf(field);
        StringBuilder ack = new StringBuilder("MSH").append(f).append(enc).append(f)
                .append("SHARED-CARE-RECORD").append(f).append("REGION").append(f)
                .append(escape(h == null ? null : h.sendingApplication(), field, enc)).append(f)
                .append(escape(h == null ? null : h.sendingFacility(), field, enc)).append(f)
                .append(LocalDateTime.now(zone).format(ACK_TIME)).append(f).append(f)
                .append("ACK").append(component).append(escape(h == null ? null : h.trigger(), field, enc))
                .append(component).append("ACK").append(f)
                .append("ACK").append(System.currentTimeMillis()).append(ackCounter.incrementAndGet()).append(f)
                .append("P").append(f).append(h == null || h.version() == null ? "2.5.1" : escape(h.version(), field, enc))
                .append('\r');
        ack.append("MSA").append(f).append(code).append(f).append(escape(h == null ? null : h.controlId(), field, enc));
        if (text != null) {
            ack.append(f).append(escape(text, field, enc));
        }
        ack.append('\r');
        if (error != null) {
            ack.append("ERR").append(f).append(f).append(f).append(error).append(component)
                    .append(escape(text, field, enc)).append(component).append("HL70357").append(f).append("E")
                    .append(f).append(f).append(f).append(f).append(escape(text, field, enc)).append('\r');
        }
        return ack.toString().getBytes(charset);
    }

    /** HL7 escape sequences for the delimiters; line breaks become spaces. */
    static String escape(String text, char field, String encoding) {
        if (text == null) {
            return "";
        }
        char component = encoding.charAt(0);
        char repetition = encoding.charAt(1);
        char escape = encoding.charAt(2);
        char sub = encoding.charAt(3);
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == escape) {
                b.append(escape).append('E').append(escape);
            } else if (c == field) {
                b.append(escape).append('F').append(escape);
            } else if (c == component) {
                b.append(escape).append('S').append(escape);
            } else if (c == sub) {
                b.append(escape).append('T').append(escape);
            } else if (c == repetition) {
                b.append(escape).append('R').append(escape);
            } else if (c == '\r' || c == '\n') {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** UTF-8 when the bytes are valid UTF-8 (ASCII is), else ISO 8859-1 (the HL7 default). */
    /** The message as UTF-8 text, or null when it is not UTF-8 (then it is read as ISO-8859-1). */
    private static String utf8(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The answer to bytes that were not a message at all (broken framing, too large): AR, and kept in quarantine. */
    byte[] refuse(byte[] raw, boolean truncated, String reason) {
        Header h = Header.of(new String(raw, StandardCharsets.ISO_8859_1));
        Feed feed = h == null ? null : sources.feedForSendingFacility(h.sendingFacility()).orElse(null);
        quarantine.keep(feed == null ? null : feed.id(), "application/hl7-v2", raw, truncated, "AR " + reason);
        return ack(h, "AR", "100", reason, StandardCharsets.ISO_8859_1);
    }
}
