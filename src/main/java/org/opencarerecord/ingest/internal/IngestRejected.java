package org.opencarerecord.ingest.internal;

/** Input that cannot be used: the HTTP status, the FHIR issue code, where (FHIRPath) and what is wrong. */
class IngestRejected extends RuntimeException {

    final int status;
    final String code;
    final String expression;

    IngestRejected(int status, String code, String expression, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.expression = expression;
    }
}
