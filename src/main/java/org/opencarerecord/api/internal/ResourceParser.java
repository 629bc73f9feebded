package org.opencarerecord.api.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.opencarerecord.record.StoredResource;
import org.springframework.stereotype.Component;

/** Stored JSON to HAPI FHIR model objects, for the API paths that need the model. */
@Component
class ResourceParser {

    private final FhirContext fhir;

    ResourceParser(FhirContext fhir) {
        this.fhir = fhir;
    }

    IBaseResource parse(StoredResource stored) {
        return parse(stored.json());
    }

    IBaseResource parse(String json) {
        // Sources send extensions and elements we don't model; they are kept, never a reason to fail a read.
        IParser parser = fhir.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
        return parser.parseResource(json);
    }
}
