package org.opencarerecord.ingest.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code care-record.mllp}: the HL7 v2 listener. */
@ConfigurationProperties("care-record.mllp")
public class MllpProperties {

    /** Listen for HL7 v2 over MLLP at all. */
    private boolean enabled = true;
    /** TCP port (0: any free port). */
    private int port = 2575;
    /** Address to listen on (all interfaces by default; a feed's network decides who can reach it). */
    private String bindAddress = "0.0.0.0";
    /** Connections served at once; more wait to be accepted. */
    private int maxConnections = 16;
    /** A message larger than this is refused (AR) and its first bytes quarantined. */
    private int maxMessageBytes = 1_048_576;
    /** A connection silent for this long (between or inside messages) is closed; senders reconnect. */
    private Duration idleTimeout = Duration.ofMinutes(10);
    /** Local time of senders' date/times that carry no offset. */
    private String timeZone = "Europe/London";
    /** Threads storing messages in groups (one person's messages always go to the same one). */
    private int appliers = 2;
    private final Tls tls = new Tls();

    public static class Tls {
        /** Serve MLLP inside TLS. */
        private boolean enabled;
        /** PKCS12 (or JKS) key store holding the server's key and certificate. */
        private String keyStore;
        private String keyStorePassword;
        private String keyStoreType = "PKCS12";
        /** Trust store of the senders' certificates; when set, senders must present one (mutual TLS). */
        private String trustStore;
        private String trustStorePassword;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getKeyStore() { return keyStore; }
        public void setKeyStore(String keyStore) { this.keyStore = keyStore; }
        public String getKeyStorePassword() { return keyStorePassword; }
        public void setKeyStorePassword(String keyStorePassword) { this.keyStorePassword = keyStorePassword; }
        public String getKeyStoreType() { return keyStoreType; }
        public void setKeyStoreType(String keyStoreType) { this.keyStoreType = keyStoreType; }
        public String getTrustStore() { return trustStore; }
        public void setTrustStore(String trustStore) { this.trustStore = trustStore; }
        public String getTrustStorePassword() { return trustStorePassword; }
        public void setTrustStorePassword(String trustStorePassword) { this.trustStorePassword = trustStorePassword; }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public int getAppliers() { return appliers; }
    public void setAppliers(int appliers) { this.appliers = appliers; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public String getBindAddress() { return bindAddress; }
    public void setBindAddress(String bindAddress) { this.bindAddress = bindAddress; }
    public int getMaxConnections() { return maxConnections; }
    public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
    public int getMaxMessageBytes() { return maxMessageBytes; }
    public void setMaxMessageBytes(int maxMessageBytes) { this.maxMessageBytes = maxMessageBytes; }
    public Duration getIdleTimeout() { return idleTimeout; }
    public void setIdleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; }
    public String getTimeZone() { return timeZone; }
    public void setTimeZone(String timeZone) { this.timeZone = timeZone; }
    public Tls getTls() { return tls; }
}
