package org.opencarerecord.platform;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** FHIR dateTimes of the usual form read by hand: the store reads one for every item, the viewer a page's worth. */
public final class FhirDateTime {

    private FhirDateTime() {
    }

    /**
     * The form nearly every feed sends, {@code 2024-03-01T10:15:00[.fff](Z|+01:00)}, read without the
     * general ISO parser (it was a tenth of the time spent on each item); null for any other form,
     * which the ISO parser then reads or refuses. Out-of-range fields throw as the ISO parser would.
     */
    public static Instant plain(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (t.charAt(i) == '.') {
            int digits = 0;
            for (i++; i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9'; i++, digits++) {
                nanos = nanos * 10 + (t.charAt(i) - '0');
            }
            if (digits == 0 || digits > 9) {
                return null;
            }
            for (int d = digits; d < 9; d++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && t.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int hours = digits(t, i + 1, 2);
            int minutes = digits(t, i + 4, 2);
            if (hours < 0 || minutes < 0) {
                return null;
            }
            offsetSeconds = ZoneOffset.ofHoursMinutes(t.charAt(i) == '-' ? -hours : hours,
                    t.charAt(i) == '-' ? -minutes : minutes).getTotalSeconds();
        } else {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        long epochSecond = LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC)
                - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The number written by {@code count} ASCII digits from {@code from}, or -1 if any is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
