package org.opencarerecord.record;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which FHIR resource types the record holds: clinical items (each belongs to one person),
 * shared things items point at (held per source), and the Patient (a source record).
 * Anything else (US billing resources such as Claim, for example) is out of scope.
 */
public final class ResourceScope {

    /** Clinical item types, and the element that says whose record each belongs to. */
    private static final Map<String, List<String>> ITEM_SUBJECT = Map.ofEntries(
            Map.entry("Encounter", List.of("subject")),
            Map.entry("EpisodeOfCare", List.of("patient")),
            Map.entry("Condition", List.of("subject")),
            Map.entry("AllergyIntolerance", List.of("patient")),
            Map.entry("MedicationStatement", List.of("subject")),
            Map.entry("MedicationRequest", List.of("subject")),
            Map.entry("MedicationDispense", List.of("subject")),
            Map.entry("Observation", List.of("subject")),
            Map.entry("DiagnosticReport", List.of("subject")),
            Map.entry("DocumentReference", List.of("subject")),
            Map.entry("Procedure", List.of("subject")),
            Map.entry("Immunization", List.of("patient")),
            Map.entry("CarePlan", List.of("subject")),
            Map.entry("CareTeam", List.of("subject")),
            Map.entry("Flag", List.of("subject")),
            Map.entry("Appointment", List.of("participant.actor")),
            Map.entry("ServiceRequest", List.of("subject")),
            Map.entry("RelatedPerson", List.of("patient")));

    private static final Set<String> SHARED = Set.of("Organization", "Practitioner", "PractitionerRole", "Location",
            "Medication");

    private ResourceScope() {
    }

    public static boolean isItem(String type) {
        return ITEM_SUBJECT.containsKey(type);
    }

    public static boolean isShared(String type) {
        return SHARED.contains(type);
    }

    public static boolean inScope(String type) {
        return "Patient".equals(type) || isItem(type) || isShared(type);
    }

    /** Where an item type names its person (dotted path; arrays are searched). */
    public static List<String> subjectPaths(String type) {
        return ITEM_SUBJECT.getOrDefault(type, List.of());
    }

    public static Set<String> itemTypes() {
        return ITEM_SUBJECT.keySet();
    }

    public static Set<String> sharedTypes() {
        return SHARED;
    }
}
