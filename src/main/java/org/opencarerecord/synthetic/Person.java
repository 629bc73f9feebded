package org.opencarerecord.synthetic;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.synthetic.RegionCatalogue.Area;
import org.opencarerecord.synthetic.Terminology.Acute;
import org.opencarerecord.synthetic.Terminology.Allergy;
import org.opencarerecord.synthetic.Terminology.Chronic;

/** One synthetic person: demographics and the "true" clinical story the sources each see part of. */
final class Person {

    record Problem(Chronic def, long onsetDay, List<String> meds, long medsFromDay, boolean resolved) {
    }

    record Episode(Acute def, long day) {
    }

    record AllergyFact(Allergy def, Code reaction, String severity, long onsetDay) {
    }

    record Address(String house, String street, String town, String postcode, long fromDay) {
        String line() {
            return house + " " + street;
        }
    }

    int number;
    String nhsNumber;
    boolean female;
    long birthDay;
    int age;
    String title;
    String given;
    String middle;
    String family;
    String nickname;
    Address address;
    Address previousAddress;
    String mobile;
    String landline;
    SyntheticOrganisation gp;
    Area area;
    long registeredDay;
    int smoking; // 0 never, 1 ex, 2 current, -1 child
    boolean councilHasNhsNumber;
    final List<Problem> problems = new ArrayList<>();
    final List<Episode> episodes = new ArrayList<>();
    final List<AllergyFact> allergies = new ArrayList<>();
    // next of kin / carer
    String kinGiven;
    String kinFamily;
    String kinRelation;
    String kinRelationDisplay;
    boolean kinFemale;
    String kinPhone;

    String fullName() {
        return given + (middle == null ? "" : " " + middle) + " " + family;
    }

    boolean has(String snomed) {
        for (Problem p : problems) {
            if (p.def().code().code().equals(snomed)) {
                return true;
            }
        }
        return false;
    }

    boolean hasMental() {
        for (Problem p : problems) {
            if (p.def().mental()) {
                return true;
            }
        }
        return false;
    }

    int ageBand() {
        return age < 18 ? 0 : age < 40 ? 1 : age < 65 ? 2 : age < 80 ? 3 : 4;
    }

    // ---------------------------------------------------------------- creation

    private static final String INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";
    private static int[] validStems;

    /** The 9-digit stems 999000000..999999999 whose Modulus 11 check digit is not 10. */
    private static synchronized int[] validStems() {
        if (validStems == null) {
            int[] tmp = new int[1_000_000];
            int n = 0;
            for (int i = 0; i < 1_000_000; i++) {
                String stem = "999" + pad(i, 6);
                if (NhsNumber.checkDigit(stem) != null) {
                    tmp[n++] = i;
                }
            }
            validStems = java.util.Arrays.copyOf(tmp, n);
        }
        return validStems;
    }

    static int maxPeople() {
        return validStems().length;
    }

    /** A valid test-range NHS number for (seed, person): an affine permutation over the valid stems, so unique per seed. */
    static String nhsNumber(long seed, int number) {
        int[] stems = validStems();
        long n = stems.length;
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        long a;
        do {
            a = 1 + Math.floorMod(r.nextLong(), n - 1);
        } while (gcd(a, n) != 1);
        long b = Math.floorMod(r.nextLong(), n);
        int idx = (int) Math.floorMod(a * number + b, n);
        String stem = "999" + pad(stems[idx], 6);
        return stem + NhsNumber.checkDigit(stem);
    }

    /** A source's own patient id for (seed, org, person): prefix plus 7 digits, an affine permutation so unique per seed. */
    static String localId(long seed, String orgCode, int number) {
        SplittableRandom r = new SplittableRandom(seed * 31 + orgCode.hashCode());
        long m = 10_000_000L;
        long a;
        do {
            a = 1 + Math.floorMod(r.nextLong(), m - 1);
        } while (gcd(a, m) != 1);
        long b = Math.floorMod(r.nextLong(), m);
        return orgCode.substring(1) + pad((int) Math.floorMod(a * number + b, m), 7);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    static String pad(int v, int width) {
        String s = Integer.toString(v);
        StringBuilder sb = new StringBuilder(width);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s).toString();
    }

    static Person create(long seed, int number, SplittableRandom r) {
        Person p = new Person();
        p.number = number;
        p.nhsNumber = nhsNumber(seed, number);
        p.female = r.nextInt(100) < 51;
        int band = r.nextInt(100);
        int age = band < 20 ? r.nextInt(18) : band < 47 ? 18 + r.nextInt(22) : band < 79 ? 40 + r.nextInt(25)
                : band < 93 ? 65 + r.nextInt(15) : 80 + r.nextInt(21);
        LocalDate birth = Json.TODAY.minusYears(age).minusDays(1 + r.nextInt(364));
        p.birthDay = birth.toEpochDay();
        p.age = age;
        int era = Names.era(birth.getYear());
        String[] givens = p.female ? Names.FEMALE[era] : Names.MALE[era];
        p.given = Names.pick(givens, r);
        if (r.nextInt(100) < 70) {
            String m;
            do {
                m = Names.pick(givens, r);
            } while (m.equals(p.given));
            p.middle = m;
        }
        p.family = Names.pick(Names.SURNAMES, r);
        if (r.nextInt(100) < 4) {
            String second;
            do {
                second = Names.pick(Names.SURNAMES, r);
            } while (second.equals(p.family));
            p.family = p.family + "-" + second;
        }
        p.nickname = Names.NICKNAMES.get(p.given);
        p.title = age < 16 ? null : !p.female ? "Mr" : age < 25 ? "Miss" : (r.nextInt(100) < 65 ? "Mrs" : "Ms");

        // practice and address
        List<SyntheticOrganisation> gps = RegionCatalogue.ofKind(RegionCatalogue.GP);
        p.gp = gps.get(r.nextInt(gps.size()));
        p.area = RegionCatalogue.area(p.gp.code());
        long earliest = Math.max(p.birthDay, Json.TODAY_DAY - 40 * 365);
        long moved = earliest + (long) (r.nextDouble() * (Json.TODAY_DAY - 30 - earliest));
        if (r.nextInt(100) < 35 && age >= 18) {
            // moved house in the last few years: older sources may still hold the old address
            moved = Json.TODAY_DAY - 60 - r.nextInt(5 * 365);
            long prevFrom = Math.max(p.birthDay, moved - 3650 - r.nextInt(3650));
            p.previousAddress = address(p.area, r, prevFrom);
        }
        p.address = address(p.area, r, Math.max(p.birthDay, moved));
        p.registeredDay = Math.max(p.birthDay + 14, p.address.fromDay() + r.nextInt(60));
        if (p.registeredDay >= Json.TODAY_DAY) {
            p.registeredDay = Json.TODAY_DAY - 1;
        }
        p.mobile = "07700 900" + pad(r.nextInt(1000), 3);
        if (age >= 50 && r.nextInt(100) < 50) {
            p.landline = p.area.districts().get(0).startsWith("L") || p.area.town().equals("Birkenhead") || p.area.town().equals("Wirral")
                    ? "0151 496 " + pad(r.nextInt(1000), 4) : "01632 960" + pad(r.nextInt(1000), 3);
        }
        p.smoking = age < 16 ? -1 : r.nextInt(100) < 13 ? 2 : r.nextInt(100) < (age > 50 ? 40 : 15) ? 1 : 0;
        p.councilHasNhsNumber = r.nextInt(100) >= 20;

        // long-term conditions
        int b = p.ageBand();
        for (Chronic c : Terminology.CHRONIC) {
            if ((c.sex() == 'M' && p.female) || (c.sex() == 'F' && !p.female)) {
                continue;
            }
            if (r.nextDouble() < c.prevalence()[b] * 1.1) {
                int minOnsetAge = c.mental() ? 5 : 1;
                long from = p.birthDay + Math.min(age, minOnsetAge) * 365L;
                long span = Math.max(30, Json.TODAY_DAY - 30 - from);
                // most long-term conditions start in the later part of life so far
                long onset = from + (long) (span * Math.sqrt(r.nextDouble()));
                List<String> meds = new ArrayList<>();
                if (c.meds().length > 0 && r.nextInt(100) < 85) {
                    meds.add(c.meds()[r.nextInt(c.meds().length)]);
                    if (c.meds().length > 1 && r.nextInt(100) < 35) {
                        String second = c.meds()[r.nextInt(c.meds().length)];
                        if (!meds.contains(second)) {
                            meds.add(second);
                        }
                    }
                }
                boolean resolved = c.mental() && !c.code().code().equals("52448006") && r.nextInt(100) < 30;
                p.problems.add(new Problem(c, onset, meds, Math.min(Json.TODAY_DAY - 7, onset + r.nextInt(90)), resolved));
            }
        }
        // short illnesses and injuries over the last years
        int episodes = age < 5 ? 1 + r.nextInt(3) : 1 + r.nextInt(3) + (age >= 65 ? r.nextInt(3) : 0);
        int totalWeight = 0;
        for (Acute a : Terminology.ACUTE) {
            if (a.minAge() <= age) {
                totalWeight += a.weight();
            }
        }
        for (int i = 0; i < episodes; i++) {
            int pick = r.nextInt(totalWeight);
            for (Acute a : Terminology.ACUTE) {
                if (a.minAge() > age) {
                    continue;
                }
                pick -= a.weight();
                if (pick < 0) {
                    long from = Math.max(p.birthDay + 60, Json.TODAY_DAY - 8 * 365);
                    long day = from + (long) (r.nextDouble() * (Json.TODAY_DAY - 2 - from));
                    p.episodes.add(new Episode(a, day));
                    break;
                }
            }
        }
        p.episodes.sort((x, y) -> Long.compare(x.day(), y.day()));
        // allergies
        int allergyCount = age >= 1 && r.nextInt(100) < 25 ? 1 + (r.nextInt(100) < 25 ? 1 : 0) : 0;
        for (int i = 0; i < allergyCount; i++) {
            Allergy a = Terminology.ALLERGIES.get(r.nextInt(Terminology.ALLERGIES.size()));
            boolean dup = false;
            for (AllergyFact f : p.allergies) {
                dup |= f.def() == a;
            }
            if (dup) {
                continue;
            }
            boolean severe = a.severe() && r.nextInt(100) < 30;
            Code reaction = severe ? Terminology.ANAPHYLAXIS : Terminology.REACTIONS.get(r.nextInt(Terminology.REACTIONS.size()));
            long onset = Math.min(Json.TODAY_DAY - 2, p.birthDay + 180 + (long) (r.nextDouble() * Math.max(1, Json.TODAY_DAY - 200 - p.birthDay)));
            p.allergies.add(new AllergyFact(a, reaction, severe ? "severe" : r.nextBoolean() ? "mild" : "moderate", onset));
        }
        // next of kin
        if (age < 18) {
            p.kinFemale = r.nextInt(100) < 75;
            p.kinRelation = p.kinFemale ? "MTH" : "FTH";
            p.kinRelationDisplay = p.kinFemale ? "mother" : "father";
            p.kinFamily = p.family;
            p.kinGiven = Names.pick(p.kinFemale ? Names.FEMALE[3] : Names.MALE[3], r);
        } else if (age >= 25 && r.nextInt(100) < 60) {
            p.kinFemale = !p.female;
            p.kinRelation = "SPS";
            p.kinRelationDisplay = "spouse";
            p.kinFamily = r.nextInt(100) < 80 ? p.family : Names.pick(Names.SURNAMES, r);
            int kinEra = Math.max(0, Math.min(4, Names.era(birth.getYear() + r.nextInt(7) - 3)));
            p.kinGiven = Names.pick(p.kinFemale ? Names.FEMALE[kinEra] : Names.MALE[kinEra], r);
        } else if (age >= 50) {
            p.kinFemale = r.nextBoolean();
            p.kinRelation = p.kinFemale ? "DAU" : "SON";
            p.kinRelationDisplay = p.kinFemale ? "natural daughter" : "natural son";
            p.kinFamily = p.kinFemale && r.nextBoolean() ? Names.pick(Names.SURNAMES, r) : p.family;
            int kinEra = Math.min(4, Names.era(birth.getYear() + 28));
            p.kinGiven = Names.pick(p.kinFemale ? Names.FEMALE[kinEra] : Names.MALE[kinEra], r);
        } else {
            p.kinFemale = r.nextBoolean();
            p.kinRelation = p.kinFemale ? "SIS" : "BRO";
            p.kinRelationDisplay = p.kinFemale ? "sister" : "brother";
            p.kinFamily = p.family;
            p.kinGiven = Names.pick(p.kinFemale ? Names.FEMALE[era] : Names.MALE[era], r);
        }
        p.kinPhone = "07700 900" + pad(r.nextInt(1000), 3);
        return p;
    }

    private static Address address(Area area, SplittableRandom r, long fromDay) {
        String district = area.districts().get(r.nextInt(area.districts().size()));
        String postcode = district + " " + (1 + r.nextInt(9)) + INWARD_LETTERS.charAt(r.nextInt(INWARD_LETTERS.length()))
                + INWARD_LETTERS.charAt(r.nextInt(INWARD_LETTERS.length()));
        String house = r.nextInt(100) < 8 ? "Flat " + (1 + r.nextInt(12)) + ", " + (2 + r.nextInt(150)) : Integer.toString(1 + r.nextInt(240));
        return new Address(house, area.streets().get(r.nextInt(area.streets().size())), area.town(), postcode, fromDay);
    }
}
