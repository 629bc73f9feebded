package org.opencarerecord.access.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.opencarerecord.access.CareUser;
import org.opencarerecord.platform.FhirJson;
import org.opencarerecord.platform.OperationOutcomes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may reach what, in one place (docs/access.md). Feeds send with their own token to the two
 * write endpoints, which check it themselves, and can do nothing else. Everyone else signs in: the
 * API with a bearer token (from this service's issuer or the region's OpenID Connect provider), the
 * pages with a local account or OpenID Connect. The administrative areas need a role that
 * administers them; reading patient data needs a signed-in professional, and what they may read
 * is then decided by {@link org.opencarerecord.access.RecordAccess}.
 */
@Configuration
@EnableConfigurationProperties({AccessProperties.class, LaunchProperties.class})
class SecurityConfiguration {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    /** The feeds' write endpoints: their own bearer token, checked by the endpoint. */
    @Bean
    @Order(1)
    SecurityFilterChain feedWrites(HttpSecurity http) throws Exception {
        http.securityMatcher(new OrRequestMatcher(PATHS.matcher(HttpMethod.POST, "/fhir"),
                        PATHS.matcher(HttpMethod.POST, "/fhir/"), PATHS.matcher(HttpMethod.POST, "/batch/files")))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(r -> r.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http, AccessProperties properties, Roles roles, BearerTokens tokens,
            AccessAudit audit, ObjectProvider<ClientRegistrationRepository> oidcClients) throws Exception {
        AuthorizationManager<RequestAuthorizationContext> professional =
                (auth, context) -> new AuthorizationDecision(CareUsers.of(auth.get()) != null);
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/oauth2/token", "/oauth2/jwks", "/login",
                                "/error", "/data-visibility-guide", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.GET, "/fhir/metadata", "/fhir/OperationDefinition/**").permitAll()
                        // an in-context launch: the signed launch token (LaunchEndpoint), or the EHR's authorization
                        // and ID token (SmartLaunchEndpoint), is the credential
                        .requestMatchers(HttpMethod.POST, "/launch").permitAll()
                        .requestMatchers(HttpMethod.GET, "/smart/launch", "/smart/callback").permitAll()
                        .requestMatchers("/admin/registry", "/admin/registry/**", "/admin/feeds", "/admin/batch-files")
                        .hasAuthority("ADMIN_feeds")
                        .requestMatchers("/admin/quarantine", "/admin/quarantine/**", "/admin/quarantine-items",
                                "/admin/quarantine-items/**").hasAuthority("ADMIN_quarantine")
                        .requestMatchers("/admin/reviews", "/admin/reviews/**", "/admin/review", "/admin/review/**",
                                "/admin/source-records/**", "/admin/persons/**").hasAuthority("ADMIN_person-index")
                        .requestMatchers("/admin/audit", "/admin/audit/**").hasAuthority("ADMIN_audit")
                        .requestMatchers("/admin/objections", "/admin/objections/**").hasAuthority("ADMIN_objections")
                        .requestMatchers("/admin/**").denyAll()
                        .requestMatchers("/fhir/**", "/api/**").access(professional)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o.authenticationManagerResolver(request -> tokens)
                        .authenticationEntryPoint((req, res, e) -> unauthorised(req, res, e, audit))
                        .accessDeniedHandler(denied(audit)))
                .exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) -> unauthorised(req, res, ex, audit))
                        .accessDeniedHandler(denied(audit)))
                // a request that carries its own bearer token cannot be forged by another site (any other
                // Authorization header leaves a session cookie to sign the request in, so it keeps the check);
                // a launch is posted by another site's form on purpose: its signed, single-use token stands in
                .csrf(c -> c.ignoringRequestMatchers(request -> {
                    String authorization = request.getHeader("Authorization");
                    return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
                }, PATHS.matcher("/oauth2/token"), PATHS.matcher(HttpMethod.POST, "/launch")))
                .addFilterAfter(new AccessContextFilter(), AuthorizationFilter.class)
                .addFilterAfter(new AdministrationAudit(audit), AccessContextFilter.class);
        if (properties.getLocalAccounts().isEnabled()) {
            http.formLogin(f -> f.loginPage("/login").successHandler(signedIn(audit, "local account"))
                            .failureHandler(failed(audit)));
        }
        if (oidcClients.getIfAvailable() != null) {
            http.oauth2Login(o -> o.loginPage("/login").userInfoEndpoint(u -> u.oidcUserService(new OidcUsers(properties, roles)))
                    .successHandler(signedIn(audit, "openid-connect")).failureHandler(failed(audit)));
        }
        return http.build();
    }

    private static SavedRequestAwareAuthenticationSuccessHandler signedIn(AccessAudit audit, String how) {
        return new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                    Authentication authentication) throws IOException, jakarta.servlet.ServletException {
                CareUser user = CareUsers.of(authentication);
                if (user != null) {
                    audit.signedIn(user, request, how);
                }
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
    }

    private static SimpleUrlAuthenticationFailureHandler failed(AccessAudit audit) {
        return new SimpleUrlAuthenticationFailureHandler("/login?error") {
            @Override
            public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                    AuthenticationException exception) throws IOException, jakarta.servlet.ServletException {
                audit.signInFailed(request.getParameter("username"), "page", request, exception.getClass().getSimpleName());
                super.onAuthenticationFailure(request, response, exception);
            }
        };
    }

    /** 401: to the sign-in page for a browser; otherwise an answer that says what was wrong with the credential. */
    private static void unauthorised(HttpServletRequest request, HttpServletResponse response, AuthenticationException e,
            AccessAudit audit) throws IOException {
        boolean credential = request.getHeader("Authorization") != null;
        String accept = request.getHeader("Accept");
        if (!credential && accept != null && accept.contains("text/html") && !request.getRequestURI().startsWith("/fhir")) {
            try {
                new LoginUrlAuthenticationEntryPoint("/login").commence(request, response, e);
            } catch (jakarta.servlet.ServletException ex) {
                throw new IOException(ex);
            }
            return;
        }
        String message = credential ? e.getMessage() : "Sign in first: send an API token (Authorization: Bearer <token>);"
                + " the default run issues one at /oauth2/token";
        if (credential) {
            audit.signInFailed(null, "api", request, message);
        }
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        write(response, request, 401, "login", message);
    }

    private static AccessDeniedHandler denied(AccessAudit audit) {
        return (request, response, e) -> {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (e instanceof CsrfException && (auth == null || auth instanceof AnonymousAuthenticationToken)) {
                // a form sent by nobody signed in: what is missing is the sign-in
                unauthorised(request, response, new InsufficientAuthenticationException(e.getMessage()), audit);
                return;
            }
            String message;
            if (auth instanceof FeedAuthentication) {
                message = "A feed's credentials can only send data; reading or administering needs a person's sign-in";
            } else if (e instanceof CsrfException) {
                message = "The form was not sent from this service's own page (its CSRF token is missing or stale);"
                        + " reload the page and send it again";
            } else if (request.getRequestURI().startsWith("/admin")) {
                message = "Your role does not administer this";
            } else {
                message = "You may not do this: " + e.getMessage();
            }
            CareUser user = CareUsers.of(auth);
            AccessContext context = new AccessContext(user, request.getHeader("Authorization") != null ? "api" : "page",
                    AccessContextFilter.session(request), request.getRemoteAddr(), null);
            if (auth instanceof FeedAuthentication feed) {
                context = new AccessContext(new CareUser(feed.getName(), feed.getPrincipal().name(), "feed",
                        feed.getPrincipal().organisationCode(), null, java.util.Set.of(), null), "api", null,
                        request.getRemoteAddr(), null);
            }
            audit.denied(context, request, message);
            write(response, request, 403, "forbidden", message);
        };
    }

    /** A FHIR OperationOutcome under /fhir, a small JSON object elsewhere. */
    static void write(HttpServletResponse response, HttpServletRequest request, int status, String code, String message)
            throws IOException {
        String body;
        if (request.getRequestURI().startsWith("/fhir")) {
            response.setContentType("application/fhir+json;charset=UTF-8");
            body = OperationOutcomes.error(code, message);
        } else {
            response.setContentType("application/json;charset=UTF-8");
            ObjectNode o = FhirJson.MAPPER.createObjectNode();
            o.put("status", status);
            o.put("error", message);
            body = o.toString();
        }
        response.setStatus(status);
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * No Micrometer observation around each security filter, authentication and authorization: it
     * cost about a tenth of the CPU of opening a record (async-profiler), for traces nobody reads here.
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings securityObservations() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    /** The local accounts (none when switched off: then Spring makes no default user either). */
    @Bean
    org.springframework.security.core.userdetails.UserDetailsService localAccounts(AccessProperties properties, Roles roles) {
        return new LocalAccounts(properties, roles);
    }
}
