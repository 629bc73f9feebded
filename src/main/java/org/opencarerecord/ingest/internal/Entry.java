package org.opencarerecord.ingest.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.opencarerecord.record.ExistingResource;

/** One bundle entry on its way in, and what became of it. */
final class Entry {

    enum Kind { PATIENT, ITEM, SHARED, SKIPPED }

    final int index;
    final String method;
    final String type;
    final String fullUrl;
    final ObjectNode resource;
    final Kind kind;
    /** {@code identifier=...} of a conditional create (ifNoneExist), update or delete. */
    final String condition;

    String sourceId;
    UUID id;
    /** This store's reference for what the entry became, e.g. {@code Condition/<uuid>} or {@code Patient/<person>}. */
    String reference;
    UUID personId;
    UUID sourceRecordId;
    /**
     * The source records this entry's references to patients resolved to, by person: when one
     * person has two records at this source, an item belongs to the one it names.
     */
    java.util.Map<UUID, UUID> patientRecords;
    ExistingResource existing;
    /** A conditional create that found what it would have created: nothing is written. */
    boolean matchedExisting;
    /** The item's code tokens, read once on the way in and handed to the store. */
    String[] codes;
    /**
     * The restricted category the item falls under (decision 0015): it is not stored, what the source
     * sent under its id before is retired, and references to it are made "not held". Null: none.
     */
    RestrictedCodes.Category restricted;

    // the response
    String status;
    String location;
    Integer version;
    String lastModified;
    /** Warnings about this entry, each {code, FHIRPath expression, message}: stored, but not all as sent. */
    final java.util.List<String[]> warnings = new java.util.ArrayList<>();

    void namesPatient(UUID person, UUID sourceRecord) {
        if (person != null && sourceRecord != null) {
            if (patientRecords == null) {
                patientRecords = new java.util.HashMap<>();
            }
            patientRecords.putIfAbsent(person, sourceRecord);
        }
    }
    com.fasterxml.jackson.databind.node.ObjectNode failure;

    Entry(int index, String method, String type, String fullUrl, ObjectNode resource, Kind kind, String condition) {
        this.index = index;
        this.method = method;
        this.type = type;
        this.fullUrl = fullUrl;
        this.resource = resource;
        this.kind = kind;
        this.condition = condition;
    }

    String path() {
        return "Bundle.entry[" + index + "]";
    }

    boolean isDelete() {
        return "DELETE".equals(method);
    }

    void warn(String code, String expression, String message) {
        warnings.add(new String[] {code, expression, message});
    }
}
