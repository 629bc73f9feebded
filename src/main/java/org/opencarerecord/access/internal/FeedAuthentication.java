package org.opencarerecord.access.internal;

import java.util.List;
import org.opencarerecord.sources.Feed;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A feed's own credential: it may send data and nothing else. */
final class FeedAuthentication extends AbstractAuthenticationToken {

    static final String AUTHORITY = "FEED";
    private final Feed feed;

    FeedAuthentication(Feed feed) {
        super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
        this.feed = feed;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Feed getPrincipal() {
        return feed;
    }

    @Override
    public String getName() {
        return "feed:" + feed.id();
    }
}
