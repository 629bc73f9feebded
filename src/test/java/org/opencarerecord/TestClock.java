package org.opencarerecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of the integration tests' service where it asks for one (the sign-in throttle): the real
 * time, moved on by what a test says, so that a test can let a lock-out expire without waiting.
 */
public final class TestClock extends Clock {

    private volatile Duration ahead = Duration.ZERO;

    /** Moves the clock on. */
    public void advance(Duration by) {
        ahead = ahead.plus(by);
    }

    /** Back to the real time. */
    public void reset() {
        ahead = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is in UTC");
    }
}
