package org.opencarerecord.access.internal;

/**
 * A launch whose origin has been verified (a signed launch link, or a SMART EHR launch): the
 * launching system, the user it vouches for with their role mapped to one here and their
 * organisation (one the system is configured for), and the person's NHS number as the system sent it
 * (checked and looked up by {@link LaunchSignIn}). {@code method}: {@code signed-link} or {@code smart}.
 */
record VerifiedLaunch(String system, String systemName, String method, String userId, String userName, String role,
        String organisation, String nhsNumber) {
}
