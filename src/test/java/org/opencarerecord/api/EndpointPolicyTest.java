package org.opencarerecord.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencarerecord.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint, tried as every role (and as nobody, and as a feed), against the documented policy
 * (docs/access.md). The endpoints come from the running service itself (Spring's handler mappings
 * and the FHIR capability statement), so an endpoint added without a line in {@link #RULES} fails
 * this test.
 */
class EndpointPolicyTest extends IntegrationTest {

    /** Who may use an endpoint. */
    enum Rule {
        /** anyone, signed in or not */
        PUBLIC,
        /** any signed-in professional, whatever their role (not a feed) */
        SIGNED_IN,
        /** a professional whose role opens records (then the record's own rules apply) */
        RECORDS,
        /** a feed's own token only */
        FEED_WRITE,
        /** a role that administers the named area */
        FEEDS, QUARANTINE, PERSON_INDEX, AUDIT, OBJECTIONS, STAFF
    }

    /** Each endpoint (method and path pattern) and its rule. */
    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        RULES.put("GET /data-visibility-guide", Rule.PUBLIC);
        RULES.put("GET /error", Rule.PUBLIC);
        RULES.put("GET /login", Rule.PUBLIC);
        RULES.put("POST /oauth2/token", Rule.PUBLIC);
        RULES.put("GET /oauth2/jwks", Rule.PUBLIC);
        RULES.put("GET /fhir/metadata", Rule.PUBLIC);
        // an in-context launch: its signed, single-use launch token is the credential (LaunchTest), or the
        // EHR's authorization and ID token (SmartLaunchTest)
        RULES.put("POST /launch", Rule.PUBLIC);
        RULES.put("GET /smart/launch", Rule.PUBLIC);
        RULES.put("GET /smart/callback", Rule.PUBLIC);
        RULES.put("POST /fhir", Rule.FEED_WRITE);
        RULES.put("POST /batch/files", Rule.FEED_WRITE);
        RULES.put("GET /api/persons/{id}/sources", Rule.RECORDS);
        RULES.put("GET /", Rule.SIGNED_IN);
        RULES.put("GET /session/keep-alive", Rule.SIGNED_IN);
        RULES.put("GET /admin", Rule.SIGNED_IN);
        RULES.put("GET /admin/audit", Rule.AUDIT);
        RULES.put("GET /admin/audit/history", Rule.AUDIT);
        RULES.put("GET /admin/audit/persons/{id}", Rule.AUDIT);
        RULES.put("GET /admin/feed-status", Rule.FEEDS);
        RULES.put("GET /admin/objection-register", Rule.OBJECTIONS);
        RULES.put("POST /admin/objection-register", Rule.OBJECTIONS);
        RULES.put("POST /admin/objection-register/{id}/withdraw", Rule.OBJECTIONS);
        RULES.put("GET /find", Rule.RECORDS);
        RULES.put("POST /find", Rule.RECORDS);
        RULES.put("GET /record/{id}", Rule.RECORDS);
        RULES.put("GET /record/{id}/{section}", Rule.RECORDS);
        RULES.put("GET /record/{id}/reason", Rule.RECORDS);
        RULES.put("POST /record/{id}/reason", Rule.RECORDS);
        RULES.put("POST /record/{id}/break-glass", Rule.RECORDS);
        RULES.put("GET /admin/feeds", Rule.FEEDS);
        RULES.put("GET /admin/batch-files", Rule.FEEDS);
        RULES.put("GET /admin/registry", Rule.FEEDS);
        RULES.put("PUT /admin/registry/organisations/{code}", Rule.FEEDS);
        RULES.put("PUT /admin/registry/feeds/{id}", Rule.FEEDS);
        RULES.put("DELETE /admin/registry/feeds/{id}", Rule.FEEDS);
        RULES.put("GET /admin/quarantine", Rule.QUARANTINE);
        RULES.put("GET /admin/quarantine/{id}", Rule.QUARANTINE);
        RULES.put("POST /admin/quarantine/{id}/replay", Rule.QUARANTINE);
        RULES.put("POST /admin/quarantine/{id}/discard", Rule.QUARANTINE);
        RULES.put("GET /admin/quarantine-items", Rule.QUARANTINE);
        RULES.put("GET /admin/quarantine-items/{id}", Rule.QUARANTINE);
        RULES.put("POST /admin/quarantine-items/{id}/replay", Rule.QUARANTINE);
        RULES.put("POST /admin/quarantine-items/{id}/discard", Rule.QUARANTINE);
        RULES.put("GET /admin/review", Rule.PERSON_INDEX);
        RULES.put("POST /admin/review/{id}/{decision}", Rule.PERSON_INDEX);
        RULES.put("GET /admin/reviews", Rule.PERSON_INDEX);
        RULES.put("GET /admin/reviews/{id}", Rule.PERSON_INDEX);
        RULES.put("POST /admin/reviews/{id}/confirm", Rule.PERSON_INDEX);
        RULES.put("POST /admin/reviews/{id}/reject", Rule.PERSON_INDEX);
        RULES.put("POST /admin/source-records/{id}/unlink", Rule.PERSON_INDEX);
        RULES.put("GET /admin/persons/{id}/links", Rule.PERSON_INDEX);
        RULES.put("GET /admin/audit/verification", Rule.AUDIT);
        RULES.put("GET /admin/audit/persons/{id}/history", Rule.AUDIT);
        RULES.put("GET /admin/audit/reports/{report}", Rule.AUDIT);
        RULES.put("GET /admin/audit/AuditEvent", Rule.AUDIT);
        RULES.put("GET /admin/objections", Rule.OBJECTIONS);
        RULES.put("POST /admin/objections", Rule.OBJECTIONS);
        RULES.put("POST /admin/objections/{id}/withdraw", Rule.OBJECTIONS);
        RULES.put("GET /admin/staff/{userId}", Rule.STAFF);
        RULES.put("PUT /admin/staff/{userId}", Rule.STAFF);
        RULES.put("DELETE /admin/staff/{userId}", Rule.STAFF);
        RULES.put("POST /admin/staff", Rule.STAFF);
    }

    /** Every role of the default configuration, by the test API client that has it. */
    private static final Map<String, String> ROLE_CLIENTS = new LinkedHashMap<>();

    static {
        ROLE_CLIENTS.put("gp", "test-gp");
        ROLE_CLIENTS.put("hospital-clinician", CLINICIAN);
        ROLE_CLIENTS.put("nurse", "test-nurse");
        ROLE_CLIENTS.put("paramedic", "test-paramedic");
        ROLE_CLIENTS.put("pharmacist", "test-pharmacist");
        ROLE_CLIENTS.put("mental-health-professional", "test-mental-health");
        ROLE_CLIENTS.put("social-worker", "test-social-worker");
        ROLE_CLIENTS.put("administrative-staff", "test-admin-staff");
        ROLE_CLIENTS.put("privacy-officer", "test-privacy");
        ROLE_CLIENTS.put("system-administrator", SYSADMIN);
    }

    private static final Set<String> OPEN_RECORDS = Set.of("gp", "hospital-clinician", "nurse", "paramedic", "pharmacist",
            "mental-health-professional", "social-worker", "administrative-staff");

    private static final Map<Rule, String> AREA = Map.of(Rule.FEEDS, "system-administrator",
            Rule.QUARANTINE, "system-administrator", Rule.PERSON_INDEX, "system-administrator",
            Rule.AUDIT, "privacy-officer", Rule.OBJECTIONS, "privacy-officer", Rule.STAFF, "privacy-officer");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    void everyEndpointHasARule() {
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getMethodsCondition().getMethods().forEach(method ->
                info.getPatternValues().forEach(pattern -> served.add(method + " " + pattern))));
        assertThat(RULES.keySet()).as("endpoints with a rule").containsAll(served);
        served.removeAll(RULES.keySet());
        assertThat(served).as("endpoints served without a rule in this test and docs/access.md").isEmpty();
    }

    @Test
    void everyEndpointAnswersEveryRoleAsThePolicySays() {
        List<String> wrong = new ArrayList<>();
        Map<String, Rule> endpoints = new LinkedHashMap<>(RULES);
        endpoints.putAll(fhirEndpoints());
        for (Map.Entry<String, Rule> e : endpoints.entrySet()) {
            String method = e.getKey().substring(0, e.getKey().indexOf(' '));
            String path = e.getKey().substring(e.getKey().indexOf(' ') + 1).replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            check(wrong, e.getKey(), method, path, null, "nobody", e.getValue());
            check(wrong, e.getKey(), method, path, path.startsWith("/batch") ? "test-batch-token" : FEED_TOKEN, "feed",
                    e.getValue());
            for (Map.Entry<String, String> role : ROLE_CLIENTS.entrySet()) {
                check(wrong, e.getKey(), method, path, token(role.getValue()), role.getKey(), e.getValue());
            }
        }
        assertThat(wrong).as("answers that do not follow the policy").isEmpty();
    }

    /** Each FHIR type's read and search, and $everything, from the capability statement. */
    private Map<String, Rule> fhirEndpoints() {
        Map<String, Rule> out = new LinkedHashMap<>();
        JsonNode metadata = getAs(null, null, "/metadata").json();
        for (JsonNode resource : metadata.path("rest").get(0).path("resource")) {
            String type = resource.path("type").asText();
            for (JsonNode interaction : resource.path("interaction")) {
                String code = interaction.path("code").asText();
                String key = switch (code) {
                    case "read" -> "GET /fhir/" + type + "/{id}";
                    case "search-type" -> "GET /fhir/" + type + (type.equals("Patient") ? "?family=smith"
                            : isShared(type) ? "?identifier=x" : "?patient={id}");
                    default -> throw new AssertionError("the capability statement lists " + code + " on " + type
                            + ", which this test has no rule for");
                };
                // the definitions of the API's own operations hold no patient data
                out.put(key, type.equals("OperationDefinition") ? Rule.PUBLIC : Rule.RECORDS);
            }
            for (JsonNode operation : resource.path("operation")) {
                assertThat(operation.path("name").asText()).as("an operation this test has a rule for").isEqualTo("everything");
                out.put("GET /fhir/Patient/{id}/$everything", Rule.RECORDS);
            }
        }
        assertThat(out).containsKey("GET /fhir/Patient/{id}/$everything");
        return out;
    }

    private static boolean isShared(String type) {
        return Set.of("Organization", "Practitioner", "PractitionerRole", "Location", "Medication").contains(type);
    }

    private void check(List<String> wrong, String endpoint, String method, String path, String token, String who, Rule rule) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path.replace("|", "%7C")))
                .header("Accept", "application/json").header("X-Care-Reason", REASON);
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        boolean body = method.equals("POST") || method.equals("PUT");
        r.header("Content-Type", path.startsWith("/batch") ? "application/fhir+ndjson" : "application/json").method(method, body ? HttpRequest.BodyPublishers.ofString("{}")
                : HttpRequest.BodyPublishers.noBody());
        int status = send(r.build()).status();
        Set<Integer> expected = expected(rule, who, token != null);
        boolean refused = status == 401 || status == 403;
        boolean ok = expected.isEmpty() ? !refused : expected.contains(status);
        if (!ok) {
            wrong.add(endpoint + " as " + who + ": " + status + " (expected " + (expected.isEmpty() ? "not refused" : expected) + ")");
        }
    }

    /** The refusal the policy gives (401 or 403), or empty when it lets the request through. */
    private static Set<Integer> expected(Rule rule, String who, boolean credential) {
        if (rule == Rule.PUBLIC) {
            return Set.of();
        }
        if (rule == Rule.FEED_WRITE) {
            return who.equals("feed") ? Set.of() : Set.of(401);
        }
        if (!credential) {
            return Set.of(401);
        }
        if (who.equals("feed")) {
            return Set.of(403);
        }
        if (rule == Rule.SIGNED_IN) {
            return Set.of();
        }
        if (rule == Rule.RECORDS) {
            return OPEN_RECORDS.contains(who) ? Set.of() : Set.of(403);
        }
        return AREA.get(rule).equals(who) ? Set.of() : Set.of(403);
    }
}
