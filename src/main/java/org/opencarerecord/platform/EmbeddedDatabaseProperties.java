package org.opencarerecord.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code care-record.embedded-database}: the embedded PostgreSQL of the default run. */
@ConfigurationProperties("care-record.embedded-database")
public class EmbeddedDatabaseProperties {

    /** Where PostgreSQL keeps its data; kept between runs. */
    private String dataDir = "./data/postgres";
    /** Port PostgreSQL listens on (localhost only); 0 picks a free one. */
    private int port = 0;
    /** Connections in the pool. */
    private int poolSize = 10;
    /** PostgreSQL shared_buffers. */
    private String sharedBuffers = "128MB";
    /**
     * PostgreSQL synchronous_commit. On by default: a feed is told "stored" only once it is on disk.
     */
    private boolean synchronousCommit = true;
    /** Any other PostgreSQL setting, by name (for example shared_preload_libraries, to profile with pg_stat_statements). */
    private java.util.Map<String, String> serverConfig = new java.util.LinkedHashMap<>();

    public String getDataDir() { return dataDir; }
    public void setDataDir(String dataDir) { this.dataDir = dataDir; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public int getPoolSize() { return poolSize; }
    public void setPoolSize(int poolSize) { this.poolSize = poolSize; }
    public String getSharedBuffers() { return sharedBuffers; }
    public void setSharedBuffers(String sharedBuffers) { this.sharedBuffers = sharedBuffers; }
    public boolean isSynchronousCommit() { return synchronousCommit; }
    public void setSynchronousCommit(boolean synchronousCommit) { this.synchronousCommit = synchronousCommit; }
    public java.util.Map<String, String> getServerConfig() { return serverConfig; }
    public void setServerConfig(java.util.Map<String, String> serverConfig) { this.serverConfig = serverConfig; }
}
