package org.opencarerecord.api.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code care-record.api}: page sizes of the FHIR API. */
@ConfigurationProperties("care-record.api")
public class ApiProperties {

    /** Entries per page of $everything when the client gives no _count. */
    private int everythingPageSize = 100;
    /** Largest _count honoured, for $everything and searches. */
    private int maxPageSize = 1000;
    /** Most people a patient search returns. */
    private int maxPatientResults = 50;

    public int getEverythingPageSize() { return everythingPageSize; }
    public void setEverythingPageSize(int everythingPageSize) { this.everythingPageSize = everythingPageSize; }
    public int getMaxPageSize() { return maxPageSize; }
    public void setMaxPageSize(int maxPageSize) { this.maxPageSize = maxPageSize; }
    public int getMaxPatientResults() { return maxPatientResults; }
    public void setMaxPatientResults(int maxPatientResults) { this.maxPatientResults = maxPatientResults; }
}
