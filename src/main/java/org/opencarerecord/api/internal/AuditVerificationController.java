package org.opencarerecord.api.internal;

import org.opencarerecord.audit.AuditLog;
import org.opencarerecord.audit.AuditVerification;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/audit/verification}: for privacy officers, whether the access log's hash chain is
 * intact, how many entries were checked, and each problem found, by entry number (no personal data). It
 * reads the whole log, so it takes time in proportion to its size.
 */
@RestController
class AuditVerificationController {

    private final AuditLog audit;

    AuditVerificationController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/audit/verification")
    AuditVerification verification() {
        return audit.verify();
    }
}
