package org.opencarerecord.synthetic;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Generates the synthetic region: for each person, one FHIR R4 transaction Bundle per organisation that knows them
 * (always exactly one GP practice, plus 2-5 further sources weighted by age and health). Everything is
 * deterministic for the seed; a person's bundles depend only on (seed, personNumber).
 */
public final class RegionGenerator {

    private final long seed;

    public RegionGenerator(long seed) {
        this.seed = seed;
    }

    /** Streams one transaction bundle per source per person, person by person, deterministic for the seed. */
    public void generate(int people, Consumer<SourceBundle> sink) {
        if (people < 0 || people > maxPeople()) {
            throw new IllegalArgumentException("people must be between 0 and " + maxPeople());
        }
        for (int i = 0; i < people; i++) {
            for (SourceBundle b : person(i)) {
                sink.accept(b);
            }
        }
    }

    /** The most people one run can hold (unique NHS numbers in the 999 test range). */
    public static int maxPeople() {
        return Person.maxPeople();
    }

    /** Bundles for one person (0-based personNumber), deterministic for (seed, personNumber): lets callers generate in parallel. */
    public List<SourceBundle> person(int personNumber) {
        if (personNumber < 0 || personNumber >= maxPeople()) {
            throw new IllegalArgumentException("personNumber must be between 0 and " + (maxPeople() - 1));
        }
        long personSeed = mix(seed, personNumber);
        SplittableRandom r = new SplittableRandom(personSeed);
        Person p = Person.create(seed, personNumber, r);
        List<SyntheticOrganisation> sources = chooseSources(p, r);
        List<SourceBundle> out = new ArrayList<>(sources.size());
        List<SyntheticOrganisation> all = RegionCatalogue.organisations();
        for (SyntheticOrganisation org : sources) {
            SplittableRandom br = new SplittableRandom(mix(personSeed, all.indexOf(org) + 1));
            String localId = Person.localId(seed, org.code(), personNumber);
            ObjectNode patient = Sources.patient(org, p, localId, br);
            String display = patient.get("name").get(0).get("text").asText();
            BundleBuilder b = new BundleBuilder(org, p, br, localId, patient, display);
            Sources.fill(b);
            ((ObjectNode) patient.get("meta")).put("lastUpdated",
                    Json.dateTime(Math.max(b.latest(), Math.min(Json.NOW, p.registeredDay * 86400L + 36000))));
            out.add(new SourceBundle(org.code(), personNumber, b.toJson()));
        }
        return out;
    }

    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The person's GP first, then 2-5 further sources weighted by age and health. */
    static List<SyntheticOrganisation> chooseSources(Person p, SplittableRandom r) {
        String mainAcute = p.area.mainAcute();
        String otherAcute = mainAcute.equals("XRM") ? "XRD" : "XRM";
        int age = p.age;
        boolean frail = age >= 80 || p.problems.size() >= 4;
        String[] codes = {mainAcute, otherAcute, "XCT", "XMW", "XHC", "XAS", p.area.council()};
        double mh = p.has("58214004") || p.has("13746004") || p.has("47505003") || p.has("56882008") ? 0.7
                : p.has("52448006") ? 0.5 : p.hasMental() ? 0.3 : 0.05;
        double hospiceP = p.has("254837009") || p.has("399068003") || p.has("363406005") ? 0.3
                : age >= 80 ? 0.05 : age >= 60 ? 0.02 : 0.003;
        double[] prob = {
                age < 18 ? 0.75 : age >= 65 ? 0.97 : 0.88,
                age >= 65 ? 0.35 : 0.2,
                age < 18 ? 0.3 : age >= 80 ? 0.85 : age >= 65 ? 0.55 : frail ? 0.4 : 0.15,
                mh,
                hospiceP,
                age >= 80 ? 0.6 : age >= 65 ? 0.42 : 0.22,
                age < 18 ? 0 : age >= 80 ? 0.6 : age >= 65 ? 0.3 : frail ? 0.15 : 0.04};
        boolean[] chosen = new boolean[codes.length];
        int count = 0;
        for (int i = 0; i < codes.length; i++) {
            if (r.nextDouble() < prob[i]) {
                chosen[i] = true;
                count++;
            }
        }
        // at least two further sources: fill with the commonest kinds (hospital, community, ambulance)
        int[] fillOrder = {0, 1, 5, 2};
        while (count < 2) {
            int i = fillOrder[r.nextInt(fillOrder.length)];
            if (!chosen[i]) {
                chosen[i] = true;
                count++;
            }
        }
        // at most five: drop the other acute trust first, then ambulance
        int[] dropOrder = {1, 5, 2, 6};
        for (int d = 0; count > 5 && d < dropOrder.length; d++) {
            if (chosen[dropOrder[d]]) {
                chosen[dropOrder[d]] = false;
                count--;
            }
        }
        List<SyntheticOrganisation> out = new ArrayList<>();
        out.add(p.gp);
        for (int i = 0; i < codes.length; i++) {
            if (chosen[i]) {
                out.add(RegionCatalogue.byCode(codes[i]));
            }
        }
        return out;
    }
}
