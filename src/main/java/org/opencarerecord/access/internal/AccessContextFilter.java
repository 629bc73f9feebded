package org.opencarerecord.access.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.opencarerecord.access.CareUser;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Puts the signed-in user and the request's facts where the access rules read them, for this request only. */
final class AccessContextFilter extends OncePerRequestFilter {

    static final String REASON_HEADER = "X-Care-Reason";
    static final String BREAK_GLASS_HEADER = "X-Care-Break-Glass";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        CareUser user = CareUsers.of(auth);
        boolean api = request.getHeader("Authorization") != null;
        AccessContext.set(new AccessContext(user, api ? "api" : "page", session(request), request.getRemoteAddr(),
                request.getHeader(REASON_HEADER), request.getHeader(BREAK_GLASS_HEADER), new java.util.HashMap<>()));
        try {
            chain.doFilter(request, response);
        } finally {
            AccessContext.set(null);
        }
    }

    /** A digest of the session id: enough to group one session's entries, useless to take the session over. */
    static String session(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(session.getId().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
