package org.opencarerecord.synthetic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.opencarerecord.synthetic.RegionCatalogue.Staff;

/**
 * Builds one source's transaction Bundle about one person: the Patient entry first, then the practitioners the
 * items reference (conditional create on their SDS id), then the items (PUT on a stable source id).
 */
final class BundleBuilder {

    /** One item entry: its resource and the fullUrl other entries reference it by. */
    record Item(ObjectNode resource, String fullUrl) {
        ObjectNode ref(String display) {
            return Json.ref(fullUrl, display);
        }

        ObjectNode ref() {
            return Json.ref(fullUrl, null);
        }
    }

    final SyntheticOrganisation org;
    final Person person;
    final SplittableRandom r;
    final String localId;
    final String patientFullUrl;
    final String patientDisplay;
    private final ObjectNode patient;
    private final Map<Staff, String> practitioners = new LinkedHashMap<>();
    private final List<ObjectNode> itemEntries = new ArrayList<>();
    private int seq;
    private long latest;

    BundleBuilder(SyntheticOrganisation org, Person person, SplittableRandom r, String localId, ObjectNode patient, String display) {
        this.org = org;
        this.person = person;
        this.r = r;
        this.localId = localId;
        this.patient = patient;
        this.patientFullUrl = "urn:uuid:" + uuid();
        this.patientDisplay = display;
    }

    /** A random (version 4 layout) UUID drawn from this bundle's deterministic random source. */
    String uuid() {
        long msb = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new java.util.UUID(msb, lsb).toString();
    }

    ObjectNode patientRef() {
        return Json.ref(patientFullUrl, patientDisplay);
    }

    /** Reference to a member of staff, adding their Practitioner entry to this bundle on first use. */
    ObjectNode staff(Staff s) {
        String url = practitioners.computeIfAbsent(s, k -> "urn:uuid:" + uuid());
        return Json.ref(url, s.fullName());
    }

    /** A new item with a stable source id and meta.lastUpdated; returns it for filling in. */
    Item item(String type, long lastUpdated) {
        lastUpdated = Math.min(lastUpdated, Json.NOW);
        String id = type.toLowerCase() + "-" + localId + "-" + (++seq);
        ObjectNode res = Json.obj();
        res.put("resourceType", type);
        res.put("id", id);
        res.putObject("meta").put("lastUpdated", Json.dateTime(lastUpdated));
        String fullUrl = "urn:uuid:" + uuid();
        ObjectNode entry = Json.obj();
        entry.put("fullUrl", fullUrl);
        entry.set("resource", res);
        ObjectNode request = entry.putObject("request");
        request.put("method", "PUT");
        request.put("url", type + "/" + id);
        itemEntries.add(entry);
        latest = Math.max(latest, lastUpdated);
        return new Item(res, fullUrl);
    }

    /** Marks an item restricted (v3 Confidentiality R). */
    static void restricted(Item item) {
        ObjectNode meta = (ObjectNode) item.resource().get("meta");
        meta.putArray("security").add(Json.coding(new Code(Terminology.HL7 + "v3-Confidentiality", "R", "restricted")));
    }

    int itemCount() {
        return itemEntries.size();
    }

    long latest() {
        return latest;
    }

    String toJson() {
        ObjectNode bundle = Json.obj();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "transaction");
        ArrayNode entries = bundle.putArray("entry");
        ObjectNode pe = entries.addObject();
        pe.put("fullUrl", patientFullUrl);
        pe.set("resource", patient);
        ObjectNode pr = pe.putObject("request");
        pr.put("method", "PUT");
        pr.put("url", "Patient/" + patient.get("id").asText());
        for (Map.Entry<Staff, String> e : practitioners.entrySet()) {
            Staff s = e.getKey();
            ObjectNode entry = entries.addObject();
            entry.put("fullUrl", e.getValue());
            ObjectNode res = entry.putObject("resource");
            res.put("resourceType", "Practitioner");
            res.putArray("identifier").add(Json.identifier(Terminology.SDS, s.sdsId()));
            ObjectNode name = res.putArray("name").addObject();
            name.put("use", "official");
            name.put("family", s.family());
            name.putArray("given").add(s.given());
            if (s.prefix() != null) {
                name.putArray("prefix").add(s.prefix());
            }
            ObjectNode request = entry.putObject("request");
            request.put("method", "POST");
            request.put("url", "Practitioner");
            request.put("ifNoneExist", "identifier=" + Terminology.SDS + "|" + s.sdsId());
        }
        for (ObjectNode e : itemEntries) {
            entries.add(e);
        }
        try {
            return Json.MAPPER.writeValueAsString(bundle);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
