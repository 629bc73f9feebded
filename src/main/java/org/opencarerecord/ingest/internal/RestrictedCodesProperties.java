package org.opencarerecord.ingest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code care-record.restricted-codes}: the categories of legally restricted information, each by its
 * name (the key), with a description, what is done with an item coded with it ({@code action}) and
 * its codes per code system. Categories are a map rather than a list so that a deployment's own
 * configuration file can add a category, or change one category's codes for one system, without
 * restating the others (Spring replaces a list given in two files wholesale; maps it merges). The
 * rules of matching are {@link RestrictedCodes}'.
 */
@ConfigurationProperties("care-record")
public class RestrictedCodesProperties {

    private Map<String, Category> restrictedCodes = new LinkedHashMap<>();

    public Map<String, Category> getRestrictedCodes() { return restrictedCodes; }
    public void setRestrictedCodes(Map<String, Category> restrictedCodes) { this.restrictedCodes = restrictedCodes; }

    public static class Category {
        private String description;
        /** {@code drop} (not stored at all); {@code restrict} is reserved for the access release. */
        private String action = "drop";
        /**
         * Codes by system: {@code snomed-ct}, {@code icd-10} (ICD-10 and ICD-10 UK), {@code read-v2},
         * {@code ctv3}, or any other system by its URI in brackets ({@code "[http://loinc.org]"}).
         */
        private Map<String, List<String>> codes = new LinkedHashMap<>();

        public String getDescription() { return description; }
        public void setDescription(String description) { this.description = description; }
        public String getAction() { return action; }
        public void setAction(String action) { this.action = action; }
        public Map<String, List<String>> getCodes() { return codes; }
        public void setCodes(Map<String, List<String>> codes) { this.codes = codes; }

        Category withCodes(String system, String... values) {
            codes.put(system, new ArrayList<>(List.of(values)));
            return this;
        }
    }
}
