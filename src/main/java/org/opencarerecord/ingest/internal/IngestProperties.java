package org.opencarerecord.ingest.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code care-record.ingest}: limits on what one request may carry, and how batch files load. */
@ConfigurationProperties("care-record.ingest")
public class IngestProperties {

    /** Largest bundle accepted, in bytes. */
    private long maxBundleBytes = 64L * 1024 * 1024;
    /** Most entries accepted in one bundle. */
    private int maxEntries = 20_000;
    /** Chunks of one batch file loaded at once (each on its own database connection). */
    private int batchWorkers = 2;
    /** Lines of a batch file loaded in one transaction. */
    private int batchChunkLines = 250;

    public long getMaxBundleBytes() { return maxBundleBytes; }
    public void setMaxBundleBytes(long maxBundleBytes) { this.maxBundleBytes = maxBundleBytes; }
    public int getMaxEntries() { return maxEntries; }
    public void setMaxEntries(int maxEntries) { this.maxEntries = maxEntries; }
    public int getBatchWorkers() { return batchWorkers; }
    public void setBatchWorkers(int batchWorkers) { this.batchWorkers = Math.max(1, batchWorkers); }
    public int getBatchChunkLines() { return batchChunkLines; }
    public void setBatchChunkLines(int batchChunkLines) { this.batchChunkLines = Math.max(1, batchChunkLines); }
}
