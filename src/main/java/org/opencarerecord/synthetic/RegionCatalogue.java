package org.opencarerecord.synthetic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fixed, fictional organisations of the synthetic region (modelled on Cheshire and Merseyside), their
 * catchment areas and their staff. Names, codes, phone numbers (Ofcom drama ranges) and e-mail addresses
 * (example.nhs.uk, example.gov.uk) are all made up; postcodes have real Merseyside/Cheshire districts.
 */
public final class RegionCatalogue {

    public static final String GP = "gp-practice";
    public static final String ACUTE = "acute-trust";
    public static final String COMMUNITY = "community";
    public static final String MENTAL_HEALTH = "mental-health";
    public static final String HOSPICE = "hospice";
    public static final String AMBULANCE = "ambulance";
    public static final String SOCIAL_CARE = "social-care";

    /** Where a GP practice's patients live: town, postcode districts, streets, and which trust/council serves them. */
    record Area(String town, List<String> districts, List<String> streets, String mainAcute, String council) {
    }

    /** A member of staff with a stable SDS user id. */
    record Staff(String sdsId, String prefix, String given, String family, String role, String roleCode, String roleDisplay) {
        String fullName() {
            return (prefix == null ? "" : prefix + " ") + given + " " + family;
        }
    }

    private static final List<SyntheticOrganisation> ORGANISATIONS;
    private static final Map<String, SyntheticOrganisation> BY_CODE = new LinkedHashMap<>();
    private static final Map<String, Area> AREAS = new LinkedHashMap<>();
    private static final Map<String, List<Staff>> STAFF = new LinkedHashMap<>();

    static {
        List<SyntheticOrganisation> list = new ArrayList<>();
        // GP practices
        gp(list, "XG1001", "Riverside Medical Centre", "0151 496 0101", "riverside.medicalcentre@example.nhs.uk",
                "14 Aigburth Vale, Liverpool, L17 0DB",
                new Area("Liverpool", List.of("L17", "L8", "L19"),
                        List.of("Aigburth Road", "Lark Lane", "Mossley Hill Drive", "Ullet Road", "Park Road", "Granby Street",
                                "Garston Old Road", "St Mary's Road", "Lucerne Street", "Belvidere Road"), "XRM", "XMC"));
        gp(list, "XG1002", "Stanley Park Health Centre", "0151 496 0202", "stanleypark.healthcentre@example.nhs.uk",
                "2 Priory Road, Liverpool, L4 2RZ",
                new Area("Liverpool", List.of("L4", "L6", "L5"),
                        List.of("Walton Breck Road", "Oakfield Road", "Priory Road", "Robson Street", "Breckfield Road North",
                                "Whitefield Road", "Sleepers Hill", "Arkles Lane", "Anfield Road", "Venmore Street"), "XRM", "XMC"));
        gp(list, "XG1003", "Walton Vale Family Practice", "0151 496 0303", "waltonvale.practice@example.nhs.uk",
                "120 Rice Lane, Liverpool, L9 1DD",
                new Area("Liverpool", List.of("L9", "L10"),
                        List.of("Rice Lane", "Hornby Road", "Longmoor Lane", "Orrell Lane", "Moss Lane", "Warbreck Moor",
                                "Bull Lane", "Copplehouse Lane", "Cedar Road", "Hartington Road"), "XRM", "XMC"));
        gp(list, "XG1004", "Mersey View Surgery", "0151 496 0404", "merseyview.surgery@example.nhs.uk",
                "31 Conway Street, Birkenhead, CH41 6JT",
                new Area("Birkenhead", List.of("CH41", "CH42", "CH43"),
                        List.of("Borough Road", "Conway Street", "Claughton Road", "Park Road North", "Woodchurch Road",
                                "Bebington Road", "Old Chester Road", "Tollemache Road", "Egerton Road", "Shrewsbury Road"), "XRD", "XWB"));
        gp(list, "XG1005", "Hoylake Road Medical Practice", "0151 496 0505", "hoylakeroad.practice@example.nhs.uk",
                "250 Hoylake Road, Moreton, Wirral, CH46 6AD",
                new Area("Wirral", List.of("CH46", "CH47", "CH48"),
                        List.of("Hoylake Road", "Pasture Road", "Market Street", "Meols Drive", "Birkenhead Road", "Grange Road",
                                "Column Road", "Leasowe Road", "Station Road", "Sandhey Road"), "XRD", "XWB"));
        gp(list, "XG1006", "Dee Side Family Doctors", "01632 960106", "deeside.familydoctors@example.nhs.uk",
                "9 Hoole Road, Chester, CH2 3NH",
                new Area("Chester", List.of("CH1", "CH2", "CH3", "CH4"),
                        List.of("Hoole Road", "Liverpool Road", "Boughton", "Handbridge", "Queens Park Road", "Brook Street",
                                "Garden Lane", "Tarvin Road", "Cheyney Road", "Lache Lane"), "XRD", "XWB"));
        gp(list, "XG1007", "Rows Medical Group", "01632 960107", "rows.medicalgroup@example.nhs.uk",
                "44 Northgate Street, Chester, CH1 2HT",
                new Area("Chester", List.of("CH1", "CH2", "CH3"),
                        List.of("Northgate Street", "Parkgate Road", "Sealand Road", "Saughall Road", "Bache Avenue",
                                "Upton Lane", "Church Lane", "Hoole Lane", "City Road", "Victoria Road"), "XRD", "XWB"));
        gp(list, "XG1008", "Bridge Foot Surgery", "01632 960108", "bridgefoot.surgery@example.nhs.uk",
                "3 Bridge Foot, Warrington, WA1 2RX",
                new Area("Warrington", List.of("WA1", "WA2", "WA4", "WA5"),
                        List.of("Winwick Road", "Sankey Street", "Knutsford Road", "Manchester Road", "Orford Lane", "Long Lane",
                                "Lovely Lane", "Penketh Road", "Folly Lane", "Poplars Avenue"), "XRM", "XMC"));
        gp(list, "XG1009", "Weaver Valley Medical Centre", "01632 960109", "weavervalley.medical@example.nhs.uk",
                "17 Witton Street, Northwich, CW9 5DE",
                new Area("Northwich", List.of("CW8", "CW9"),
                        List.of("Witton Street", "London Road", "Castle Street", "Middlewich Road", "Chester Road", "Hartford Road",
                                "Weaverham Road", "Manor Lane", "Greenbank Lane", "Winnington Lane"), "XRM", "XMC"));
        // Trusts and other providers
        list.add(new SyntheticOrganisation("XRM", "Mersey Valley University Hospitals NHS Foundation Trust", ACUTE,
                "0151 496 0500", "enquiries.xrm@example.nhs.uk", "Prescot Street, Liverpool, L7 8XP"));
        list.add(new SyntheticOrganisation("XRD", "Dee Estuary Hospitals NHS Foundation Trust", ACUTE,
                "0151 496 0600", "enquiries.xrd@example.nhs.uk", "Arrowe Park Road, Upton, Wirral, CH49 5PE"));
        list.add(new SyntheticOrganisation("XCT", "Mersey and Weaver Community Health NHS Trust", COMMUNITY,
                "01632 960200", "contact.xct@example.nhs.uk", "Bevan House, Barony Court, Nantwich, CW5 5RD"));
        list.add(new SyntheticOrganisation("XMW", "Merseyside Mind and Wellbeing NHS Foundation Trust", MENTAL_HEALTH,
                "0151 496 0700", "contact.xmw@example.nhs.uk", "V7 Building, Kings Business Park, Prescot, L34 1PJ"));
        list.add(new SyntheticOrganisation("XHC", "Claremont Lane Hospice", HOSPICE,
                "0151 496 0800", "care.xhc@example.nhs.uk", "Claremont Lane, Wallasey, CH45 4NE"));
        list.add(new SyntheticOrganisation("XAS", "Mersey and Cheshire Ambulance Service NHS Trust", AMBULANCE,
                "0151 496 0900", "patient.experience.xas@example.nhs.uk", "Estuary Commerce Park, Speke, Liverpool, L24 9HZ"));
        list.add(new SyntheticOrganisation("XWB", "Wirral Borough Council Adult Social Care", SOCIAL_CARE,
                "0151 496 0950", "adult.social.care@wirral.example.gov.uk", "Town Hall, Brighton Street, Wallasey, CH44 8ED"));
        list.add(new SyntheticOrganisation("XMC", "Mersey City Council Adult Social Care", SOCIAL_CARE,
                "0151 496 0960", "adult.social.care@merseycity.example.gov.uk", "Cunard Building, Water Street, Liverpool, L3 1DS"));
        ORGANISATIONS = Collections.unmodifiableList(list);
        for (int i = 0; i < list.size(); i++) {
            SyntheticOrganisation o = list.get(i);
            BY_CODE.put(o.code(), o);
            STAFF.put(o.code(), Collections.unmodifiableList(staffFor(o, i)));
        }
    }

    private RegionCatalogue() {
    }

    private static void gp(List<SyntheticOrganisation> list, String code, String name, String phone, String email, String address, Area area) {
        list.add(new SyntheticOrganisation(code, name, GP, phone, email, address));
        AREAS.put(code, area);
    }

    /** The fixed, deterministic list of organisations: GP practices first, then the first acute trust "XRM". */
    public static List<SyntheticOrganisation> organisations() {
        return ORGANISATIONS;
    }

    /** The organisation with this code, or null. */
    public static SyntheticOrganisation byCode(String code) {
        return BY_CODE.get(code);
    }

    /** The organisations of one kind, in catalogue order. */
    public static List<SyntheticOrganisation> ofKind(String kind) {
        List<SyntheticOrganisation> out = new ArrayList<>();
        for (SyntheticOrganisation o : ORGANISATIONS) {
            if (o.kind().equals(kind)) {
                out.add(o);
            }
        }
        return out;
    }

    static Area area(String gpCode) {
        return AREAS.get(gpCode);
    }

    static List<Staff> staff(String orgCode) {
        return STAFF.get(orgCode);
    }

    static List<Staff> staff(String orgCode, String role) {
        List<Staff> out = new ArrayList<>();
        for (Staff s : STAFF.get(orgCode)) {
            if (s.role().equals(role)) {
                out.add(s);
            }
        }
        return out;
    }

    /** System for an organisation's own patient identifiers. */
    static String localIdSystem(String orgCode) {
        return "https://fhir." + orgCode.toLowerCase() + ".example.nhs.uk/Id/local-patient-id";
    }

    // role, count, SNOMED occupation code, display; doctor roles get "Dr"
    private static List<Staff> staffFor(SyntheticOrganisation org, int orgIndex) {
        String[][] roles;
        switch (org.kind()) {
            case GP -> roles = new String[][] {
                    {"gp", "4", "62247001", "General practitioner"}, {"nurse", "2", "224535009", "Registered nurse"},
                    {"hca", "1", null, "Healthcare assistant"}, {"pharmacist", "1", "46255001", "Pharmacist"}};
            case ACUTE -> roles = new String[][] {
                    {"consultant", "8", "158965000", "Medical practitioner"}, {"junior", "3", "158965000", "Medical practitioner"},
                    {"nurse", "3", "224535009", "Registered nurse"}, {"scientist", "2", null, "Biomedical scientist"}};
            case COMMUNITY -> roles = new String[][] {
                    {"nurse", "5", "224535009", "Registered nurse"}, {"physio", "3", "36682004", "Physiotherapist"},
                    {"ot", "1", "80546007", "Occupational therapist"}};
            case MENTAL_HEALTH -> roles = new String[][] {
                    {"psychiatrist", "3", "80584001", "Psychiatrist"}, {"nurse", "4", "224535009", "Registered nurse"},
                    {"psychologist", "2", "59944000", "Psychologist"}, {"socialworker", "1", "106328005", "Social worker"}};
            case HOSPICE -> roles = new String[][] {
                    {"consultant", "2", "158965000", "Medical practitioner"}, {"nurse", "4", "224535009", "Registered nurse"}};
            case AMBULANCE -> roles = new String[][] {
                    {"paramedic", "8", "397897005", "Paramedic"}, {"technician", "2", null, "Emergency medical technician"}};
            default -> roles = new String[][] {
                    {"socialworker", "5", "106328005", "Social worker"}, {"ot", "2", "80546007", "Occupational therapist"},
                    {"coordinator", "1", null, "Care coordinator"}};
        }
        SplittableRandom r = new SplittableRandom(org.code().hashCode() * 0x9E3779B97F4A7C15L);
        List<Staff> out = new ArrayList<>();
        int n = 0;
        for (String[] role : roles) {
            int count = Integer.parseInt(role[1]);
            for (int i = 0; i < count; i++) {
                boolean female = r.nextInt(100) < 60;
                String given = Names.pick(female ? Names.FEMALE[2 + r.nextInt(2)] : Names.MALE[2 + r.nextInt(2)], r);
                String family = Names.pick(Names.SURNAMES, r);
                boolean doctor = role[0].equals("gp") || role[0].equals("consultant") || role[0].equals("junior")
                        || role[0].equals("psychiatrist") || role[0].equals("psychologist");
                String prefix = doctor ? "Dr" : (female ? (r.nextBoolean() ? "Ms" : "Mrs") : "Mr");
                // SDS user ids are 12 digits; ours start 5550 and are derived from the org code and position
                String sds = String.format("5550%03d%05d", orgIndex + 101, n * 37 + 11);
                out.add(new Staff(sds, prefix, given, family, role[0], role[2], role[3]));
                n++;
            }
        }
        return out;
    }
}
