package org.opencarerecord.ingest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opencarerecord.record.ItemCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The restricted code lists (legally restricted information: fertility treatment, sexually
 * transmitted infections, termination of pregnancy, gender reassignment, ...) and the one question
 * ingestion asks of them: does this item fall under one, and which? Decision 0015.
 *
 * <p>Which codings count: every coding of the item's main code elements (what the store keeps as its
 * {@code codes}, {@link ItemCodes}), and also {@code reasonCode} of any item,
 * {@code Observation.valueCodeableConcept} and its components' codes and values, and
 * {@code DiagnosticReport.conclusionCode}. A coding without a system is not matched.
 *
 * <p>How a code matches a list, by system:
 * <ul>
 * <li>SNOMED CT, CTV3 and any other system: exactly (SNOMED CT's hierarchy is not followed: list the
 * descendants that are meant).</li>
 * <li>ICD-10 ({@code http://hl7.org/fhir/sid/icd-10} and {@code .../icd-10-uk}): by prefix, as ICD-10
 * is a hierarchy of prefixes. Both sides are read without dots and in capitals, up to the first
 * character that is neither letter nor digit (a dagger, an asterisk, a space), so {@code A54} matches
 * {@code A54}, {@code A54.0}, {@code a540} and {@code A54.0+}; a listed code must be a whole category
 * (at least three characters: {@code A5} would take in half a chapter).</li>
 * <li>Read v2 ({@code http://read.info/readv2}): by its hierarchy, which is positional: a listed
 * {@code A98..} matches {@code A98..}, {@code A980.} and {@code A9801} (the first five characters
 * of a code are read, so a term code suffix {@code A98..00} is ignored; case is significant, as in
 * Read). A listed code must name at least two levels ({@code A9...}).</li>
 * </ul>
 * A code listed in two categories, an unknown system name, a malformed code or an unknown action
 * stops the service at start with the setting named: a mistake here is a leak or a gap.
 *
 * <p>The look-up is a hash look-up of the coding's system and then of its code (a few for a prefix):
 * no regular expression, nothing per resource beyond the codings already read for the store.
 */
@Component
@EnableConfigurationProperties(RestrictedCodesProperties.class)
class RestrictedCodes {

    private static final Logger log = LoggerFactory.getLogger(RestrictedCodes.class);

    static final String SNOMED_CT = "http://snomed.info/sct";
    static final String ICD_10 = "http://hl7.org/fhir/sid/icd-10";
    static final String ICD_10_UK = "http://hl7.org/fhir/sid/icd-10-uk";
    static final String READ_V2 = "http://read.info/readv2";
    static final String CTV3 = "http://read.info/ctv3";

    /** Only {@code drop} is applied now; {@code restrict} (stored, shown only to those allowed) needs the access release. */
    enum Action { DROP }

    /** A category of restricted information. */
    record Category(String name, String description, Action action) {
    }

    /** What an item is coded as (its code tokens, for the store) and the category it falls under (null: none). */
    record Reading(String[] codes, Category category) {
    }

    private final Map<String, SystemCodes> bySystem;
    private final List<Category> categories;

    RestrictedCodes(RestrictedCodesProperties properties) {
        Map<String, SystemCodes> systems = new HashMap<>();
        List<Category> all = new ArrayList<>();
        Map<String, String> seen = new HashMap<>(); // system|matching form -> category, to refuse a code in two
        int codes = 0;
        for (var named : properties.getRestrictedCodes().entrySet()) {
            String at = "care-record.restricted-codes." + named.getKey();
            RestrictedCodesProperties.Category settings = named.getValue();
            Category category = new Category(named.getKey(), settings.getDescription(), action(at, settings.getAction()));
            all.add(category);
            for (var list : settings.getCodes().entrySet()) {
                String listAt = at + ".codes." + list.getKey();
                for (String system : systems(listAt, list.getKey())) {
                    SystemCodes matcher = systems.computeIfAbsent(system, RestrictedCodes::matcherFor);
                    for (String code : list.getValue() == null ? List.<String>of() : list.getValue()) {
                        String key = matcher.listed(listAt, code);
                        String before = seen.putIfAbsent(system + "|" + key, category.name());
                        if (before != null && !before.equals(category.name())) {
                            throw new IllegalStateException(listAt + ": " + code + " is listed under " + before
                                    + " too; a code belongs to one category");
                        }
                        matcher.add(key, category);
                        codes++;
                    }
                }
            }
        }
        this.bySystem = Map.copyOf(systems);
        this.categories = List.copyOf(all);
        log.info("Restricted code lists: {} categories {}, {} codes; items coded with them are not stored",
                all.size(), all.stream().map(Category::name).toList(), codes);
    }

    List<Category> categories() {
        return categories;
    }

    /** Reads an item's codes once: its tokens for the store, and the restricted category it falls under. */
    Reading read(String type, JsonNode resource) {
        if (bySystem.isEmpty()) {
            return new Reading(ItemCodes.tokens(type, resource, null), null);
        }
        Finding finding = new Finding();
        String[] tokens = ItemCodes.tokens(type, resource, finding);
        if (finding.category == null) {
            ItemCodes.visit(resource.get("reasonCode"), finding);
            if ("Observation".equals(type)) {
                ItemCodes.visit(resource.get("valueCodeableConcept"), finding);
                JsonNode components = resource.get("component");
                if (components != null && components.isArray()) {
                    for (JsonNode component : components) {
                        ItemCodes.visit(component.get("code"), finding);
                        ItemCodes.visit(component.get("valueCodeableConcept"), finding);
                    }
                }
            } else if ("DiagnosticReport".equals(type)) {
                ItemCodes.visit(resource.get("conclusionCode"), finding);
            }
        }
        return new Reading(tokens, finding.category);
    }

    /** The category a coding falls under, or null. */
    Category categoryOf(String system, String code) {
        SystemCodes codes = bySystem.get(system);
        return codes == null ? null : codes.categoryOf(code);
    }

    /** The first restricted category among the codings it is told of. */
    private final class Finding implements ItemCodes.CodingVisitor {
        Category category;

        @Override
        public void coding(String system, String code) {
            if (category == null) {
                category = categoryOf(system, code);
            }
        }
    }

    private static Action action(String at, String action) {
        String a = action == null ? "drop" : action.trim().toLowerCase(Locale.ROOT);
        return switch (a) {
            case "drop" -> Action.DROP;
            case "restrict" -> throw new IllegalStateException(at + ".action: 'restrict' (stored but shown only to"
                    + " those allowed) is not available yet; use 'drop'");
            default -> throw new IllegalStateException(at + ".action must be 'drop', not '" + action + "'");
        };
    }

    /** The system URIs a configured system name stands for. */
    private static List<String> systems(String at, String name) {
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1); // as Spring reads a bracketed key
        }
        return switch (name) {
            case "snomed-ct" -> List.of(SNOMED_CT);
            case "icd-10" -> List.of(ICD_10, ICD_10_UK);
            case "read-v2" -> List.of(READ_V2);
            case "ctv3" -> List.of(CTV3);
            default -> {
                if (name.contains("://") || name.startsWith("urn:")) {
                    yield List.of(name);
                }
                throw new IllegalStateException(at + ": '" + name + "' is no code system this knows; use snomed-ct,"
                        + " icd-10, read-v2, ctv3 or a system's URI in brackets, e.g. \"[http://loinc.org]\"");
            }
        };
    }

    private static SystemCodes matcherFor(String system) {
        return switch (system) {
            case ICD_10, ICD_10_UK -> new Icd10();
            case READ_V2 -> new ReadV2();
            case SNOMED_CT -> new SnomedCt();
            default -> new Exact();
        };
    }

    /** One system's listed codes, in the form it matches them. */
    private abstract static class SystemCodes {
        final Map<String, Category> codes = new LinkedHashMap<>();

        /** The form a configured code is kept in (checked; a bad one stops the service at start). */
        abstract String listed(String at, String code);

        void add(String key, Category category) {
            codes.put(key, category);
        }

        abstract Category categoryOf(String code);
    }

    private static class Exact extends SystemCodes {
        @Override
        String listed(String at, String code) {
            if (code == null || code.isBlank() || !code.equals(code.trim())) {
                throw new IllegalStateException(at + ": '" + code + "' is not a code (empty, or with spaces around it)");
            }
            return code;
        }

        @Override
        Category categoryOf(String code) {
            return codes.get(code);
        }
    }

    private static final class SnomedCt extends Exact {
        @Override
        String listed(String at, String code) {
            String c = super.listed(at, code);
            if (c.length() < 6 || c.length() > 18 || !c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw new IllegalStateException(at + ": '" + code + "' is not a SNOMED CT concept id (6 to 18 digits)");
            }
            return c;
        }
    }

    private static final class Icd10 extends SystemCodes {
        private int longest;

        @Override
        String listed(String at, String code) {
            String key = code == null ? "" : normalise(code.trim());
            if (key.length() < 3 || key.length() != code.trim().replace(".", "").length()
                    || !Character.isLetter(key.charAt(0))) {
                throw new IllegalStateException(at + ": '" + code + "' is not an ICD-10 category or code (a letter and"
                        + " at least two more characters, e.g. A54 or Z31.2)");
            }
            longest = Math.max(longest, key.length());
            return key;
        }

        @Override
        Category categoryOf(String code) {
            String c = normalise(code);
            for (int length = 3; length <= Math.min(c.length(), longest); length++) {
                Category found = codes.get(c.substring(0, length));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }

        /** Letters and digits in capitals, dots left out, up to the first other character. */
        static String normalise(String code) {
            StringBuilder out = new StringBuilder(code.length());
            for (int i = 0; i < code.length(); i++) {
                char ch = code.charAt(i);
                if (ch == '.') {
                    continue;
                }
                if (ch >= 'a' && ch <= 'z') {
                    ch = (char) (ch - 'a' + 'A');
                } else if (!(ch >= 'A' && ch <= 'Z') && !(ch >= '0' && ch <= '9')) {
                    break;
                }
                out.append(ch);
            }
            return out.toString();
        }
    }

    private static final class ReadV2 extends SystemCodes {
        @Override
        String listed(String at, String code) {
            String c = code == null ? "" : code.trim();
            String stem = stem(c);
            if (c.length() < 5 || stem.length() < 2 || stem.indexOf('.') >= 0) {
                throw new IllegalStateException(at + ": '" + code + "' is not a Read v2 code of at least two levels"
                        + " (five characters, dots after the last level, e.g. A98..)");
            }
            return stem;
        }

        @Override
        Category categoryOf(String code) {
            String stem = stem(code);
            for (int length = 2; length <= stem.length(); length++) {
                Category found = codes.get(stem.substring(0, length));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }

        /** The levels a Read v2 code names: its first five characters without the trailing dots. */
        static String stem(String code) {
            int end = Math.min(code.length(), 5);
            while (end > 0 && code.charAt(end - 1) == '.') {
                end--;
            }
            return code.substring(0, end);
        }
    }
}
