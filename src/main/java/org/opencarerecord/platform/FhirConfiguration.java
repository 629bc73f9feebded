package org.opencarerecord.platform;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class FhirConfiguration {

    /** Building a FhirContext scans the R4 model, so there is exactly one. */
    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }
}
