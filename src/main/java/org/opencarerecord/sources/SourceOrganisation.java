package org.opencarerecord.sources;

/** A health or care organisation that shares data into the record, with the contact to ask for a copy. */
public record SourceOrganisation(String code, String name, String kind, String phone, String email, String address) {
}
