package org.opencarerecord.ingest.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.record.ResourceScope;
import org.opencarerecord.sources.Feed;
import org.springframework.stereotype.Component;

/**
 * Reads a posted Bundle into entries, checking its shape and naming the first thing wrong. JSON
 * is read as a plain tree (the fast path); XML goes through HAPI FHIR once and then the same way.
 */
@Component
class BundleReader {

    private final FhirContext fhir;

    BundleReader(FhirContext fhir) {
        this.fhir = fhir;
    }

    record ReadBundle(String type, List<Entry> entries) {
    }

    ReadBundle read(byte[] body, String contentType, Feed feed, int maxEntries) {
        return read(parse(body, contentType), feed, maxEntries);
    }

    /** A bundle already parsed (or built by a translator from another format). */
    ReadBundle read(ObjectNode bundle, Feed feed, int maxEntries) {
        JsonNode resourceType = bundle.get("resourceType");
        if (resourceType == null || !resourceType.isTextual()) {
            throw new IngestRejected(400, "structure", "Bundle.resourceType",
                    "The body has no resourceType; POST /fhir takes a FHIR Bundle of type transaction or batch");
        }
        if (!"Bundle".equals(resourceType.asText())) {
            throw new IngestRejected(400, "invalid", "resourceType", "POST /fhir takes a Bundle, not a "
                    + resourceType.asText() + "; send the " + resourceType.asText()
                    + " inside a transaction or batch Bundle");
        }
        String type = bundle.path("type").asText("");
        if (!type.equals("transaction") && !type.equals("batch")) {
            throw new IngestRejected(400, "invalid", "Bundle.type",
                    "Bundle.type must be transaction or batch, not '" + type + "'");
        }
        JsonNode entries = bundle.path("entry");
        if (!entries.isMissingNode() && !entries.isArray()) {
            throw new IngestRejected(400, "structure", "Bundle.entry", "Bundle.entry must be an array");
        }
        if (entries.size() > maxEntries) {
            throw new IngestRejected(413, "too-costly", "Bundle.entry", "The bundle has " + entries.size()
                    + " entries; this server takes at most " + maxEntries + " in one bundle (care-record.ingest.max-entries)");
        }
        List<Entry> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            out.add(entry(i, entries.get(i), feed));
        }
        return new ReadBundle(type, out);
    }

    private ObjectNode parse(byte[] body, String contentType) {
        String media = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (media.contains("xml")) {
            try {
                IBaseResource resource = fhir.newXmlParser().parseResource(new String(body, StandardCharsets.UTF_8));
                return (ObjectNode) FhirJson.MAPPER.readTree(fhir.newJsonParser().encodeResourceToString(resource));
            } catch (DataFormatException | IOException e) {
                throw new IngestRejected(400, "structure", null, "The body is not a FHIR XML resource: " + e.getMessage());
            }
        }
        if (body.length == 0) {
            throw new IngestRejected(400, "structure", null, "The body is empty; POST /fhir takes a FHIR Bundle");
        }
        if (containsNulEscape(body)) {
            // PostgreSQL cannot store U+0000 in text or jsonb, and FHIR strings may not contain it
            throw new IngestRejected(400, "invalid", null, "The body contains \\u0000 (the NUL character), which FHIR"
                    + " strings may not contain");
        }
        try {
            JsonNode node = FhirJson.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IngestRejected(400, "structure", null, "The body is not a JSON object; POST /fhir takes a FHIR Bundle");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            // Jackson's message repeats the location with source details; the line and column say it plainly
            String problem = e.getOriginalMessage().replaceAll(" \\(start marker at .*", "").replaceAll("\\s+", " ");
            throw new IngestRejected(400, "structure", null, "The body is not well-formed JSON: "
                    + problem + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new IngestRejected(400, "structure", null, "The body could not be read: " + e.getMessage());
        }
    }

    private static boolean containsNulEscape(byte[] body) {
        for (int i = 0; i + 5 < body.length; i++) {
            if (body[i] == '\\' && body[i + 1] == 'u' && body[i + 2] == '0' && body[i + 3] == '0' && body[i + 4] == '0'
                    && body[i + 5] == '0' && (i == 0 || body[i - 1] != '\\')) {
                return true;
            }
        }
        return false;
    }

    private Entry entry(int index, JsonNode node, Feed feed) {
        String at = "Bundle.entry[" + index + "]";
        if (!node.isObject()) {
            throw new IngestRejected(400, "structure", at, at + " is not an object");
        }
        JsonNode request = node.path("request");
        String method = request.path("method").asText("").toUpperCase(Locale.ROOT);
        String url = request.path("url").asText("").replaceFirst("^/", "");
        if (method.isEmpty() || url.isEmpty()) {
            throw new IngestRejected(400, "required", at + ".request",
                    at + ".request needs a method and a url (transaction and batch entries always carry them)");
        }
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("DELETE")) {
            throw new IngestRejected(400, "not-supported", at + ".request.method", at + ".request.method " + method
                    + " is not supported here; feeds send POST, PUT or DELETE");
        }
        String fullUrl = node.hasNonNull("fullUrl") ? node.get("fullUrl").asText() : null;
        String urlType = url.split("[/?]", 2)[0];
        ObjectNode resource = null;
        String type;
        if (method.equals("DELETE")) {
            type = urlType;
        } else {
            JsonNode r = node.get("resource");
            if (r == null || !r.isObject()) {
                throw new IngestRejected(400, "required", at + ".resource", at + " (" + method + " " + url
                        + ") has no resource");
            }
            resource = (ObjectNode) r;
            JsonNode rt = resource.get("resourceType");
            if (rt == null || !rt.isTextual() || rt.asText().isEmpty()) {
                throw new IngestRejected(400, "structure", at + ".resource.resourceType", at + ".resource has no resourceType");
            }
            type = rt.asText();
            if (!type.equals(urlType)) {
                throw new IngestRejected(400, "invalid", at + ".request.url", at + ".request.url names " + urlType
                        + " but the resource is a " + type);
            }
        }
        if (!fhir.getResourceTypes().contains(type)) {
            throw new IngestRejected(400, "invalid", method.equals("DELETE") ? at + ".request.url" : at + ".resource.resourceType",
                    at + ": '" + type + "' is not a FHIR R4 resource type");
        }
        Entry.Kind kind = "Patient".equals(type) ? Entry.Kind.PATIENT
                : ResourceScope.isItem(type) ? Entry.Kind.ITEM
                : ResourceScope.isShared(type) ? Entry.Kind.SHARED
                : Entry.Kind.SKIPPED;
        if (kind == Entry.Kind.SKIPPED && feed.rejectOutOfScope()) {
            throw new IngestRejected(422, "not-supported", at + ".resource", at + ": " + type
                    + " is outside the shared care record's scope, and feed " + feed.id()
                    + " is set to reject such resources instead of skipping them");
        }
        String condition = null;
        int q = url.indexOf('?');
        if (q >= 0) {
            if (method.equals("POST")) {
                throw new IngestRejected(400, "invalid", at + ".request.url", at + ".request.url of a POST names the type only");
            }
            condition = url.substring(q + 1);
        } else if (method.equals("POST") && request.hasNonNull("ifNoneExist")) {
            condition = request.get("ifNoneExist").asText();
        }
        Entry entry = new Entry(index, method, type, fullUrl, resource, kind, condition);
        if (q < 0 && !method.equals("POST")) {
            String[] parts = url.split("/");
            if (parts.length < 2 || parts[1].isEmpty()) {
                throw new IngestRejected(400, "invalid", at + ".request.url", at + ".request.url of a " + method
                        + " must be Type/id or Type?identifier=system|value");
            }
            entry.sourceId = parts[1];
            if (resource != null && resource.hasNonNull("id") && !resource.get("id").asText().equals(parts[1])) {
                throw new IngestRejected(400, "invalid", at + ".resource.id", at + ".resource.id differs from the id in "
                        + at + ".request.url");
            }
        }
        return entry;
    }
}
