package org.opencarerecord.api.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.opencarerecord.access.RecordAccess;
import org.opencarerecord.record.ResourceScope;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
class FhirApiConfiguration {

    @Bean
    ServletRegistrationBean<CareRecordFhirServer> fhirServlet(FhirContext fhir, RecordAccess access, ResourceParser parser,
            PatientComposer composer, ApiProperties properties, FeedBundleEndpoint bundles) {
        List<IResourceProvider> providers = new ArrayList<>();
        providers.add(new PatientProvider(access, composer, fhir, properties));
        for (String type : ResourceScope.itemTypes().stream().sorted().toList()) {
            providers.add(new ItemProvider(modelClass(fhir, type), type, access, parser, properties));
        }
        for (String type : ResourceScope.sharedTypes().stream().sorted().toList()) {
            providers.add(new SharedResourceProvider(modelClass(fhir, type), type, access, parser, properties));
        }
        ServletRegistrationBean<CareRecordFhirServer> registration = new ServletRegistrationBean<>(
                new CareRecordFhirServer(fhir, providers, bundles), "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

    private static Class<? extends IBaseResource> modelClass(FhirContext fhir, String type) {
        return fhir.getResourceDefinition(type).getImplementingClass();
    }
}
