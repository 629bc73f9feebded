package org.opencarerecord.synthetic;

/**
 * A fictional organisation of the synthetic region. {@code kind} is one of "gp-practice", "acute-trust",
 * "community", "mental-health", "hospice", "ambulance", "social-care". Codes all start with "X" so they can
 * never collide with a real ODS code.
 */
public record SyntheticOrganisation(String code, String name, String kind, String phone, String email, String address) {
}
