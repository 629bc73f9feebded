package org.opencarerecord.ingest;

/** What to answer a feed: an HTTP status and a FHIR JSON body (a response Bundle or an OperationOutcome). */
public record IngestResponse(int status, String json) {
}
