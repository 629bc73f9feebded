package org.opencarerecord.api.internal;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A FHIR date search as a half-open range [from, before): a date names a whole period at its own
 * precision, so {@code le2024-03} includes all of March and {@code gt2024} starts in 2025.
 */
record DateBounds(Instant from, Instant before) {

    static DateBounds of(DateRangeParam range) {
        if (range == null) {
            return new DateBounds(null, null);
        }
        Instant from = null;
        Instant before = null;
        for (DateParam param : new DateParam[] {range.getLowerBound(), range.getUpperBound()}) {
            if (param == null || param.getValue() == null) {
                continue;
            }
            Instant start = param.getValue().toInstant();
            Instant end = end(start, param.getPrecision());
            ParamPrefixEnum prefix = param.getPrefix() == null ? ParamPrefixEnum.EQUAL : param.getPrefix();
            switch (prefix) {
                case GREATERTHAN, STARTS_AFTER -> from = max(from, end);
                case GREATERTHAN_OR_EQUALS -> from = max(from, start);
                case LESSTHAN, ENDS_BEFORE -> before = min(before, start);
                case LESSTHAN_OR_EQUALS -> before = min(before, end);
                default -> {
                    from = max(from, start);
                    before = min(before, end);
                }
            }
        }
        return new DateBounds(from, before);
    }

    private static Instant end(Instant start, TemporalPrecisionEnum precision) {
        OffsetDateTime t = start.atOffset(ZoneOffset.UTC);
        return switch (precision) {
            case YEAR -> t.plusYears(1).toInstant();
            case MONTH -> t.plusMonths(1).toInstant();
            case DAY -> t.plusDays(1).toInstant();
            case MINUTE -> start.plus(1, ChronoUnit.MINUTES);
            case SECOND -> start.plus(1, ChronoUnit.SECONDS);
            default -> start.plusMillis(1);
        };
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
