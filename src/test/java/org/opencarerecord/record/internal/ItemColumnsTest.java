package org.opencarerecord.record.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.opencarerecord.record.InvalidResourceException;

/** FHIR dates and dateTimes as the store reads them: the quick reading must agree with the ISO parser. */
class ItemColumnsTest {

    @Test
    void dateTimesAreReadExactlyAsTheIsoParserReadsThem() {
        for (String text : new String[] {"2024-03-01T10:15:00+00:00", "2024-03-01T10:15:00Z", "2023-06-08T18:20:00+01:00",
            "1999-12-31T23:59:59-05:30", "2024-02-29T00:00:00.5Z", "2024-02-29T00:00:00.123456789+14:00",
            "2024-03-01T10:15+00:00", "2024-03-01T10:15:00-00:30",
            "2024-03-01T10:15:00.Z", "2024-03-01T10:15:00z"}) {
            assertThat(ItemColumns.parseFhirDate("x", text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @Test
    void partialDatesAreTheStartOfTheirPeriodInUtc() {
        assertThat(ItemColumns.parseFhirDate("x", "2019")).isEqualTo(Instant.parse("2019-01-01T00:00:00Z"));
        assertThat(ItemColumns.parseFhirDate("x", "2019-04")).isEqualTo(Instant.parse("2019-04-01T00:00:00Z"));
        assertThat(ItemColumns.parseFhirDate("x", "2019-04-12")).isEqualTo(Instant.parse("2019-04-12T00:00:00Z"));
    }

    @Test
    void impossibleOrZonelessDateTimesAreRefusedNamingTheElement() {
        for (String text : new String[] {"2023-02-30T08:30:00Z", "2024-13-01T10:15:00Z", "2024-03-01T24:00:00Z",
            "2024-03-01T10:60:00Z", "2024-03-01T10:15:00", "2024-03-01T10:15:00+19:00", "2024-03-01T10:15:00+01:60",
            "2024-03-01 10:15:00Z", "2024-0a-01T10:15:00Z", "2024-02-29T00:00:00.1234567891Z"}) {
            assertThatThrownBy(() -> ItemColumns.parseFhirDate("effectiveDateTime", text)).as(text)
                    .isInstanceOf(InvalidResourceException.class).hasMessageContaining("effectiveDateTime is not a valid FHIR");
        }
    }
}
