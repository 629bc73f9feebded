package org.opencarerecord.ingest.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code care-record.ingest}: limits on what one request may carry. */
@ConfigurationProperties("care-record.ingest")
public class IngestProperties {

    /** Largest bundle accepted, in bytes. */
    private long maxBundleBytes = 64L * 1024 * 1024;
    /** Most entries accepted in one bundle. */
    private int maxEntries = 20_000;

    public long getMaxBundleBytes() { return maxBundleBytes; }
    public void setMaxBundleBytes(long maxBundleBytes) { this.maxBundleBytes = maxBundleBytes; }
    public int getMaxEntries() { return maxEntries; }
    public void setMaxEntries(int maxEntries) { this.maxEntries = maxEntries; }
}
