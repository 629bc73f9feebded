package org.opencarerecord.benchmark;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.opencarerecord.identity.NhsNumber;
import org.opencarerecord.identity.internal.matching.Demographics;
import org.opencarerecord.identity.internal.matching.NameFrequencies;

/**
 * A labelled synthetic population for the match accuracy benchmark: people in households (with twins
 * and unrelated namesakes), then 1-4 source records per person corrupted by the model documented in
 * docs/matching.md.
 */
final class MatchAccuracyPopulation {

    /** Corruption rates, per source record unless stated. */
    static final double NHS_MISSING = 0.30;
    static final double FAMILY_TYPO = 0.02;
    static final double GIVEN_TYPO = 0.02;
    static final double NICKNAME = 0.10;          // of records whose first name has a common nickname
    static final double MIDDLE_DROPPED = 0.40;    // of records of people with a middle name
    static final double MARRIED = 0.08;           // of women 22 and over (per person)
    static final double MARRIED_NAME_USED = 0.60; // of their later records
    static final double MOVED = 0.15;             // per person
    static final double NEW_ADDRESS_USED = 0.80;  // of a mover's later records
    static final double DOB_SWAPPED = 0.01;
    static final double DOB_DIGIT = 0.015;
    static final double SEX_MISSING = 0.03;
    static final double POSTCODE_MISSING = 0.02;
    static final double ADDRESS_MISSING = 0.03;
    static final double TWIN = 0.0075;            // per person: a twin added to the household (~1.5% of people are twins)
    /** Namesakes (same family and first name, sex and birth date, elsewhere) at this many times the rate a region of 2.7 million would show. */
    static final double NAMESAKE_STRESS = 3.0;
    static final double REGION = 2_700_000;
    static final double DOUBLE_PART_DROPPED = 0.30;
    static final double PUNCTUATION_VARIANT = 0.50; // of records of names with apostrophes, hyphens or accents
    static final double ADDRESS_ABBREVIATED = 0.20;

    static final LocalDate TODAY = LocalDate.of(2025, 1, 1);

    static final String[][] NICKNAMES = {{"william", "bill"}, {"william", "will"}, {"margaret", "peggy"}, {"margaret", "maggie"},
            {"james", "jim"}, {"james", "jimmy"}, {"elizabeth", "liz"}, {"elizabeth", "beth"}, {"robert", "bob"}, {"robert", "rob"},
            {"catherine", "kate"}, {"katherine", "kate"}, {"alexander", "alex"}, {"alexander", "sandy"}, {"john", "jack"},
            {"henry", "harry"}, {"edward", "ted"}, {"edward", "eddie"}, {"helen", "nell"}, {"susan", "sue"}, {"anthony", "tony"},
            {"dorothy", "dot"}, {"albert", "bert"}, {"jennifer", "jenny"}, {"kathleen", "kath"}, {"michael", "mick"},
            {"michael", "mike"}, {"christopher", "chris"}, {"christine", "chris"}, {"alfred", "alf"}, {"thomas", "tom"},
            {"richard", "dick"}, {"richard", "rick"}, {"david", "dave"}, {"peter", "pete"}, {"stephen", "steve"},
            {"daniel", "dan"}, {"samuel", "sam"}, {"samantha", "sam"}, {"patricia", "pat"}, {"patricia", "trish"},
            {"rebecca", "becky"}, {"deborah", "debbie"}, {"matthew", "matt"}, {"nicholas", "nick"}, {"joseph", "joe"},
            {"benjamin", "ben"}, {"andrew", "andy"}, {"kenneth", "ken"}, {"ronald", "ron"}, {"frederick", "fred"},
            {"victoria", "vicky"}, {"jacqueline", "jackie"}, {"pamela", "pam"}, {"barbara", "babs"}, {"gillian", "gill"},
            {"charlotte", "lottie"}, {"abigail", "abbie"}, {"philip", "phil"}, {"timothy", "tim"}, {"geoffrey", "geoff"},
            {"sarah", "sally"}, {"mary", "molly"}, {"amanda", "mandy"}, {"valerie", "val"}, {"leonard", "len"}};

    static final String[] AREAS = {"L", "M", "B", "LS", "S", "NE", "CH", "WA", "PR", "BL", "OL", "SK", "WN", "BB", "CW", "ST", "DE",
            "NG", "LE", "CV", "WV", "DY", "WS", "BD", "HX", "HD", "WF", "YO", "HU", "DN", "LN", "SR", "DH", "TS", "DL", "LA",
            "CA", "FY", "PE", "NR"};
    static final String[] STREETS = {"High", "Church", "Station", "Victoria", "Park", "Green", "Manor", "Mill", "School", "Kings",
            "Queens", "New", "Grange", "Chapel", "Albert", "York", "London", "Windsor", "Oak", "Elm", "Ash", "Beech", "Cedar",
            "Willow", "Birch", "Holly", "Hawthorn", "Meadow", "Orchard", "Springfield", "Richmond", "Stanley", "Grosvenor",
            "Cromwell", "Nelson", "Wellington", "Clarence", "Derby", "Lancaster", "Chester", "Moss", "Brook", "Bridge",
            "Castle", "Abbey", "Priory", "Hill", "Valley", "Forest", "Heath", "Marsh", "Rose", "Lily", "Primrose", "Bluebell",
            "Heather", "Fern", "Ivy", "Laurel", "Linden", "Rowan", "Poplar", "Sycamore", "Chestnut", "Hazel", "Juniper",
            "Cherry", "Plum", "Apple", "Pear", "Vicarage", "Rectory", "Farm", "Market", "North", "South", "East", "West",
            "Crown", "Bank", "Cross", "Water", "Canal", "Dock", "Shore", "Beach", "Cliff", "Moor", "Fell", "Dale", "Lea"};
    static final String[] STREET_TYPES = {"Road", "Street", "Avenue", "Lane", "Close", "Drive", "Grove", "Way", "Crescent",
            "Gardens", "Place", "Terrace", "Court", "View", "Walk"};
    static final String[] PREFIX = {"Ash", "Brad", "Cal", "Dun", "El", "Fair", "Gold", "Hal", "Ing", "Kirk", "Lang", "Mar", "Nor",
            "Pen", "Rad", "Sand", "Thorn", "Wald", "Whit", "Yar", "Ack", "Bram", "Crof", "Dal", "Esk", "Fen", "Gar", "Hart",
            "Ives", "Kel", "Lud", "Mos", "Nut", "Ox", "Pick", "Quen", "Rook", "Stan", "Tad", "Up", "Ver", "Wex", "Bel", "Cor",
            "Dray", "Eg", "Fol", "Glas", "Hux", "Lox", "Mel", "Ott", "Pem", "Rud", "Shel", "Tew", "Wor", "Ald", "Bur", "Cad"};
    static final String[] MIDDLE = {"", "er", "in", "ing", "el", "an", "ol", "ar", "en", "is", "am", "y"};
    static final String[] SUFFIX = {"by", "combe", "ford", "ham", "hurst", "ley", "ridge", "ton", "well", "wick", "worth", "more",
            "field", "gate", "den", "low", "stone", "wood", "brook", "dale", "thorpe", "cott", "bury", "holme", "shaw", "well",
            "mere", "burn", "land", "sey", "ell", "ett", "ock", "ard", "es", "en", "ers", "idge", "ane", "ing"};
    static final String[] GIVEN_START = {"Ka", "Lo", "Ma", "Ne", "Ri", "Sa", "Ta", "Ve", "Za", "Bri", "Cle", "Da", "Fa", "Gi",
            "Ha", "Ja", "Le", "Mi", "No", "Pa", "Ro", "Se", "Ti", "Wy", "Ya", "Ze", "Ara", "Eli", "Ori", "Ula"};
    static final String[] GIVEN_END_M = {"ran", "don", "mir", "vin", "rik", "lan", "ton", "dric", "mon", "rus", "bert", "van",
            "ley", "rin", "vard", "nek", "ric", "sen", "tan", "wen", "dar", "ko", "lo", "mar", "nor", "ras", "sim", "tor", "vik", "zan"};
    static final String[] GIVEN_END_F = {"rina", "della", "mira", "vina", "lia", "nessa", "tara", "dine", "mona", "rissa", "bella",
            "vanna", "leigh", "rin", "wen", "nika", "rica", "sena", "tani", "wyn", "dara", "ka", "la", "mara", "nora", "rasa",
            "sima", "tora", "vika", "zana"};

    /** One generated person (the truth). */
    static final class Person {
        int id;
        String family;
        String marriedFamily;
        String given;
        String middle;
        LocalDate dob;
        String sex;
        String postcode;
        String address;
        String newPostcode;
        String newAddress;
        String nhs;
        int twinOf = -1;
        int namesakeOf = -1;
    }

    /** One source record: the true person, its order among that person's records, and what the source sent. */
    record SourceRecord(int person, int order, String source, Demographics withNhs, Demographics withoutNhs) {
    }

    final List<Person> people = new ArrayList<>();
    final List<SourceRecord> records = new ArrayList<>();
    private final SplittableRandom random;
    private final String[] rareSurnames;
    private final String[] districts;
    private final Map<String, List<String>> nicknames = new HashMap<>();
    private final Set<String> nhsUsed = new HashSet<>();
    private final Set<String> listedSurnames = new HashSet<>();
    private final Set<String> listedGiven = new HashSet<>();

    MatchAccuracyPopulation(int size, long seed) {
        random = new SplittableRandom(seed);
        listedSurnames.addAll(List.of(NamePools.SURNAMES));
        listedGiven.addAll(List.of(NamePools.MALE));
        listedGiven.addAll(List.of(NamePools.FEMALE));
        List<String> rare = NamePools.rareSurnameCandidates();
        shuffle(rare);
        int rareCount = Math.max(2000, Math.min(rare.size(), (int) (size * 0.37)));
        rareSurnames = rare.subList(0, rareCount).toArray(new String[0]);
        List<String> d = new ArrayList<>();
        for (String a : AREAS) {
            int n = a.length() == 1 ? 12 : 8;
            for (int i = 1; i <= n; i++) {
                d.add(a + i);
            }
        }
        districts = d.toArray(new String[0]);
        for (String[] pair : NICKNAMES) {
            nicknames.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
        }
        generatePeople(size);
        generateRecords();
    }

    // ---- people ----

    private void generatePeople(int size) {
        while (people.size() < size) {
            double r = random.nextDouble();
            int householdSize = r < 0.35 ? 1 : r < 0.70 ? 2 : r < 0.85 ? 3 : 4;
            String postcode = newPostcode(districts[random.nextInt(districts.length)]);
            String address = newAddress();
            String family = NamePools.surname(random, rareSurnames);
            Person head = person(family, randomSex(), randomDob(18, 100), postcode, address);
            if (householdSize >= 2) {
                String partnerFamily = random.nextDouble() < 0.75 ? family : NamePools.surname(random, rareSurnames);
                LocalDate dob = clamp(head.dob.plusDays(random.nextInt(-2500, 2500)));
                person(partnerFamily, head.sex.equals("male") ? "female" : "male", dob, postcode, address);
            }
            for (int c = 2; c < householdSize; c++) {
                LocalDate dob = clamp(head.dob.plusYears(random.nextInt(20, 40)).plusDays(random.nextInt(0, 365)));
                person(family, randomSex(), dob, postcode, address);
            }
        }
        for (int i = people.size() - 1; i >= size; i--) {
            people.remove(i);
        }
        for (Person p : people) {
            if (p.twinOf >= 0 && p.twinOf >= people.size()) {
                p.twinOf = -1;
            }
            if (p.namesakeOf >= size) {
                p.namesakeOf = -1;
            }
        }
    }

    private Person person(String family, String sex, LocalDate dob, String postcode, String address) {
        Person p = basePerson(family, sex, dob, postcode, address);
        if (random.nextDouble() < TWIN) {
            String twinSex = randomSex();
            Person t = basePerson(family, twinSex, dob, postcode, address);
            int guard = 0;
            while (guard++ < 50 && (t.given.equalsIgnoreCase(p.given) || related(t.given, p.given))) {
                t.given = NamePools.givenName(twinSex, random);
            }
            t.twinOf = p.id;
            p.twinOf = t.id;
        }
        if (random.nextDouble() < namesakeChance(family, p.given)) {
            // unrelated person with the same names and birth date, in another district
            String district = districts[random.nextInt(districts.length)];
            Person n = basePerson(family, sex, dob, newPostcode(district), newAddress());
            n.given = p.given;
            n.namesakeOf = p.id;
            p.namesakeOf = n.id;
        }
        return p;
    }

    private Person basePerson(String family, String sex, LocalDate dob, String postcode, String address) {
        Person p = new Person();
        p.id = people.size();
        p.family = family;
        p.sex = sex;
        p.given = NamePools.givenName(sex, random);
        if (random.nextDouble() < 0.6) {
            do {
                p.middle = NamePools.givenName(sex, random);
            } while (p.middle.equals(p.given));
        }
        p.dob = dob;
        p.postcode = postcode;
        p.address = address;
        p.nhs = nhsNumber();
        int age = TODAY.getYear() - dob.getYear();
        if (sex.equals("female") && age >= 22 && random.nextDouble() < MARRIED) {
            p.marriedFamily = NamePools.surname(random, rareSurnames);
        }
        if (random.nextDouble() < MOVED) {
            String district = random.nextDouble() < 0.6 ? districts[random.nextInt(districts.length)]
                    : postcode.substring(0, postcode.indexOf(' '));
            p.newPostcode = newPostcode(district);
            p.newAddress = newAddress();
        }
        people.add(p);
        return p;
    }

    private boolean related(String a, String b) {
        String x = a.toLowerCase();
        String y = b.toLowerCase();
        return org.opencarerecord.identity.internal.matching.Nicknames.related(x, y)
                || x.charAt(0) == y.charAt(0) && org.opencarerecord.identity.internal.matching.Phonetic.code(x)
                        .equals(org.opencarerecord.identity.internal.matching.Phonetic.code(y));
    }

    /**
     * The chance that a person has an unrelated namesake: in a region of 2.7 million, the expected number
     * of others with the same surname, same-sex first name and birth date is
     * region x share(surname) x share(first name within sex) x 1/2 (sex) / 36525 (days in 100 years),
     * times {@link #NAMESAKE_STRESS}. Only listed (common) names are considered.
     */
    private double namesakeChance(String family, String given) {
        double fs = org.opencarerecord.identity.internal.matching.NameFrequencies.surname(
                org.opencarerecord.identity.internal.matching.NameNormaliser.normalise(family));
        double fg = org.opencarerecord.identity.internal.matching.NameFrequencies.given(
                org.opencarerecord.identity.internal.matching.NameNormaliser.normalise(given));
        return Math.min(0.3, NAMESAKE_STRESS * REGION * fs * (2 * fg) * 0.5 / 36525);
    }

    private String randomSex() {
        return random.nextBoolean() ? "male" : "female";
    }

    private LocalDate randomDob(int minAge, int maxAge) {
        return TODAY.minusDays(random.nextInt(minAge * 365, maxAge * 365 + 1));
    }

    private static LocalDate clamp(LocalDate d) {
        if (d.isAfter(TODAY)) {
            return TODAY.minusDays(d.getDayOfYear());
        }
        LocalDate oldest = TODAY.minusYears(100);
        return d.isBefore(oldest) ? oldest.plusDays(d.getDayOfYear()) : d;
    }

    private String newPostcode(String district) {
        char a = (char) ('A' + random.nextInt(26));
        char b = (char) ('A' + random.nextInt(26));
        return district + " " + random.nextInt(10) + a + b;
    }

    private String newAddress() {
        return (1 + random.nextInt(random.nextDouble() < 0.7 ? 60 : 300)) + " " + STREETS[random.nextInt(STREETS.length)] + " "
                + STREET_TYPES[random.nextInt(STREET_TYPES.length)];
    }

    private String nhsNumber() {
        while (true) {
            StringBuilder b = new StringBuilder(10);
            b.append(4 + random.nextInt(3));
            for (int i = 0; i < 8; i++) {
                b.append(random.nextInt(10));
            }
            Integer check = NhsNumber.checkDigit(b.toString());
            if (check == null) {
                continue;
            }
            String n = b.append(check).toString();
            if (nhsUsed.add(n)) {
                return n;
            }
        }
    }

    // ---- records ----

    private static final String[] SOURCES = {"gp", "hospital", "community", "social-care", "mental-health", "ambulance"};

    private void generateRecords() {
        for (Person p : people) {
            double r = random.nextDouble();
            int count = r < 0.25 ? 1 : r < 0.60 ? 2 : r < 0.85 ? 3 : 4;
            List<String> sources = new ArrayList<>(Arrays.asList(SOURCES));
            shuffle(sources);
            for (int k = 0; k < count; k++) {
                records.add(record(p, k, sources.get(k)));
            }
        }
    }

    private SourceRecord record(Person p, int order, String source) {
        String family = p.family;
        if (order > 0 && p.marriedFamily != null && random.nextDouble() < MARRIED_NAME_USED) {
            family = p.marriedFamily;
        }
        if (family.contains("-") && random.nextDouble() < DOUBLE_PART_DROPPED) {
            family = family.substring(family.indexOf('-') + 1);
        }
        if ((family.contains("'") || family.contains("-")) && random.nextDouble() < PUNCTUATION_VARIANT) {
            family = random.nextBoolean() ? family.replace("'", "").replace("-", " ") : family.replace("'", " ");
        }
        if (random.nextDouble() < FAMILY_TYPO) {
            family = typo(family);
        }
        String given = p.given;
        List<String> nicks = nicknames.get(given.toLowerCase());
        if (nicks != null && random.nextDouble() < NICKNAME) {
            String n = nicks.get(random.nextInt(nicks.size()));
            given = Character.toUpperCase(n.charAt(0)) + n.substring(1);
        }
        if (given.equals("Zoe") && random.nextDouble() < PUNCTUATION_VARIANT) {
            given = "Zoë";
        }
        if (random.nextDouble() < GIVEN_TYPO) {
            given = typo(given);
        }
        List<String> givens = new ArrayList<>();
        givens.add(given);
        if (p.middle != null && random.nextDouble() >= MIDDLE_DROPPED) {
            givens.add(p.middle);
        }
        LocalDate dob = p.dob;
        double d = random.nextDouble();
        if (d < DOB_SWAPPED) {
            if (dob.getDayOfMonth() <= 12 && dob.getDayOfMonth() != dob.getMonthValue()) {
                dob = LocalDate.of(dob.getYear(), dob.getDayOfMonth(), dob.getMonthValue());
            }
        } else if (d < DOB_SWAPPED + DOB_DIGIT) {
            dob = digitSlip(dob);
        }
        String sex = random.nextDouble() < SEX_MISSING ? null : p.sex;
        String postcode = p.postcode;
        String address = p.address;
        if (order > 0 && p.newPostcode != null && random.nextDouble() < NEW_ADDRESS_USED) {
            postcode = p.newPostcode;
            address = p.newAddress;
        }
        if (random.nextDouble() < POSTCODE_MISSING) {
            postcode = null;
        } else if (random.nextBoolean()) {
            postcode = postcode.replace(" ", "").toLowerCase();
        }
        if (random.nextDouble() < ADDRESS_MISSING) {
            address = null;
        } else if (random.nextDouble() < ADDRESS_ABBREVIATED) {
            address = address.replace(" Road", " Rd").replace(" Street", " St.").replace(" Avenue", " Ave");
        }
        String nhs = random.nextDouble() < NHS_MISSING ? null : p.nhs;
        Demographics with = new Demographics(nhs, family, givens, dob, sex, postcode, address);
        Demographics without = new Demographics(null, family, givens, dob, sex, postcode, address);
        return new SourceRecord(p.id, order, source, with, without);
    }

    private String typo(String s) {
        if (s.length() < 3) {
            return s;
        }
        int kind = random.nextInt(3);
        int i = 1 + random.nextInt(s.length() - 2);
        char[] c = s.toCharArray();
        switch (kind) {
            case 0 -> { char t = c[i]; c[i] = c[i + 1]; c[i + 1] = t; return new String(c); }
            case 1 -> { c[i] = (char) ('a' + random.nextInt(26)); return new String(c); }
            default -> { return s.substring(0, i) + s.substring(i + 1); }
        }
    }

    private LocalDate digitSlip(LocalDate dob) {
        String digits = String.format("%04d%02d%02d", dob.getYear(), dob.getMonthValue(), dob.getDayOfMonth());
        for (int attempt = 0; attempt < 20; attempt++) {
            int pos = 2 + random.nextInt(6); // the century is rarely wrong
            char[] c = digits.toCharArray();
            char n = (char) ('0' + random.nextInt(10));
            if (n == c[pos]) {
                continue;
            }
            c[pos] = n;
            try {
                LocalDate slipped = LocalDate.of(Integer.parseInt(new String(c, 0, 4)), Integer.parseInt(new String(c, 4, 2)),
                        Integer.parseInt(new String(c, 6, 2)));
                if (!slipped.isAfter(TODAY)) {
                    return slipped;
                }
            } catch (RuntimeException e) {
                // invalid date: try another slip
            }
        }
        return dob;
    }

    // ---- helpers ----

    private <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
