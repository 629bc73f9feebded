package org.opencarerecord.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code care-record.demo}: the synthetic region loaded on first start of the default run. */
@ConfigurationProperties("care-record.demo")
public class DemoProperties {

    /** Load the demo region on first start. Switch off in production. */
    private boolean enabled = true;
    /** People in the demo region. */
    private int people = 500;
    /** Generator seed: the same seed always gives the same region. */
    private long seed = 7;
    /** Bundles posted at once while loading. */
    private int threads = 2;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public int getPeople() { return people; }
    public void setPeople(int people) { this.people = people; }
    public long getSeed() { return seed; }
    public void setSeed(long seed) { this.seed = seed; }
    public int getThreads() { return threads; }
    public void setThreads(int threads) { this.threads = threads; }
}
