package org.opencarerecord.ingest.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opencarerecord.platform.OperationOutcomes;

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

    ObjectNode outcome() {
        return OperationOutcomes.outcome("error", code, expression, getMessage());
    }
}
