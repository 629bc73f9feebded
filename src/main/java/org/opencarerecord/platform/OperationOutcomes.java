package org.opencarerecord.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** OperationOutcome JSON for the paths that answer without HAPI FHIR's model. */
public final class OperationOutcomes {

    private OperationOutcomes() {
    }

    public static ObjectNode outcome(String severity, String code, String expression, String message) {
        ObjectNode outcome = FhirJson.MAPPER.createObjectNode();
        outcome.put("resourceType", "OperationOutcome");
        outcome.putArray("issue");
        addIssue(outcome, severity, code, expression, message);
        return outcome;
    }

    public static void addIssue(ObjectNode outcome, String severity, String code, String expression, String message) {
        ObjectNode issue = outcome.withArray("issue").addObject();
        issue.put("severity", severity);
        issue.put("code", code);
        issue.put("diagnostics", message);
        if (expression != null) {
            issue.putArray("expression").add(expression);
        }
    }

    public static String error(String code, String message) {
        return outcome("error", code, null, message).toString();
    }
}
