package org.opencarerecord.access;

/**
 * A request the rules do not allow: 401 when nobody (or no valid credential) is signed in, 403 when
 * the user is known but may not have this. The message says what was missing, for the user to read.
 */
public class AccessDenied extends RuntimeException {

    private final int status;

    public AccessDenied(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
