package org.opencarerecord.api.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The FHIR R4 API at {@code /fhir}, a plain HAPI FHIR server with no interceptors. What runs on a
 * request is visible here: a POST to the base goes to feed ingestion; everything else is routed
 * by HAPI FHIR to one of the providers.
 */
class CareRecordFhirServer extends RestfulServer {

    private final transient List<IResourceProvider> providers;
    private final transient FeedBundleEndpoint bundles;

    CareRecordFhirServer(FhirContext fhir, List<IResourceProvider> providers, FeedBundleEndpoint bundles) {
        super(fhir);
        this.providers = providers;
        this.bundles = bundles;
    }

    @Override
    protected void initialize() throws ServletException {
        setResourceProviders(providers);
        setDefaultResponseEncoding(EncodingEnum.JSON);
        setServerName("Shared care record");
        setServerConformanceProvider(new CareRecordCapabilityStatement(this));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String path = request.getPathInfo();
        if ("POST".equals(request.getMethod()) && (path == null || path.equals("/") || path.isEmpty())) {
            bundles.handle(request, response);
            return;
        }
        super.service(request, response);
    }
}
