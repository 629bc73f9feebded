package org.opencarerecord.sources;

import java.util.List;

/** A health or care organisation that shares data into the record, with the contact to ask for a copy. */
public record SourceOrganisation(String code, String name, String kind, String phone, String email, String address) {

    /** The kinds of organisation, as the registry and the data visibility policy name them. */
    public static final List<String> KINDS = List.of("gp-practice", "acute-trust", "community", "mental-health",
            "hospice", "ambulance", "social-care");
}
