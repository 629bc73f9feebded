package org.opencarerecord.access.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Guessing passwords, slowed down: after {@code failures} failed sign-ins for one user name (the form)
 * or client id (the token endpoint) within {@code window}, further attempts for it are refused for
 * {@code lockOut} without their password being checked ({@code care-record.access.sign-in-throttle},
 * docs/access.md). Kept in this instance's memory only: behind a load balancer each instance counts
 * its own. At most {@code tracked} names are remembered; when more arrive, names with no recent failure
 * go first, then those with the oldest failures, and a locked name only when every one is locked.
 */
@Component
class SignInThrottle {

    /** Names longer than this count as their first so many characters (the memory stays bounded). */
    private static final int MAX_NAME = 256;
    private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm");

    /** One name's recent failures (oldest first), and until when it is locked. */
    private static final class Attempts {
        final ArrayDeque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil;
    }

    private final int failures;
    private final Duration window;
    private final Duration lockOut;
    private final int tracked;
    private final ZoneId zone;
    private final Clock clock;
    /** Least recently used first (a failure or a refused attempt uses a name). */
    private final LinkedHashMap<String, Attempts> names = new LinkedHashMap<>(16, 0.75f, true);

    @Autowired
    SignInThrottle(AccessProperties properties, ObjectProvider<Clock> clock) {
        this(properties.getSignInThrottle(), clock.getIfAvailable(Clock::systemUTC));
    }

    SignInThrottle(AccessProperties.SignInThrottle settings, Clock clock) {
        if (settings.getWindow().isNegative() || settings.getLockOut().isNegative() || settings.getTracked() < 1) {
            throw new IllegalStateException("care-record.access.sign-in-throttle: the window and lock-out cannot be negative,"
                    + " and tracked must be at least 1");
        }
        this.failures = settings.getFailures();
        this.window = settings.getWindow();
        this.lockOut = settings.getLockOut();
        this.tracked = settings.getTracked();
        this.zone = settings.getZone();
        this.clock = clock;
    }

    /** Until when this name is locked out, if it is now: then refuse without checking its password. */
    synchronized Optional<Instant> lockedUntil(String channel, String name) {
        Attempts a = names.get(key(channel, name));
        Instant now = clock.instant();
        return a != null && a.lockedUntil != null && now.isBefore(a.lockedUntil) ? Optional.of(a.lockedUntil)
                : Optional.empty();
    }

    /**
     * A failed sign-in for this name. Returns when its lock-out ends if this failure starts one (the caller
     * audits the lock-out then, once), else empty.
     */
    synchronized Optional<Instant> failed(String channel, String name) {
        if (failures < 1) {
            return Optional.empty(); // switched off
        }
        Instant now = clock.instant();
        String key = key(channel, name);
        Attempts a = names.get(key);
        if (a == null) {
            makeRoom(now);
            a = new Attempts();
            names.put(key, a);
        }
        if (a.lockedUntil != null && !now.isBefore(a.lockedUntil)) {
            a.lockedUntil = null; // the lock-out is over: counting starts again
        }
        while (!a.failures.isEmpty() && !a.failures.peekFirst().isAfter(now.minus(window))) {
            a.failures.removeFirst();
        }
        a.failures.addLast(now);
        if (a.failures.size() >= failures && a.lockedUntil == null) {
            a.failures.clear();
            a.lockedUntil = now.plus(lockOut);
            return Optional.of(a.lockedUntil);
        }
        return Optional.empty();
    }

    /** A successful sign-in: earlier failures no longer count. */
    synchronized void succeeded(String channel, String name) {
        names.remove(key(channel, name));
    }

    /** What a refused user is told. */
    String message(Instant until) {
        return "Too many failed sign-ins; try again after " + time(until) + " or ask your administrator";
    }

    /** The time a lock-out ends, to the minute, rounded up, in the region's time zone ("14:32"). */
    String time(Instant until) {
        Instant minute = until.truncatedTo(ChronoUnit.MINUTES);
        return HOURS_MINUTES.format((minute.equals(until) ? minute : minute.plus(1, ChronoUnit.MINUTES)).atZone(zone));
    }

    /** How long until then, by this throttle's clock. */
    Duration remaining(Instant until) {
        return Duration.between(clock.instant(), until);
    }

    Duration window() {
        return window;
    }

    int failuresAllowed() {
        return failures;
    }

    /** How many names are remembered now. */
    synchronized int remembered() {
        return names.size();
    }

    private void makeRoom(Instant now) {
        if (names.size() < tracked) {
            return;
        }
        // first the names whose failures and lock-out are all over
        names.values().removeIf(a -> (a.lockedUntil == null || !now.isBefore(a.lockedUntil))
                && (a.failures.isEmpty() || !a.failures.peekLast().isAfter(now.minus(window))));
        // then the unlocked names least recently used, then (all locked) the locked ones the same way
        Iterator<Map.Entry<String, Attempts>> it = names.entrySet().iterator();
        while (names.size() >= tracked && it.hasNext()) {
            if (it.next().getValue().lockedUntil == null) {
                it.remove();
            }
        }
        it = names.entrySet().iterator();
        while (names.size() >= tracked && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static String key(String channel, String name) {
        String n = name == null ? "" : name;
        return channel + " " + (n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n);
    }
}
