package org.opencarerecord.api.internal;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The marker an API client gets when something of a record is not shown to its user: a search
 * bundle's outcome entry saying so, never a silent gap.
 */
final class Withheld {

    static final String MESSAGE = "Some information has been withheld: your role does not show everything this record"
            + " holds. Ask the organisation that recorded it if you need it for this person's care.";

    private Withheld() {
    }

    static OperationOutcome outcome() {
        OperationOutcome o = new OperationOutcome();
        o.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.SUPPRESSED).setDiagnostics(MESSAGE);
        ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(o, BundleEntrySearchModeEnum.OUTCOME);
        return o;
    }

    /** An outcome entry saying what was withheld and why (a plain message: no quotes or backslashes), for the streamed $everything. */
    static String entryJson(String message) {
        return "{\"resource\":{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"information\","
                + "\"code\":\"suppressed\",\"diagnostics\":\"" + message + "\"}]},\"search\":{\"mode\":\"outcome\"}}";
    }
}
