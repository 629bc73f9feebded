package org.opencarerecord.access.internal;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.opencarerecord.access.CareUser;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The configured local accounts (the default run's demo users), each with a password hash
 * ({@code {bcrypt}...}); none when {@code care-record.access.local-accounts.enabled} is false.
 */
final class LocalAccounts implements UserDetailsService {

    private final Map<String, AccessProperties.Account> accounts;
    private final Roles roles;

    LocalAccounts(AccessProperties properties, Roles roles) {
        this.roles = roles;
        this.accounts = !properties.getLocalAccounts().isEnabled() ? Map.of()
                : properties.getLocalAccounts().getUsers().stream()
                        .collect(Collectors.toMap(AccessProperties.Account::getId, Function.identity()));
        accounts.values().stream().filter(a -> !roles.known(a.getRole())).findFirst().ifPresent(a -> {
            throw new IllegalStateException("local account " + a.getId() + " has role '" + a.getRole()
                    + "', which care-record.access.roles does not define");
        });
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        AccessProperties.Account a = accounts.get(username);
        if (a == null || a.getSecret() == null) {
            throw new UsernameNotFoundException("no such local account");
        }
        CareUser user = new CareUser(a.getId(), a.getName(), a.getRole(), a.getOrganisation(), null,
                Set.of("user/*.read"), null);
        return new Account(user, a.getSecret(), CareAuthentication.authorities(user, roles));
    }

    /** A local account signed in: Spring's user details carrying the CareUser. */
    record Account(CareUser careUser, String password, Collection<? extends GrantedAuthority> authorities)
            implements UserDetails, CareUsers.HasCareUser {

        @Override
        public Collection<? extends GrantedAuthority> getAuthorities() {
            return authorities;
        }

        @Override
        public String getPassword() {
            return password;
        }

        @Override
        public String getUsername() {
            return careUser.userId();
        }
    }
}
