package org.opencarerecord.synthetic;

/** One FHIR R4 transaction Bundle (as JSON) sent by one organisation about one synthetic person. */
public record SourceBundle(String organisationCode, int personNumber, String json) {
}
