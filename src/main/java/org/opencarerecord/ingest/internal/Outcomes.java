package org.opencarerecord.ingest.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opencarerecord.platform.FhirJson;

/** OperationOutcome JSON, as ingestion answers with it. */
final class Outcomes {

    private Outcomes() {
    }

    static ObjectNode outcome(String severity, String code, String expression, String message) {
        ObjectNode outcome = FhirJson.MAPPER.createObjectNode();
        outcome.put("resourceType", "OperationOutcome");
        ObjectNode issue = outcome.putArray("issue").addObject();
        issue.put("severity", severity);
        issue.put("code", code);
        issue.put("diagnostics", message);
        if (expression != null) {
            issue.putArray("expression").add(expression);
        }
        return outcome;
    }

    static ObjectNode of(IngestRejected e) {
        return outcome("error", e.code, e.expression, e.getMessage());
    }
}
