package org.opencarerecord.identity;

import java.nio.file.Path;

/**
 * Builds the person index in bulk from a demographics file, far faster than accepting records one
 * by one: for a first load of a region (or a benchmark), not for live feeds. Each line is one
 * source record of one organisation and becomes one new person; nothing is matched, so the file
 * must hold one record per person. The records are stored exactly as {@link PersonIndex#accept}
 * stores a new record (normalised names, phonetic codes, identifiers, blocking keys), so matching
 * and search find them as they find any other.
 *
 * <p>The file is UTF-8 CSV with the header {@value #HEADER}: {@code given_names} separated by
 * {@code |}, {@code birth_date} as {@code yyyy-mm-dd}, {@code gender} as FHIR (male, female,
 * other, unknown); empty fields are missing. {@code nhs_number} must be a valid NHS number when
 * present, and NHS numbers and source ids must be unique in the file and new to the index.
 *
 * <p>The load is one transaction that holds exclusive locks on the person index tables throughout:
 * readers and feeds wait. If it fails, nothing of it remains.
 */
public interface PersonIndexLoader {

    String HEADER = "source_id,nhs_number,family,given_names,birth_date,gender,postcode,address_line";

    /**
     * Loads every line of {@code demographicsCsv} as a source record of {@code organisationCode}
     * received by {@code feedId} (both registered), with the source id also stored as the local
     * identifier {@code localIdSystem|source_id}. Returns the number of records loaded.
     */
    long load(Path demographicsCsv, String organisationCode, String feedId, String localIdSystem);
}
