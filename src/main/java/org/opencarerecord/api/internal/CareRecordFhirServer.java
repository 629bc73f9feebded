package org.opencarerecord.api.internal;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.opencarerecord.access.AccessDenied;
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
 * The FHIR R4 API at {@code /fhir}, a plain HAPI FHIR server. What runs on a request is visible
 * here: a POST to the base goes to feed ingestion; everything else is routed by HAPI FHIR to one of
 * the providers, whose reads all pass {@link org.opencarerecord.access.RecordAccess}; its one
 * interceptor turns the access rules' refusals into 401 or 403 answers with their reason.
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
        registerInterceptor(new Refusals());
    }

    /** A refusal by the access rules, answered as what it is (HAPI would otherwise call it a server error). */
    @Interceptor
    static final class Refusals {

        @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
        public BaseServerResponseException refusal(Throwable thrown) {
            Throwable t = thrown;
            while (t != null && !(t instanceof AccessDenied)) {
                t = t.getCause();
            }
            if (t instanceof AccessDenied denied) {
                return denied.status() == 401 ? new AuthenticationException(denied.getMessage())
                        : new ForbiddenOperationException(denied.getMessage());
            }
            return thrown instanceof BaseServerResponseException b ? b : null;
        }
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
