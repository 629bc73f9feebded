package org.opencarerecord.ingest;

import java.util.Map;
import org.opencarerecord.sources.Feed;

/**
 * Takes a FHIR transaction or batch Bundle from a feed. A transaction is stored whole or not at
 * all; a batch entry by entry. Whatever cannot be used is quarantined with the reason.
 */
public interface BundleIngestion {

    IngestResponse ingest(Feed feed, byte[] body, String contentType);

    /** How many payloads (bundles, entries, bodies) each feed has in quarantine. */
    Map<String, Long> quarantinedByFeed();

    /** The largest body {@link #ingest} takes; larger ones are quarantined (in part) and refused. */
    long maxBundleBytes();

    /** The payload could not even be read (too large, wrong media type, unknown sender): keep it and say why. */
    void quarantine(String feedId, String contentType, byte[] payload, boolean truncated, String reason);
}
