package org.opencarerecord.identity;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** One source record's demographics as the source sent them, for a reviewer to compare. */
public record DemographicsView(UUID sourceRecordId, String organisationCode, String sourceId, String nhsNumber,
        String family, List<String> given, LocalDate birthDate, String gender, String postcode, String addressLine) {
}
