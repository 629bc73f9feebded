package org.opencarerecord.access.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import jakarta.servlet.FilterChain;
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
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;
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
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SecurityConfiguration.class);

    /** The feeds' write endpoints: their own bearer token, checked by the endpoint. */
    // the filter chains exist only with a web server: a command without one (index-benchmark) has no HTTP to secure
    @Bean
    @Order(1)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication(
            type = org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain feedWrites(HttpSecurity http) throws Exception {
        http.securityMatcher(new OrRequestMatcher(PATHS.matcher(HttpMethod.POST, "/fhir"),
                        PATHS.matcher(HttpMethod.POST, "/fhir/"), PATHS.matcher(HttpMethod.POST, "/batch/files")))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(r -> r.disable());
        return http.build();
    }

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    @Bean
    @Order(2)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication(
            type = org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain everythingElse(HttpSecurity http, AccessProperties properties, Roles roles, BearerTokens tokens,
            AccessAudit audit, SignInThrottle throttle, ObjectProvider<ClientRegistrationRepository> oidcClients)
            throws Exception {
        checkOrganisations(properties.getOidc(), oidcClients.getIfAvailable() != null);
        AuthorizationManager<RequestAuthorizationContext> professional =
                (auth, context) -> new AuthorizationDecision(CareUsers.of(auth.get()) != null);
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/oauth2/token", "/oauth2/jwks", "/login",
                                "/error", "/data-visibility-guide", "/favicon.ico", "/css/**", "/js/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/fhir/metadata", "/fhir/OperationDefinition/**").permitAll()
                        // an in-context launch: the signed launch token (LaunchEndpoint), or the EHR's authorization
                        // and ID token (SmartLaunchEndpoint), is the credential
                        .requestMatchers(HttpMethod.POST, "/launch").permitAll()
                        .requestMatchers(HttpMethod.GET, "/smart/launch", "/smart/callback").permitAll()
                        .requestMatchers("/admin/registry", "/admin/registry/**", "/admin/feeds", "/admin/feed-status", "/admin/batch-files")
                        .hasAuthority("ADMIN_feeds")
                        .requestMatchers("/admin/quarantine", "/admin/quarantine/**", "/admin/quarantine-items",
                                "/admin/quarantine-items/**").hasAuthority("ADMIN_quarantine")
                        .requestMatchers("/admin/reviews", "/admin/reviews/**", "/admin/review", "/admin/review/**",
                                "/admin/source-records/**", "/admin/persons/**").hasAuthority("ADMIN_person-index")
                        .requestMatchers("/admin/audit", "/admin/audit/**").hasAuthority("ADMIN_audit")
                        .requestMatchers("/admin/objections", "/admin/objections/**", "/admin/objection-register",
                                "/admin/objection-register/**").hasAuthority("ADMIN_objections")
                        .requestMatchers("/admin/staff", "/admin/staff/**").hasAuthority("ADMIN_staff")
                        .requestMatchers("/admin").access(professional) // the page of one's admin areas (none for most)
                        .requestMatchers("/admin/**").denyAll()
                        .requestMatchers("/fhir/**", "/api/**", "/", "/find", "/record/**", "/session/**").access(professional)
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
                // pages run only the service's own scripts and styles, are never framed, and send forms only to it
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY)))
                // the viewer's idle time-out signs out with timeout=1, and the sign-in page says why
                .logout(l -> l.logoutSuccessHandler((request, response, auth) -> response.sendRedirect(
                        request.getParameter("timeout") != null ? "/login?timeout" : "/login?logout")))
                .addFilterAfter(new AccessContextFilter(), AuthorizationFilter.class)
                .addFilterAfter(new AdministrationAudit(audit), AccessContextFilter.class);
        if (properties.getLocalAccounts().isEnabled()) {
            http.formLogin(f -> f.loginPage("/login").successHandler(signedIn(audit, "local account", throttle))
                            .failureHandler(passwordFailed(audit, throttle)))
                    .addFilterBefore(new LockedOut(throttle), UsernamePasswordAuthenticationFilter.class);
        }
        if (oidcClients.getIfAvailable() != null) {
            http.oauth2Login(o -> o.loginPage("/login").userInfoEndpoint(u -> u.oidcUserService(new OidcUsers(properties, roles)))
                    .successHandler(signedIn(audit, "openid-connect", throttle)).failureHandler(failed(audit)));
        }
        return http.build();
    }

    private static SavedRequestAwareAuthenticationSuccessHandler signedIn(AccessAudit audit, String how,
            SignInThrottle throttle) {
        return new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                    Authentication authentication) throws IOException, jakarta.servlet.ServletException {
                CareUser user = CareUsers.of(authentication);
                if (user != null) {
                    audit.signedIn(user, request, how);
                }
                if (how.equals("local account")) {
                    throttle.succeeded("page", request.getParameter("username"));
                }
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
    }

    /** An OpenID Connect sign-in refused: audited; a role at an organisation outside the region says so on the page. */
    private static SimpleUrlAuthenticationFailureHandler failed(AccessAudit audit) {
        return new SimpleUrlAuthenticationFailureHandler("/login?error") {
            @Override
            public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                    AuthenticationException exception) throws IOException, jakarta.servlet.ServletException {
                if (exception instanceof OrganisationNotInRegion outside) {
                    audit.organisationRefused(outside, "page", request);
                    saveException(request, exception);
                    getRedirectStrategy().sendRedirect(request, response, "/login?error=organisation");
                    return;
                }
                audit.signInFailed(request.getParameter("username"), "page", request, exception.getClass().getSimpleName());
                super.onAuthenticationFailure(request, response, exception);
            }
        };
    }

    /**
     * The organisations whose staff the region's provider may sign in: codes, not blanks; none listed
     * means any organisation, which is said at start when a provider is configured.
     */
    static void checkOrganisations(AccessProperties.Oidc oidc, boolean pageSignIn) {
        if (oidc.getOrganisations().stream().anyMatch(code -> code == null || !code.trim().matches("[A-Za-z0-9]{3,10}"))) {
            throw new IllegalStateException("care-record.access.oidc.organisations lists something that is not an ODS code"
                    + " (3 to 10 letters and digits)");
        }
        boolean provider = pageSignIn || (oidc.getIssuerUri() != null && !oidc.getIssuerUri().isBlank());
        if (provider && oidc.getOrganisations().isEmpty()) {
            log.warn("care-record.access.oidc.organisations is empty: the OpenID Connect provider can sign in a professional"
                    + " of any organisation it knows, not only the region's; list the region's ODS codes there");
        }
    }

    /**
     * A wrong user name or password on the sign-in form: audited, and counted; the failure that locks the
     * name out is audited once more (sign-in.locked) and the page says until when.
     */
    private static AuthenticationFailureHandler passwordFailed(AccessAudit audit, SignInThrottle throttle) {
        SimpleUrlAuthenticationFailureHandler wrong = new SimpleUrlAuthenticationFailureHandler("/login?error");
        return (request, response, exception) -> {
            String username = request.getParameter("username");
            audit.signInFailed(username, "page", request, exception.getClass().getSimpleName());
            Optional<Instant> locked = throttle.failed("page", username);
            if (locked.isPresent()) {
                audit.signInLocked(username, "page", request, throttle.failuresAllowed(), throttle.window(), locked.get());
                response.sendRedirect("/login?locked=" + throttle.time(locked.get()));
                return;
            }
            wrong.onAuthenticationFailure(request, response, exception);
        };
    }

    /**
     * Before the sign-in form's password is checked: a user name locked out after too many failures goes
     * back to the sign-in page, which says until when (not audited again: its lock-out was, once).
     */
    static final class LockedOut extends OncePerRequestFilter {

        private final SignInThrottle throttle;

        LockedOut(SignInThrottle throttle) {
            this.throttle = throttle;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !"POST".equals(request.getMethod()) || !"/login".equals(request.getRequestURI());
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws jakarta.servlet.ServletException, IOException {
            Optional<Instant> locked = throttle.lockedUntil("page", request.getParameter("username"));
            if (locked.isPresent()) {
                response.sendRedirect("/login?locked=" + throttle.time(locked.get()));
                return;
            }
            chain.doFilter(request, response);
        }
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
        if (e instanceof OrganisationNotInRegion outside) {
            // a valid sign-in, but not for this record: 403, as for a role that may not do this
            audit.organisationRefused(outside, "api", request);
            write(response, request, 403, "forbidden", outside.getMessage());
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
