package org.opencarerecord.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The throttle's counting, window, lock-out and memory, on a clock the test moves. */
class SignInThrottleTest {

    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-07-01T13:00:20Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final MovingClock clock = new MovingClock();

    private SignInThrottle throttle(int tracked) {
        AccessProperties.SignInThrottle settings = new AccessProperties.SignInThrottle();
        settings.setTracked(tracked);
        return new SignInThrottle(settings, clock);
    }

    @Test
    void theFifthFailureLocksTheNameOutForFifteenMinutes() {
        SignInThrottle t = throttle(100);
        for (int i = 0; i < 4; i++) {
            assertThat(t.failed("page", "gp")).isEmpty();
        }
        assertThat(t.lockedUntil("page", "gp")).isEmpty();
        assertThat(t.failed("page", "gp")).contains(clock.now.plus(Duration.ofMinutes(15)));
        assertThat(t.lockedUntil("page", "gp")).isPresent();
        assertThat(t.lockedUntil("api", "gp")).as("the token endpoint's names are its own").isEmpty();
        assertThat(t.lockedUntil("page", "nurse")).isEmpty();
        assertThat(t.message(t.lockedUntil("page", "gp").get())).as("13:15:20 UTC is 14:15:20 in London, said as 14:16")
                .isEqualTo("Too many failed sign-ins; try again after 14:16 or ask your administrator");

        clock.advance(Duration.ofMinutes(14));
        assertThat(t.lockedUntil("page", "gp")).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(t.lockedUntil("page", "gp")).as("over").isEmpty();
        assertThat(t.failed("page", "gp")).as("counting starts again").isEmpty();
    }

    @Test
    void failuresOutsideTheWindowAndBeforeASuccessDoNotCount() {
        SignInThrottle t = throttle(100);
        for (int i = 0; i < 4; i++) {
            t.failed("page", "gp");
        }
        clock.advance(Duration.ofMinutes(16));
        assertThat(t.failed("page", "gp")).as("the first four are older than the window").isEmpty();
        for (int i = 0; i < 3; i++) {
            t.failed("page", "gp");
        }
        t.succeeded("page", "gp");
        assertThat(t.failed("page", "gp")).isEmpty();
        assertThat(t.lockedUntil("page", "gp")).isEmpty();
    }

    @Test
    void itRemembersAtMostSoManyNamesAndKeepsLockedOnes() {
        SignInThrottle t = throttle(50);
        for (int i = 0; i < 5; i++) {
            t.failed("api", "target");
        }
        for (int i = 0; i < 10_000; i++) {
            t.failed("api", "sprayed-" + i);
        }
        assertThat(t.remembered()).isLessThanOrEqualTo(50);
        assertThat(t.lockedUntil("api", "target")).as("a locked name is not pushed out by others").isPresent();
    }
}
