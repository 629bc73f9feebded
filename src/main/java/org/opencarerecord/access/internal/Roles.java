package org.opencarerecord.access.internal;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The configured roles: names and administrative areas. */
@Component
class Roles {

    private final Map<String, AccessProperties.RoleSetting> roles;

    Roles(AccessProperties properties) {
        this.roles = properties.getRoles();
        properties.getVisibility().keySet().stream().filter(r -> !roles.containsKey(r)).findFirst().ifPresent(r -> {
            throw new IllegalStateException("care-record.access.visibility names role '" + r
                    + "', which care-record.access.roles does not define");
        });
    }

    boolean known(String role) {
        return role != null && roles.containsKey(role);
    }

    String name(String role) {
        AccessProperties.RoleSetting r = roles.get(role);
        return r == null || r.getName() == null ? role : r.getName();
    }

    boolean opensRecords(String role) {
        AccessProperties.RoleSetting r = roles.get(role);
        return r != null && r.isOpensRecords();
    }

    List<String> administers(String role) {
        AccessProperties.RoleSetting r = roles.get(role);
        return r == null ? List.of() : r.getAdministers();
    }
}
