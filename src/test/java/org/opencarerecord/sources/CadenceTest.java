package org.opencarerecord.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A feed that stops goes late, then stale, then down, at the points its cadence documents. */
class CadenceTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private static String after(Cadence cadence, Duration silence) {
        return cadence.freshness(NOW.minus(silence), NOW).status();
    }

    @Test
    void aRealTimeFeedThatStopsGoesLateStaleAndDown() {
        assertThat(after(Cadence.REAL_TIME, Duration.ofMinutes(5))).isEqualTo("fresh");
        assertThat(after(Cadence.REAL_TIME, Duration.ofMinutes(60))).isEqualTo("fresh");
        assertThat(after(Cadence.REAL_TIME, Duration.ofMinutes(61))).isEqualTo("late");
        assertThat(after(Cadence.REAL_TIME, Duration.ofHours(7))).isEqualTo("stale");
        assertThat(after(Cadence.REAL_TIME, Duration.ofHours(25))).isEqualTo("down");
    }

    @Test
    void periodicFeedsAllowForOneMissedRun() {
        assertThat(after(Cadence.HOURLY, Duration.ofMinutes(90))).isEqualTo("fresh");
        assertThat(after(Cadence.HOURLY, Duration.ofHours(3))).isEqualTo("late");
        assertThat(after(Cadence.DAILY, Duration.ofHours(25))).isEqualTo("fresh");
        assertThat(after(Cadence.DAILY, Duration.ofHours(30))).isEqualTo("late");
        assertThat(after(Cadence.DAILY, Duration.ofDays(3))).isEqualTo("stale");
        assertThat(after(Cadence.DAILY, Duration.ofDays(8))).isEqualTo("down");
        assertThat(after(Cadence.WEEKLY, Duration.ofDays(7))).isEqualTo("fresh");
        assertThat(after(Cadence.WEEKLY, Duration.ofDays(10))).isEqualTo("late");
        assertThat(after(Cadence.WEEKLY, Duration.ofDays(20))).isEqualTo("stale");
        assertThat(after(Cadence.WEEKLY, Duration.ofDays(31))).isEqualTo("down");
    }

    @Test
    void aFeedThatNeverLoadedIsDownAndTheRuleIsSaid() {
        Cadence.Freshness f = Cadence.DAILY.freshness(null, NOW);
        assertThat(f.status()).isEqualTo("down");
        assertThat(f.lag()).isNull();
        assertThat(f.rule()).contains("daily").contains("26 hours").contains("nothing has loaded yet");
        assertThat(Cadence.REAL_TIME.freshness(NOW.minusSeconds(30), NOW).lag()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anUnknownCadenceIsRefusedByName() {
        assertThat(Cadence.of("Daily")).isEqualTo(Cadence.DAILY);
        assertThatThrownBy(() -> Cadence.of("fortnightly")).hasMessageContaining("fortnightly")
                .hasMessageContaining("real-time, hourly, daily or weekly");
    }
}
