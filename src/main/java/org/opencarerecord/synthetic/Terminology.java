package org.opencarerecord.synthetic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The curated code tables the generator draws on: SNOMED CT (conditions, procedures, allergies, findings),
 * dm+d (medicines), LOINC (lab tests and vital signs, UK units in UCUM), CVX (vaccines) and the HL7 code systems
 * FHIR R4 binds to.
 */
final class Terminology {

    private Terminology() {
    }

    static final String SNOMED = "http://snomed.info/sct";
    static final String DMD = "https://dmd.nhs.uk";
    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String CVX = "http://hl7.org/fhir/sid/cvx";
    static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
    static final String SDS = "https://fhir.nhs.uk/Id/sds-user-id";
    static final String HL7 = "http://terminology.hl7.org/CodeSystem/";

    private static final List<Code> ALL = new ArrayList<>();

    static Code sct(String code, String display) {
        Code c = new Code(SNOMED, code, display);
        ALL.add(c);
        return c;
    }

    static Code dmd(String code, String display) {
        Code c = new Code(DMD, code, display);
        ALL.add(c);
        return c;
    }

    static Code loinc(String code, String display) {
        Code c = new Code(LOINC, code, display);
        ALL.add(c);
        return c;
    }

    static Code hl7(String codeSystem, String code, String display) {
        return new Code(HL7 + codeSystem, code, display);
    }

    /** Every SNOMED CT, dm+d and LOINC code in the tables (for tests). */
    static List<Code> allCodes() {
        return Collections.unmodifiableList(ALL);
    }

    // ---- medicines (dm+d VMPs) ----
    record Med(String key, Code code, String dose, boolean repeat) {
    }

    static final Map<String, Med> MEDS = new LinkedHashMap<>();

    private static void med(String key, String code, String display, String dose, boolean repeat) {
        MEDS.put(key, new Med(key, dmd(code, display), dose, repeat));
    }

    static {
        med("amlodipine", "319283006", "Amlodipine 5mg tablets", "One tablet once a day", true);
        med("ramipril5", "318902004", "Ramipril 5mg capsules", "One capsule once a day", true);
        med("ramipril2.5", "318901006", "Ramipril 2.5mg capsules", "One capsule once a day", true);
        med("lisinopril", "318859000", "Lisinopril 10mg tablets", "One tablet once a day", true);
        med("losartan", "318956006", "Losartan 50mg tablets", "One tablet once a day", true);
        med("candesartan", "318979007", "Candesartan 8mg tablets", "One tablet once a day", true);
        med("bisoprolol", "318590006", "Bisoprolol 5mg tablets", "One tablet once a day in the morning", true);
        med("spironolactone", "318056008", "Spironolactone 25mg tablets", "One tablet once a day", true);
        med("furosemide40", "317972000", "Furosemide 40mg tablets", "One tablet in the morning", true);
        med("furosemide20", "317971007", "Furosemide 20mg tablets", "One tablet in the morning", true);
        med("metformin500", "325278007", "Metformin 500mg tablets", "One tablet twice a day with meals", true);
        med("metformin850", "325279004", "Metformin 850mg tablets", "One tablet twice a day with meals", true);
        med("empagliflozin", "703896005", "Empagliflozin 10mg tablets", "One tablet once a day", true);
        med("dapagliflozin", "1145541007", "Dapagliflozin 10mg tablets", "One tablet once a day", true);
        med("atorvastatin", "320000009", "Atorvastatin 20mg tablets", "One tablet at night", true);
        med("salbutamol", "320176004", "Salbutamol 100micrograms/dose inhaler CFC free",
                "Two puffs when required for breathlessness, up to four times a day", true);
        med("levothyroxine", "374296008", "Levothyroxine sodium 100microgram tablets", "One tablet each morning before breakfast", true);
        med("paracetamol", "322236009", "Paracetamol 500mg tablets", "One or two tablets up to four times a day when required", true);
        med("amoxicillin", "323510009", "Amoxicillin 500mg capsules", "One capsule three times a day for 5 days", false);
        med("diazepam", "321196004", "Diazepam 2mg tablets", "One tablet up to three times a day when required", false);
        med("temazepam", "321152004", "Temazepam 10mg tablets", "One tablet at night when required", false);
        med("morphine-mr", "36126511000001106", "Morphine 10mg modified-release tablets", "One tablet twice a day", true);
        med("morphine-mr-caps", "36126411000001107", "Morphine 10mg modified-release capsules", "One capsule twice a day", true);
    }

    // ---- conditions ----
    /** A long-term condition, its prevalence per age band (0-17, 18-39, 40-64, 65-79, 80+), sex (A/M/F), medicines. */
    record Chronic(Code code, double[] prevalence, char sex, boolean mental, String[] meds) {
    }

    static final List<Chronic> CHRONIC = new ArrayList<>();

    private static void chronic(String code, String display, char sex, boolean mental, double[] prev, String... meds) {
        CHRONIC.add(new Chronic(sct(code, display), prev, sex, mental, meds));
    }

    static {
        chronic("38341003", "Hypertensive disorder, systemic arterial", 'A', false, new double[] {0, .03, .2, .45, .55},
                "amlodipine", "ramipril5", "lisinopril", "losartan", "candesartan");
        chronic("44054006", "Type 2 diabetes mellitus", 'A', false, new double[] {0, .01, .08, .18, .2},
                "metformin500", "metformin850", "empagliflozin", "dapagliflozin");
        chronic("46635009", "Type 1 diabetes mellitus", 'A', false, new double[] {.003, .005, .005, .004, .003});
        chronic("195967001", "Asthma", 'A', false, new double[] {.1, .09, .08, .07, .06}, "salbutamol");
        chronic("13645005", "Chronic obstructive lung disease", 'A', false, new double[] {0, .002, .03, .08, .09}, "salbutamol");
        chronic("49436004", "Atrial fibrillation", 'A', false, new double[] {0, .002, .015, .08, .15}, "bisoprolol");
        chronic("53741008", "Coronary arteriosclerosis", 'A', false, new double[] {0, .001, .03, .1, .15},
                "atorvastatin", "bisoprolol", "ramipril2.5");
        chronic("84114007", "Heart failure", 'A', false, new double[] {0, 0, .005, .04, .1},
                "furosemide40", "bisoprolol", "spironolactone", "ramipril2.5");
        chronic("230690007", "Cerebrovascular accident", 'A', false, new double[] {0, .001, .01, .04, .07}, "atorvastatin");
        chronic("709044004", "Chronic kidney disease", 'A', false, new double[] {0, .005, .03, .12, .25});
        chronic("396275006", "Osteoarthritis", 'A', false, new double[] {0, .01, .12, .3, .4}, "paracetamol");
        chronic("64859006", "Osteoporosis", 'F', false, new double[] {0, 0, .03, .12, .25});
        chronic("40930008", "Hypothyroidism", 'A', false, new double[] {.002, .02, .04, .06, .07}, "levothyroxine");
        chronic("52448006", "Dementia", 'A', true, new double[] {0, 0, .002, .03, .15});
        chronic("84757009", "Epilepsy", 'A', false, new double[] {.005, .008, .008, .008, .008});
        chronic("37796009", "Migraine", 'A', false, new double[] {.02, .08, .05, .02, .01}, "paracetamol");
        chronic("55822004", "Hyperlipidemia", 'A', false, new double[] {0, .01, .1, .2, .15}, "atorvastatin");
        chronic("235595009", "Gastroesophageal reflux disease", 'A', false, new double[] {.005, .04, .08, .12, .12});
        chronic("10743008", "Irritable bowel syndrome", 'A', false, new double[] {.01, .06, .05, .03, .02});
        chronic("24079001", "Atopic dermatitis", 'A', false, new double[] {.12, .04, .02, .02, .02});
        chronic("9014002", "Psoriasis", 'A', false, new double[] {.005, .02, .025, .025, .02});
        chronic("69896004", "Rheumatoid arthritis", 'A', false, new double[] {0, .004, .01, .015, .015}, "paracetamol");
        chronic("49049000", "Parkinson's disease", 'A', false, new double[] {0, 0, .002, .01, .02});
        chronic("266569009", "Benign prostatic hyperplasia", 'M', false, new double[] {0, 0, .05, .2, .3});
        chronic("90560007", "Gout", 'A', false, new double[] {0, .003, .02, .04, .04});
        chronic("414916001", "Obesity", 'A', false, new double[] {.04, .12, .2, .18, .08});
        chronic("254837009", "Malignant neoplasm of breast", 'F', false, new double[] {0, .002, .015, .03, .03});
        chronic("399068003", "Malignant tumor of prostate", 'M', false, new double[] {0, 0, .01, .05, .08});
        chronic("363406005", "Malignant tumor of colon", 'A', false, new double[] {0, 0, .003, .01, .015});
        chronic("35489007", "Depressive disorder", 'A', true, new double[] {.01, .08, .08, .06, .06});
        chronic("197480006", "Anxiety disorder", 'A', true, new double[] {.02, .08, .06, .04, .03}, "diazepam");
        chronic("13746004", "Bipolar disorder", 'A', true, new double[] {0, .006, .006, .004, .003});
        chronic("58214004", "Schizophrenia", 'A', true, new double[] {0, .005, .005, .004, .003});
        chronic("47505003", "Posttraumatic stress disorder", 'A', true, new double[] {.002, .01, .008, .004, .002});
        chronic("406506008", "Attention deficit hyperactivity disorder", 'A', true, new double[] {.04, .02, .005, 0, 0});
        chronic("56882008", "Anorexia nervosa", 'F', true, new double[] {.004, .004, .001, 0, 0});
        chronic("66590003", "Alcohol dependence", 'A', true, new double[] {0, .01, .015, .01, .003});
    }

    static final Code DEPRESSION = CHRONIC.get(29).code();
    static final Code ANXIETY = CHRONIC.get(30).code();

    /** A short illness or injury: minimum age, weight, whether it usually goes to hospital, and a medicine. */
    record Acute(Code code, int minAge, int weight, boolean hospital, String med) {
    }

    static final List<Acute> ACUTE = new ArrayList<>();

    private static void acute(String code, String display, int minAge, int weight, boolean hospital, String med) {
        ACUTE.add(new Acute(sct(code, display), minAge, weight, hospital, med));
    }

    static {
        acute("444814009", "Viral sinusitis", 0, 10, false, null);
        acute("195662009", "Acute viral pharyngitis", 0, 10, false, null);
        acute("10509002", "Acute bronchitis", 0, 8, false, "amoxicillin");
        acute("65363002", "Otitis media", 0, 6, false, "amoxicillin");
        acute("68566005", "Urinary tract infectious disease", 0, 8, false, "amoxicillin");
        acute("43878008", "Streptococcal sore throat", 0, 5, false, "amoxicillin");
        acute("840539006", "COVID-19", 0, 6, false, null);
        acute("6142004", "Influenza", 0, 4, false, null);
        acute("4740000", "Herpes zoster", 40, 3, false, null);
        acute("279039007", "Low back pain", 16, 7, false, "paracetamol");
        acute("25064002", "Headache", 5, 4, false, "paracetamol");
        acute("87522002", "Iron deficiency anemia", 16, 3, false, null);
        acute("233604007", "Pneumonia", 0, 4, true, "amoxicillin");
        acute("128045006", "Cellulitis", 0, 4, true, null);
        acute("44465007", "Sprain of ankle", 5, 5, true, null);
        acute("65966004", "Fracture of forearm", 3, 3, true, null);
        acute("62106007", "Concussion with no loss of consciousness", 3, 2, true, null);
        acute("284549007", "Laceration of hand", 5, 3, true, null);
        acute("74400008", "Appendicitis", 5, 2, true, null);
        acute("235919008", "Cholelithiasis", 25, 2, true, null);
        acute("29857009", "Chest pain", 30, 4, true, null);
        acute("271594007", "Syncope", 30, 2, true, null);
        acute("5913000", "Fracture of neck of femur", 65, 2, true, "paracetamol");
        acute("91302008", "Sepsis", 50, 1, true, null);
    }

    // ---- allergies ----
    record Allergy(Code code, String category, boolean severe) {
    }

    static final List<Allergy> ALLERGIES = List.of(
            new Allergy(sct("91936005", "Allergy to penicillin"), "medication", false),
            new Allergy(sct("91935009", "Allergy to peanuts"), "food", true),
            new Allergy(sct("300913006", "Shellfish allergy"), "food", false),
            new Allergy(sct("232350006", "House dust mite allergy"), "environment", false),
            new Allergy(sct("232347008", "Dander (animal) allergy"), "environment", false),
            new Allergy(sct("418689008", "Allergy to grass pollen"), "environment", false),
            new Allergy(sct("419474003", "Allergy to mould"), "environment", false),
            new Allergy(sct("714035009", "Allergy to soya"), "food", false),
            new Allergy(sct("91934008", "Allergy to nut"), "food", true),
            new Allergy(sct("91930004", "Allergy to eggs"), "food", false),
            new Allergy(sct("425525006", "Allergy to dairy product"), "food", false),
            new Allergy(sct("300916003", "Latex allergy"), "environment", false),
            new Allergy(sct("417532002", "Allergy to fish"), "food", false),
            new Allergy(sct("424213003", "Allergy to bee venom"), "environment", true),
            new Allergy(sct("91939003", "Allergy to sulfonamides"), "medication", false));

    static final List<Code> REACTIONS = List.of(
            sct("271807003", "Eruption of skin"), sct("126485001", "Urticaria"), sct("267036007", "Dyspnea"),
            sct("49727002", "Cough"), sct("422587007", "Nausea"), sct("418290006", "Itching of skin"),
            sct("76067001", "Sneezing"), sct("267038008", "Edema"), sct("422400008", "Vomiting"),
            sct("9826008", "Conjunctivitis"));
    static final Code ANAPHYLAXIS = sct("39579001", "Anaphylaxis");

    // ---- lab tests ----
    record Lab(Code code, String unit, String ucum, Double low, Double high, double mean, double sd, int decimals) {
    }

    static final Map<String, Lab> LABS = new LinkedHashMap<>();

    private static void lab(String key, String loinc, String display, String unit, String ucum, Double low, Double high,
                            double mean, double sd, int decimals) {
        LABS.put(key, new Lab(loinc(loinc, display), unit, ucum, low, high, mean, sd, decimals));
    }

    static {
        lab("hb", "718-7", "Hemoglobin [Mass/volume] in Blood", "g/L", "g/L", 115.0, 165.0, 138, 14, 0);
        lab("wbc", "6690-2", "Leukocytes [#/volume] in Blood by Automated count", "10*9/L", "10*9/L", 4.0, 11.0, 7.2, 2.2, 1);
        lab("plt", "777-3", "Platelets [#/volume] in Blood by Automated count", "10*9/L", "10*9/L", 150.0, 400.0, 260, 65, 0);
        lab("mcv", "787-2", "MCV [Entitic volume] by Automated count", "fL", "fL", 80.0, 100.0, 90, 5, 0);
        lab("na", "2951-2", "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", "mmol/L", 133.0, 146.0, 139, 3, 0);
        lab("k", "2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", "mmol/L", 3.5, 5.3, 4.3, 0.45, 1);
        lab("urea", "22664-7", "Urea [Moles/volume] in Serum or Plasma", "mmol/L", "mmol/L", 2.5, 7.8, 5.6, 1.8, 1);
        lab("creat", "14682-9", "Creatinine [Moles/volume] in Serum or Plasma", "umol/L", "umol/L", 59.0, 104.0, 82, 20, 0);
        lab("egfr", "62238-1", "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)",
                "mL/min/1.73m2", "mL/min/{1.73_m2}", 60.0, null, 78, 18, 0);
        lab("alt", "1742-6", "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma", "U/L", "U/L", null, 41.0, 26, 12, 0);
        lab("alp", "6768-6", "Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma", "U/L", "U/L", 30.0, 130.0, 85, 25, 0);
        lab("bili", "14631-6", "Bilirubin.total [Moles/volume] in Serum or Plasma", "umol/L", "umol/L", null, 21.0, 11, 5, 0);
        lab("alb", "1751-7", "Albumin [Mass/volume] in Serum or Plasma", "g/L", "g/L", 35.0, 50.0, 41, 4, 0);
        lab("crp", "1988-5", "C reactive protein [Mass/volume] in Serum or Plasma", "mg/L", "mg/L", null, 5.0, 6, 9, 0);
        lab("chol", "14647-2", "Cholesterol [Moles/volume] in Serum or Plasma", "mmol/L", "mmol/L", null, 5.0, 5.1, 1.0, 1);
        lab("hdl", "14646-4", "Cholesterol in HDL [Moles/volume] in Serum or Plasma", "mmol/L", "mmol/L", 1.0, null, 1.4, 0.35, 1);
        lab("tg", "14927-8", "Triglyceride [Moles/volume] in Serum or Plasma", "mmol/L", "mmol/L", null, 1.7, 1.5, 0.7, 1);
        lab("tsh", "3016-3", "Thyrotropin [Units/volume] in Serum or Plasma", "mU/L", "m[IU]/L", 0.27, 4.2, 2.1, 1.2, 2);
        lab("ft4", "14920-3", "Thyroxine (T4) free [Moles/volume] in Serum or Plasma", "pmol/L", "pmol/L", 12.0, 22.0, 16, 2.5, 1);
        lab("hba1c", "59261-8", "Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol", "mmol/mol", "mmol/mol", null, 42.0, 40, 6, 0);
        lab("ferritin", "2276-4", "Ferritin [Mass/volume] in Serum or Plasma", "ug/L", "ug/L", 30.0, 400.0, 120, 80, 0);
        lab("trop", "67151-1", "Troponin T.cardiac [Mass/volume] in Serum or Plasma by High sensitivity method", "ng/L", "ng/L", null, 14.0, 9, 8, 0);
        lab("inr", "6301-6", "INR in Platelet poor plasma by Coagulation assay", "INR", "{INR}", 0.8, 1.2, 1.05, 0.12, 1);
        lab("bnp", "33762-6", "Natriuretic peptide.B prohormone N-Terminal [Mass/volume] in Serum or Plasma", "ng/L", "ng/L", null, 400.0, 250, 300, 0);
        lab("glucose", "15074-8", "Glucose [Moles/volume] in Blood", "mmol/L", "mmol/L", 3.5, 7.8, 5.6, 1.2, 1);
    }

    /** A lab panel: the report code and the tests in it. */
    record Panel(Code code, String department, String[] tests) {
    }

    static final List<Panel> PANELS = List.of(
            new Panel(loinc("58410-2", "CBC panel - Blood by Automated count"), "HM", new String[] {"hb", "wbc", "plt", "mcv"}),
            new Panel(loinc("24362-6", "Renal function 2000 panel - Serum or Plasma"), "CH", new String[] {"na", "k", "urea", "creat", "egfr"}),
            new Panel(loinc("24325-3", "Hepatic function panel - Serum or Plasma"), "CH", new String[] {"alt", "alp", "bili", "alb"}),
            new Panel(loinc("24331-1", "Lipid 1996 panel - Serum or Plasma"), "CH", new String[] {"chol", "hdl", "tg"}),
            new Panel(new Code(null, null, "Thyroid function tests"), "CH", new String[] {"tsh", "ft4"}),
            new Panel(loinc("59261-8", "Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol"), "CH", new String[] {"hba1c"}),
            new Panel(loinc("1988-5", "C reactive protein [Mass/volume] in Serum or Plasma"), "CH", new String[] {"crp"}),
            new Panel(loinc("67151-1", "Troponin T.cardiac [Mass/volume] in Serum or Plasma by High sensitivity method"), "CH", new String[] {"trop"}),
            new Panel(loinc("6301-6", "INR in Platelet poor plasma by Coagulation assay"), "HM", new String[] {"inr"}),
            new Panel(loinc("2276-4", "Ferritin [Mass/volume] in Serum or Plasma"), "CH", new String[] {"ferritin"}),
            new Panel(loinc("33762-6", "Natriuretic peptide.B prohormone N-Terminal [Mass/volume] in Serum or Plasma"), "CH", new String[] {"bnp"}),
            new Panel(loinc("15074-8", "Glucose [Moles/volume] in Blood"), "CH", new String[] {"glucose"}));

    // ---- vital signs and other observations ----
    static final Code BP_PANEL = loinc("85354-9", "Blood pressure panel with all children optional");
    static final Code SYSTOLIC = loinc("8480-6", "Systolic blood pressure");
    static final Code DIASTOLIC = loinc("8462-4", "Diastolic blood pressure");
    static final Code HEART_RATE = loinc("8867-4", "Heart rate");
    static final Code RESP_RATE = loinc("9279-1", "Respiratory rate");
    static final Code TEMPERATURE = loinc("8310-5", "Body temperature");
    static final Code SPO2 = loinc("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry");
    static final Code WEIGHT = loinc("29463-7", "Body weight");
    static final Code HEIGHT = loinc("8302-2", "Body height");
    static final Code BMI = loinc("39156-5", "Body mass index (BMI) [Ratio]");
    static final Code GCS = loinc("9269-2", "Glasgow coma score total");
    static final Code PAIN = loinc("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported");
    static final Code PHQ9 = loinc("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]");
    static final Code GAD7 = loinc("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]");
    static final Code SMOKING = loinc("72166-2", "Tobacco smoking status");
    static final Code NEWS2 = sct("1104051000000101", "Royal College of Physicians National Early Warning Score 2 (NEWS2) total score");
    static final Code NEVER_SMOKED = sct("266919005", "Never smoked tobacco");
    static final Code EX_SMOKER = sct("8517006", "Ex-smoker");
    static final Code SMOKER = sct("77176002", "Smoker");

    // ---- procedures ----
    static final Code XRAY_CHEST = sct("399208008", "Plain chest X-ray");
    static final Code CT = sct("77477000", "Computerized axial tomography");
    static final Code MRI = sct("113091000", "Magnetic resonance imaging");
    static final Code ULTRASOUND = sct("16310003", "Diagnostic ultrasonography");
    static final Code ECG = sct("29303009", "Electrocardiographic procedure");
    static final Code ECHO = sct("40701008", "Echocardiography");
    static final Code COLONOSCOPY = sct("73761001", "Colonoscopy");
    static final Code APPENDICECTOMY = sct("80146002", "Excision of appendix");
    static final Code CHOLECYSTECTOMY = sct("38102005", "Cholecystectomy");
    static final Code HIP_REPLACEMENT = sct("52734007", "Total replacement of hip");
    static final Code KNEE_REPLACEMENT = sct("609588000", "Total knee replacement");
    static final Code PCI = sct("415070008", "Percutaneous coronary intervention");
    static final Code WOUND_CARE = sct("225358003", "Wound care");
    static final Code MED_RECONCILIATION = sct("430193006", "Medication reconciliation");
    static final Code NEEDS_ASSESSMENT = sct("710824005", "Assessment of health and social care needs");
    static final Code LAB_PROCEDURE = sct("108252007", "Laboratory procedure");
    static final Code IMAGING = sct("363679005", "Imaging");

    // ---- encounter and document types ----
    static final Code CONSULTATION = sct("11429006", "Consultation");
    static final Code CHECK_UP = sct("185349003", "Encounter for check up");
    static final Code FOLLOW_UP = sct("390906007", "Follow-up encounter");
    static final Code SYMPTOM_VISIT = sct("185345009", "Encounter for symptom");
    static final Code TELEPHONE = sct("185317003", "Telephone encounter");
    static final Code ADMISSION = sct("32485007", "Hospital admission");
    static final Code EMERGENCY_ADMISSION = sct("183452005", "Emergency hospital admission");
    static final Code ED_VISIT = sct("4525004", "Emergency department patient visit");
    static final Code HOME_VISIT = sct("439708006", "Home visit");
    static final Code DISCHARGE_SUMMARY = sct("373942005", "Discharge summary");
    static final Code ENCOUNTER_REPORT = sct("371531000", "Report of clinical encounter");
    static final Code CONSULTATION_REPORT = sct("371530004", "Clinical consultation report");
    static final Code CARE_PLAN = sct("734163000", "Care plan");
    static final Code SELF_HARM = sct("248062006", "Self-injurious behavior");

    // ---- vaccines (CVX, with the UK programme name as text) ----
    record Vaccine(Code code, String text) {
    }

    static final Vaccine FLU = new Vaccine(new Code(CVX, "140", "Influenza, seasonal, injectable, preservative free"), "Seasonal influenza vaccine");
    static final Vaccine FLU_CHILD = new Vaccine(new Code(CVX, "149", "influenza, live, intranasal, quadrivalent"), "Children's nasal flu vaccine");
    static final Vaccine COVID = new Vaccine(new Code(CVX, "208", "SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, 30 mcg/0.3mL dose"), "COVID-19 mRNA vaccine");
    static final Vaccine PPV23 = new Vaccine(new Code(CVX, "33", "pneumococcal polysaccharide vaccine, 23 valent"), "Pneumococcal polysaccharide vaccine (PPV23)");
    static final Vaccine SHINGLES = new Vaccine(new Code(CVX, "187", "zoster vaccine recombinant"), "Shingles vaccine (Shingrix)");
    static final Vaccine MMR = new Vaccine(new Code(CVX, "03", "MMR"), "Measles, mumps and rubella vaccine");
    static final Vaccine SIX_IN_ONE = new Vaccine(new Code(CVX, "146", "DTaP,IPV,Hib,HepB"), "6-in-1 vaccine (DTaP/IPV/Hib/HepB)");
    static final Vaccine PCV = new Vaccine(new Code(CVX, "133", "Pneumococcal conjugate PCV 13"), "Pneumococcal conjugate vaccine");
    static final Vaccine MENB = new Vaccine(new Code(CVX, "163", "meningococcal B, OMV"), "MenB vaccine");
    static final Vaccine HPV = new Vaccine(new Code(CVX, "165", "Human Papillomavirus 9-valent vaccine"), "HPV vaccine");
    static final Vaccine MENACWY = new Vaccine(new Code(CVX, "136", "Meningococcal MCV4O"), "MenACWY vaccine");
}
