package org.opencarerecord.access;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opencarerecord.access.internal.AccessProperties;
import org.opencarerecord.record.ItemVisibility;
import org.opencarerecord.record.ResourceScope;
import org.opencarerecord.sources.SourceOrganisation;
import org.opencarerecord.sources.SourceRegistry;
import org.springframework.stereotype.Component;

/**
 * The data visibility policy: role x data category x kind of source -> visible or hidden
 * ({@code care-record.access.visibility}; defaults in docs/access.md). Applied in the store's
 * queries as the pairs of item type and source organisation a role may see.
 */
@Component
public class VisibilityPolicy {

    /** The data category of each item type (the Data Visibility Guide's names). */
    private static final Map<String, String> CATEGORY = Map.ofEntries(
            Map.entry("Encounter", "encounters"), Map.entry("EpisodeOfCare", "encounters"),
            Map.entry("Condition", "problems"), Map.entry("Procedure", "problems"),
            Map.entry("AllergyIntolerance", "allergies"),
            Map.entry("MedicationStatement", "medications"), Map.entry("MedicationRequest", "medications"),
            Map.entry("MedicationDispense", "medications"), Map.entry("Immunization", "medications"),
            Map.entry("Observation", "results"), Map.entry("DiagnosticReport", "results"),
            Map.entry("DocumentReference", "documents"),
            Map.entry("CarePlan", "care-plans"), Map.entry("ServiceRequest", "care-plans"),
            Map.entry("CareTeam", "care-team"), Map.entry("RelatedPerson", "care-team"),
            Map.entry("Flag", "alerts"), Map.entry("Appointment", "appointments"),
            Map.entry("Patient", "demographics"));

    /** Kept in their own category whatever the source: these say who is involved and when, not what care was given. */
    private static final Set<String> SAME_FROM_SOCIAL_CARE = Set.of("Flag", "Appointment", "CareTeam", "RelatedPerson", "Patient");

    private final Map<String, List<AccessProperties.VisibilityRule>> rules;
    private final SourceRegistry sources;

    private final Map<String, AccessProperties.RoleSetting> roles;

    public VisibilityPolicy(AccessProperties properties, SourceRegistry sources) {
        this.rules = properties.getVisibility();
        this.roles = properties.getRoles();
        this.sources = sources;
    }

    /** What a role sees: for each kind of source, the visible data categories. */
    public record RoleView(String role, String name, boolean opensRecords, Map<String, List<String>> visible) {
    }

    /** The whole policy, role by role, for the Data Visibility Guide. */
    public List<RoleView> describe() {
        List<RoleView> out = new ArrayList<>();
        roles.forEach((role, setting) -> {
            Map<String, List<String>> visible = new LinkedHashMap<>();
            for (String kind : SourceOrganisation.KINDS) {
                List<String> categories = new ArrayList<>();
                if (setting.isOpensRecords()) {
                    for (String category : org.opencarerecord.sources.Feed.CATEGORIES) {
                        if (visible(role, category, kind)) {
                            categories.add(category);
                        }
                    }
                }
                visible.put(kind, categories);
            }
            out.add(new RoleView(role, setting.getName() == null ? role : setting.getName(), setting.isOpensRecords(), visible));
        });
        return out;
    }

    /** An item's data category: by its type, and what a social care organisation records is social care. */
    public static String category(String resourceType, String sourceKind) {
        if ("social-care".equals(sourceKind) && !SAME_FROM_SOCIAL_CARE.contains(resourceType)) {
            return "social-care";
        }
        return CATEGORY.getOrDefault(resourceType, "documents");
    }

    public boolean visible(String role, String category, String sourceKind) {
        for (AccessProperties.VisibilityRule rule : rules.getOrDefault(role, List.of())) {
            if (matches(rule.getCategories(), category) && matches(rule.getSources(), sourceKind)) {
                return rule.isVisible();
            }
        }
        return false;
    }

    private static boolean matches(List<String> values, String value) {
        return values.contains("*") || values.contains(value);
    }

    /** What the role may see of a record, as the store applies it. */
    public ItemVisibility itemsFor(String role) {
        Set<String> pairs = new HashSet<>();
        boolean everything = true;
        for (SourceOrganisation org : sources.organisations()) {
            for (String type : ResourceScope.itemTypes()) {
                if (visible(role, category(type, org.kind()), org.kind())) {
                    pairs.add(type + "|" + org.code());
                } else {
                    everything = false;
                }
            }
        }
        return everything ? ItemVisibility.ALL : new ItemVisibility(pairs);
    }
}
