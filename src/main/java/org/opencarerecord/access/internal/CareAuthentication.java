package org.opencarerecord.access.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.opencarerecord.access.CareUser;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A professional or API client, signed in: the principal is the {@link CareUser}. */
final class CareAuthentication extends AbstractAuthenticationToken {

    private final CareUser user;
    private final java.time.Instant expires;

    /** {@code expires}: when the token it came from stops being valid (null: not from a token). */
    CareAuthentication(CareUser user, Collection<? extends GrantedAuthority> authorities, java.time.Instant expires) {
        super(authorities);
        this.user = user;
        this.expires = expires;
        setAuthenticated(true);
    }

    java.time.Instant expires() {
        return expires;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public CareUser getPrincipal() {
        return user;
    }

    @Override
    public String getName() {
        return user.userId();
    }

    /** ROLE_<role>, ADMIN_<area> for each area the role administers, SCOPE_<scope> for each scope. */
    static List<GrantedAuthority> authorities(CareUser user, Roles roles) {
        List<GrantedAuthority> out = new ArrayList<>();
        out.add(new SimpleGrantedAuthority("ROLE_" + user.role()));
        roles.administers(user.role()).forEach(area -> out.add(new SimpleGrantedAuthority("ADMIN_" + area)));
        user.scopes().forEach(s -> out.add(new SimpleGrantedAuthority("SCOPE_" + s)));
        return out;
    }
}
