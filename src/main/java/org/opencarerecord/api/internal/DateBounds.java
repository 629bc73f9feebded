package org.opencarerecord.api.internal;

import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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
            if (param == null || param.getValueAsString() == null || param.getValueAsString().isEmpty()) {
                continue;
            }
            String text = param.getValueAsString();
            Instant start = start(text);
            Instant end = end(start, text);
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

    /**
     * A date without a time is read in UTC, as the store reads the dates it indexes, whatever the
     * server's time zone; a dateTime keeps its own offset.
     */
    private static Instant start(String text) {
        try {
            return switch (text.length()) {
                case 4 -> LocalDate.of(Integer.parseInt(text), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
                case 7 -> LocalDate.parse(text + "-01").atStartOfDay().toInstant(ZoneOffset.UTC);
                case 10 -> LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                default -> OffsetDateTime.parse(text).toInstant();
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new InvalidRequestException("'" + text + "' is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD) or a"
                    + " dateTime with a time zone");
        }
    }

    private static Instant end(Instant start, String text) {
        OffsetDateTime t = start.atOffset(ZoneOffset.UTC);
        return switch (text.length()) {
            case 4 -> t.plusYears(1).toInstant();
            case 7 -> t.plusMonths(1).toInstant();
            case 10 -> t.plusDays(1).toInstant();
            case 16, 22 -> start.plus(1, ChronoUnit.MINUTES); // YYYY-MM-DDThh:mm with Z or an offset
            default -> text.contains(".") ? start.plusMillis(1) : start.plus(1, ChronoUnit.SECONDS);
        };
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
