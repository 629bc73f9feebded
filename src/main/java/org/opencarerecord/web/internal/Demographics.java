package org.opencarerecord.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.opencarerecord.identity.Person;
import org.opencarerecord.identity.SourceRecord;
import org.opencarerecord.platform.FhirJson;

/**
 * What tells one person from another, as the most recently updated source sent it: name, NHS
 * number (3-3-4), date of birth and age, sex, address, registered GP practice, and death.
 */
record Demographics(UUID personId, String name, String nhsNumber, String birthDate, String age, String sex,
        String address, String gpPractice, String deceased) {

    /**
     * Each fact from the most recently updated source that sends it: a hospital that sends no GP
     * practice does not hide the one the GP record names.
     */
    static Demographics of(Person person) {
        List<JsonNode> patients = new ArrayList<>(); // most recently received first
        for (SourceRecord r : person.sourceRecords()) {
            try {
                patients.add(FhirJson.MAPPER.readTree(r.resourceJson()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonNode names = first(patients, "name");
        JsonNode name = names.path(0);
        for (JsonNode n : names) {
            if ("official".equals(n.path("use").asText())) {
                name = n;
                break;
            }
        }
        String birth = ItemView.text(first(patients, "birthDate"));
        LocalDate born = birth != null && birth.length() == 10 ? LocalDate.parse(birth) : null;
        String diedAt = ItemView.text(first(patients, "deceasedDateTime"));
        boolean dead = diedAt != null || patients.stream().anyMatch(x -> x.path("deceasedBoolean").asBoolean(false));
        String deceased = diedAt != null ? "Died " + ItemView.display(diedAt) : dead ? "Deceased" : null;
        LocalDate until = diedAt != null && ItemView.instant(diedAt) != null
                ? ItemView.instant(diedAt).atZone(ItemView.ZONE).toLocalDate() : LocalDate.now(ItemView.ZONE);
        return new Demographics(person.id(), orUnknown(ItemView.name(name)),
                person.nhsNumber() == null ? null : person.nhsNumber().formatted(),
                born != null ? ItemView.date(born) : birth, born == null ? null : age(born, until),
                sex(ItemView.text(first(patients, "gender"))), address(first(patients, "address")),
                ItemView.text(first(patients, "generalPractitioner").path(0).path("display")), deceased);
    }

    /** The field from the first (most recently updated) source record that has it. */
    private static JsonNode first(List<JsonNode> patients, String field) {
        for (JsonNode p : patients) {
            if (p.hasNonNull(field) && !(p.get(field).isArray() && p.get(field).isEmpty())) {
                return p.get(field);
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String age(LocalDate born, LocalDate on) {
        Period p = Period.between(born, on);
        if (p.getYears() >= 2) {
            return p.getYears() + " years";
        }
        long months = p.toTotalMonths();
        return months >= 1 ? months + (months == 1 ? " month" : " months") : p.getDays() + (p.getDays() == 1 ? " day" : " days");
    }

    private static String sex(String gender) {
        return gender == null ? "Not stated" : switch (gender) {
            case "male" -> "Male";
            case "female" -> "Female";
            case "other" -> "Other";
            default -> "Unknown";
        };
    }

    private static String address(JsonNode addresses) {
        JsonNode chosen = null;
        for (JsonNode a : addresses) {
            if (!a.path("period").has("end") && (chosen == null || "home".equals(a.path("use").asText()))) {
                chosen = a;
            }
        }
        if (chosen == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        chosen.path("line").forEach(l -> parts.add(l.asText()));
        for (String f : List.of("city", "district", "postalCode")) {
            if (ItemView.text(chosen.path(f)) != null) {
                parts.add(chosen.path(f).asText());
            }
        }
        return parts.isEmpty() ? ItemView.text(chosen.path("text")) : String.join(", ", parts);
    }

    private static String orUnknown(String s) {
        return s == null ? "(name not given)" : s;
    }
}
