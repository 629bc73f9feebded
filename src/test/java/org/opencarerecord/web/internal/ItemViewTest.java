package org.opencarerecord.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The viewer's hand-written date reading and writing agree with java.time's on every form FHIR sends. */
class ItemViewTest {

    @Test
    void dateTimesReadAsJavaTimeReadsThem() {
        for (String s : new String[] {"2024-02-01T09:30:00Z", "2021-03-31T07:35:00+01:00", "2021-03-31T07:35:00.123+01:00",
            "1999-12-31T23:59:59.999999999-05:30", "2026-10-25T01:30:00+00:00", "2024-02-29T00:00:00.5Z"}) {
            assertThat(ItemView.instant(s)).as(s).isEqualTo(OffsetDateTime.parse(s).toInstant());
        }
        assertThat(ItemView.instant("2024-02-30T09:30:00Z")).as("no such day").isNull();
        assertThat(ItemView.instant("2024-02-01T09:30")).as("no offset").isNull();
        assertThat(ItemView.instant("soon")).isNull();
        assertThat(ItemView.instant("2024-02")).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    }

    @Test
    void instantsAreWrittenInUkTimeAsTheFormatterWould() {
        DateTimeFormatter formatter = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.UK);
        Random random = new Random(5);
        for (int i = 0; i < 2000; i++) {
            Instant at = Instant.ofEpochSecond(946_684_800L + (long) (random.nextDouble() * 1_000_000_000L));
            assertThat(ItemView.display(at)).as(at.toString()).isEqualTo(at.atZone(ItemView.ZONE).format(formatter));
        }
        assertThat(ItemView.display(Instant.parse("2026-07-01T08:05:00Z"))).as("summer time").isEqualTo("1 Jul 2026 09:05");
    }

    @Test
    void aRecordedDateWithoutATimeIsShownAsADate() {
        org.opencarerecord.record.StoredResource item = new org.opencarerecord.record.StoredResource("Condition",
                java.util.UUID.randomUUID(), null, 1, false, """
                {"code":{"text":"Asthma"},"meta":{"extension":[{"url":"%s","extension":[
                 {"url":"recordedAtSource","valueDateTime":"2025-09-01T00:00:00Z"},{"url":"received","valueInstant":"2026-07-01T08:05:00Z"}]}]}}"""
                .formatted(org.opencarerecord.record.ProvenanceExtension.URL), "XTG", null, java.util.List.of());
        ItemView view = ItemView.of(item, "problems", false);
        assertThat(view.recordedText()).isEqualTo("1 Sept 2025");
        assertThat(view.receivedText()).isEqualTo("1 Jul 2026 09:05");
        assertThat(view.title()).isEqualTo("Asthma");
    }

    @Test
    void aReportsPresentedFormIsShownAsTextOrSaysWhomToAskForIt() {
        String text = java.util.Base64.getEncoder().encodeToString("Urine clear.\nNo casts seen.".getBytes());
        ItemView plain = ItemView.of(report("text/plain", text), "results", false);
        assertThat(plain.document()).isEqualTo("Urine clear.\nNo casts seen.");
        ItemView pdf = ItemView.of(report("application/pdf", "JVBERi0xLjQK"), "results", false);
        assertThat(pdf.document()).startsWith("This document is held in a form the record cannot show here");
        ItemView none = ItemView.of(new org.opencarerecord.record.StoredResource("DiagnosticReport", java.util.UUID.randomUUID(),
                null, 1, false, "{\"code\":{\"text\":\"Urinalysis\"}}", "XTA", null, java.util.List.of()), "results", false);
        assertThat(none.document()).isNull();
    }

    private static org.opencarerecord.record.StoredResource report(String contentType, String data) {
        return new org.opencarerecord.record.StoredResource("DiagnosticReport", java.util.UUID.randomUUID(), null, 1, false, """
                {"code":{"text":"Urinalysis"},"presentedForm":[{"contentType":"%s","data":"%s"}]}""".formatted(contentType, data),
                "XTA", null, java.util.List.of());
    }
}
