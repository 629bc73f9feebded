package org.opencarerecord.access.internal;

import org.opencarerecord.access.CareUser;

/**
 * An in-context launch that may not open the record: the HTTP status, a short reason for the audit
 * ({@code expired}, {@code replayed}, ...), the message the person at the screen reads (never the
 * NHS number), the launching system when known, and who the launch was for once its signature has
 * been verified (else null: an unverified token's claims are nobody's word).
 */
final class LaunchRefused extends RuntimeException {

    private final int status;
    private final String reason;
    private final String system;
    private final CareUser claimed;

    LaunchRefused(int status, String reason, String message, String system, CareUser claimed) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
        this.system = system;
        this.claimed = claimed;
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }

    String system() {
        return system;
    }

    CareUser claimed() {
        return claimed;
    }
}
