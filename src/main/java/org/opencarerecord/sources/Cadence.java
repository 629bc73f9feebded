package org.opencarerecord.sources;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How often a feed is expected to deliver, and the freshness rules that follow from it: a feed is
 * {@code fresh} while its last successful load is no older than {@code late}, {@code late} up to
 * {@code stale}, {@code stale} up to {@code down}, and {@code down} beyond that or when nothing has
 * ever loaded. The thresholds allow for quiet nights and weekends of a real-time feed and for one
 * missed run of a periodic one before it is called late.
 */
public enum Cadence {

    REAL_TIME("real-time", Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24)),
    HOURLY("hourly", Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(24)),
    DAILY("daily", Duration.ofHours(26), Duration.ofHours(50), Duration.ofDays(7)),
    WEEKLY("weekly", Duration.ofDays(8), Duration.ofDays(15), Duration.ofDays(30));

    private final String label;
    private final Duration late;
    private final Duration stale;
    private final Duration down;

    Cadence(String label, Duration late, Duration stale, Duration down) {
        this.label = label;
        this.late = late;
        this.stale = stale;
        this.down = down;
    }

    public String label() {
        return label;
    }

    public static Cadence of(String label) {
        for (Cadence c : values()) {
            if (c.label.equals(label.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("cadence must be real-time, hourly, daily or weekly, not '" + label + "'");
    }

    /** A feed's freshness at {@code now}: its status, how long since its last successful load, and the rule applied. */
    public record Freshness(String status, Duration lag, String rule) {
    }

    public Freshness freshness(Instant lastLoaded, Instant now) {
        String rule = label + ": fresh up to " + human(late) + " since the last successful load, late up to "
                + human(stale) + ", stale up to " + human(down) + ", then down";
        if (lastLoaded == null) {
            return new Freshness("down", null, rule + " (nothing has loaded yet)");
        }
        Duration lag = Duration.between(lastLoaded, now).isNegative() ? Duration.ZERO : Duration.between(lastLoaded, now);
        String status = lag.compareTo(late) <= 0 ? "fresh" : lag.compareTo(stale) <= 0 ? "late"
                : lag.compareTo(down) <= 0 ? "stale" : "down";
        return new Freshness(status, lag, rule);
    }

    private static String human(Duration d) {
        return d.toDays() >= 2 && d.toHours() % 24 == 0 ? d.toDays() + " days"
                : d.toHours() == 1 ? "1 hour" : d.toHours() + " hours";
    }
}
