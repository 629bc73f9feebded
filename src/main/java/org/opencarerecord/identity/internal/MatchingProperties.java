package org.opencarerecord.identity.internal;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opencarerecord.identity.internal.matching.MatchThresholds;
import org.opencarerecord.identity.internal.matching.MatchWeights;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code care-record.matching}: thresholds and weights of the person matcher. Anything not set
 * keeps its documented default (docs/matching.md).
 */
@ConfigurationProperties("care-record.matching")
public class MatchingProperties {

    /** Score at or above which a record links automatically. */
    private Double linkThreshold;
    /** Score at or above which a record goes to the review queue. */
    private Double reviewThreshold;
    /** Weights by name (a component of MatchWeights, e.g. givenNickname), overriding the defaults. */
    private Map<String, Double> weights = new LinkedHashMap<>();

    public MatchThresholds thresholds() {
        MatchThresholds defaults = MatchThresholds.defaults();
        return new MatchThresholds(linkThreshold == null ? defaults.link() : linkThreshold,
                reviewThreshold == null ? defaults.review() : reviewThreshold);
    }

    public MatchWeights matchWeights() {
        MatchWeights defaults = MatchWeights.defaults();
        if (weights.isEmpty()) {
            return defaults;
        }
        RecordComponent[] components = MatchWeights.class.getRecordComponents();
        for (String name : weights.keySet()) {
            if (Arrays.stream(components).noneMatch(c -> c.getName().equals(name))) {
                throw new IllegalStateException("care-record.matching.weights." + name + " is not a weight; the weights are "
                        + Arrays.stream(components).map(RecordComponent::getName).toList());
            }
        }
        try {
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                Object current = components[i].getAccessor().invoke(defaults);
                Double override = weights.get(components[i].getName());
                values[i] = override == null ? current : override;
            }
            return MatchWeights.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("care-record.matching.weights could not be applied", e);
        }
    }

    public Double getLinkThreshold() { return linkThreshold; }
    public void setLinkThreshold(Double linkThreshold) { this.linkThreshold = linkThreshold; }
    public Double getReviewThreshold() { return reviewThreshold; }
    public void setReviewThreshold(Double reviewThreshold) { this.reviewThreshold = reviewThreshold; }
    public Map<String, Double> getWeights() { return weights; }
    public void setWeights(Map<String, Double> weights) { this.weights = weights; }
}
