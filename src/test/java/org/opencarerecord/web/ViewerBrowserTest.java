package org.opencarerecord.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Media;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.opencarerecord.IntegrationTest;
import org.opencarerecord.LaunchingSystems;
import org.opencarerecord.identity.NhsNumber;

/**
 * The viewer in a real browser (Debian's Chromium driven by Playwright), as a professional uses it:
 * sign in, find a person, the reason step, every section of the record, the sources panel with a
 * stale feed, withheld information and break-glass, an objection, printing, the watermark and the
 * idle time-out; axe-core checks every page for serious or critical accessibility failures. Each
 * step saves a screenshot under target/browser-screenshots.
 */
class ViewerBrowserTest extends IntegrationTest {

    private static final Path SHOTS = Paths.get("target", "browser-screenshots");
    private static Playwright playwright;
    private static Browser browser;

    private BrowserContext context;
    private Page page;
    private String testName;

    @BeforeAll
    static void startBrowser() throws Exception {
        Files.createDirectories(SHOTS);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(System.getProperty("chromium", "/usr/bin/chromium")))
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void newBrowserWindow(TestInfo info) {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        page = context.newPage();
        testName = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void closeWindow() {
        context.close();
    }

    // ---- the journeys ----

    @Test
    void aClinicianFindsAPersonGivesAReasonWithTheKeyboardAndSeesTheirRecord() {
        Person p = person();
        signIn("test-clinician-user");
        page.navigate(url("/find"));
        checkPage("find");
        // the keyboard alone: type the NHS number, press Enter
        page.locator("#nhs").focus();
        page.keyboard().type(p.nhs);
        page.keyboard().press("Enter");
        page.locator("#results-heading").waitFor();
        assertThat(page.url()).as("no NHS number in the address").endsWith("/find");
        Locator results = page.locator("table.results tbody tr");
        assertThat(results.count()).isEqualTo(1);
        assertThat(results.first().innerText()).contains(p.formattedNhs).contains("14 Jul 1960").contains("NHS number")
                .contains("Test GP Practice");
        checkPage("find-results");

        results.first().locator("a").focus();
        page.keyboard().press("Enter");
        page.waitForURL("**/reason");
        assertThat(page.locator("h1").innerText()).contains("Why do you need this record?");
        checkPage("reason");
        page.locator("input[name=reason]").first().focus();
        page.keyboard().press("Space");
        page.locator("#detail").fill("seen in clinic today");
        page.locator("#main button.button").focus();
        page.keyboard().press("Enter");
        page.waitForURL("**/record/" + p.id);

        Locator banner = page.locator(".banner");
        assertThat(banner.innerText()).contains("Viewer" + p.suffix).contains(p.formattedNhs).contains("Female")
                .contains("1 Dock Road").contains("Test GP Practice").contains("Lives alone with dementia");
        String summary = page.locator("#main").innerText();
        assertThat(summary).contains("Asthma").contains("Salbutamol").contains("Penicillin")
                .contains("May not yet have been discussed");
        checkPage("summary");
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'record.open' AND actor_user_id = 'test-clinician-user'"
                + " AND person_id = ?::uuid AND reason_code = 'unplanned-care' AND reason_text = 'seen in clinic today'", p.id))
                .as("opened on the stated reason, audited with it").isPositive();
    }

    @Test
    void everySectionOfTheRecordShowsItsItemsWithWhereTheyCameFrom() {
        Person p = person();
        signIn("test-gp-user"); // registered at the GP practice: no reason asked
        page.navigate(url("/record/" + p.id));
        assertThat(page.url()).endsWith("/record/" + p.id);

        section(p, "problems", "Asthma", "Test Green Practice");
        section(p, "allergies", "Penicillin", "Rash");
        String medicines = section(p, "medications", "Salbutamol", "Test Strict Community Trust");
        assertThat(page.locator("#main table").first().locator("tbody tr").count())
                .as("the same medicine from two sources is one row").isEqualTo(1);
        assertThat(medicines).contains("Test Green Practice").contains("Prescription").contains("Statement");
        section(p, "results", "HbA1c", "High");
        page.locator("details.series summary").first().click();
        assertThat(page.locator("details.series svg.trend").first().getAttribute("aria-label")).contains("3 values");
        assertThat(page.locator("details.series svg.trend .range").count()).as("the reference range as a band").isPositive();
        assertThat(page.locator("#main").innerText()).contains("20 to 42").contains("53.50 mmol/mol")
                .as("who ordered the result, through its report").contains("Dr Order Giver").contains("Diabetes review bloods");
        shot("results-expanded");
        section(p, "encounters", "Asthma review", "Test Green Practice");
        section(p, "documents", "Clinic letter", "Peak flow improving");
        assertThat(page.locator("a[download]").count()).as("no download").isZero();
        section(p, "care", "Asthma action plan", "active");
        section(p, "team", "Dr Ada Jones", "Practice nurse");

        page.setViewportSize(768, 1024); // a tablet: the sections move above the record, nothing is lost
        section(p, "summary", "Asthma", "Salbutamol");
        assertThat(page.locator("nav.tabs").boundingBox().width).isLessThanOrEqualTo(768);
        assertThat(page.evaluate("document.documentElement.scrollWidth <= 768")).as("no sideways scrolling").isEqualTo(true);
        page.setViewportSize(1280, 800);

        String timeline = section(p, "timeline", "Asthma", "Salbutamol");
        assertThat(timeline).contains("Test Strict Community Trust");
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)");
        var reminder = page.locator(".banner-reminder").boundingBox();
        assertThat(reminder.y).as("the banner and the guidance stay in view while the record scrolls").isBetween(0.0, 300.0);
        assertThat(page.locator(".banner-reminder").innerText()).contains("does not mean it does not exist");
        page.selectOption("#f-source", "XTS");
        page.locator("form.filters button").click();
        page.waitForURL("**source=XTS**");
        assertThat(page.locator("#main table tbody").innerText()).contains("Salbutamol").doesNotContain("Asthma review");
        shot("timeline-filtered");

        // every item names its source; the source's contact details are one click away
        page.navigate(url("/record/" + p.id + "/problems"));
        page.locator("#main .provenance a").first().click();
        Locator source = page.locator("#org-XTG");
        source.locator("details.contact summary").click();
        assertThat(source.innerText()).contains("To get a copy, contact");
        shot("source-contact");
    }

    @Test
    void theSourcesPanelWarnsOfAStaleFeedAndListsSourcesHoldingNothing() throws Exception {
        Person p = person();
        String s = p.suffix.toUpperCase();
        String code = "XV" + s;
        String token = "stale-feed-token-" + p.suffix + "-long-enough";
        adminPut("/admin/registry/organisations/" + code, "{\"name\":\"Stale Hospice " + s + "\",\"kind\":\"hospice\","
                + "\"phone\":\"0151 496 0000\"}");
        adminPut("/admin/registry/feeds/" + code.toLowerCase() + "-fhir", "{\"organisation\":\"" + code + "\","
                + "\"kind\":\"fhir-push\",\"token\":\"" + token + "\",\"categories\":[\"care-plans\"],\"cadence\":\"daily\"}");
        ok(post(token, bundle("""
                {"resourceType":"Patient","id":"hp-%1$s","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%2$s"}],
                 "name":[{"family":"Viewer%1$s","given":["Margaret"]}],"gender":"female","birthDate":"1960-07-14",
                 "address":[{"line":["1 Dock Road"],"postalCode":"L3 4AA"}]}""".formatted(p.suffix, p.nhs),
                """
                {"resourceType":"CarePlan","id":"hcp-%1$s","status":"active","intent":"plan","title":"Hospice day care plan",
                 "subject":{"reference":"Patient/hp-%1$s"},"period":{"start":"2025-01-01"}}""".formatted(p.suffix))));
        for (int i = 0; i < 100 && count("SELECT count(*) FROM feed WHERE id = ? AND last_loaded_at IS NOT NULL",
                code.toLowerCase() + "-fhir") == 0; i++) {
            Thread.sleep(100);
        }
        jdbc.sql("UPDATE feed SET last_received_at = now() - interval '30 days', last_loaded_at = now() - interval '30 days'"
                + " WHERE id = ?").param(code.toLowerCase() + "-fhir").update();

        signIn("test-gp-user");
        page.navigate(url("/record/" + p.id));
        Locator stale = page.locator("#org-" + code);
        assertThat(stale.innerText()).contains("Stale Hospice " + s).contains("newer information may be missing");
        assertThat(page.locator("#main .warning").innerText()).contains("Stale Hospice " + s).contains("may be out of date")
                .contains("its FHIR feed (daily) is down");
        assertThat(page.locator(".sources-panel").innerText()).contains("Connected, holding nothing on this person")
                .contains("Test Acute Hospitals NHS Trust").contains("An absence of information does not mean it does not exist");
        checkPage("sources-stale");
    }

    @Test
    void withheldInformationIsSaidAndBreakingTheGlassShowsItAndIsReported() {
        Person p = person();
        openWithAReasonAsTheClinician(p);
        assertThat(page.locator(".banner").innerText()).contains("Some information has been withheld");
        page.navigate(url("/record/" + p.id + "/problems"));
        assertThat(page.locator("#main").innerText()).doesNotContain("Safeguarding concern");
        checkPage("withheld");

        page.locator("#bg-reason").fill("unconscious in the emergency department");
        page.locator("form.break-glass button").click();
        page.waitForURL("**/record/" + p.id);
        page.navigate(url("/record/" + p.id + "/problems"));
        assertThat(page.locator("#main").innerText()).contains("Safeguarding concern");
        shot("after-break-glass");
        assertThat(count("SELECT count(*) FROM audit_event WHERE action = 'break-glass' AND actor_user_id = 'test-clinician-user'"
                + " AND person_id = ?::uuid", p.id)).isEqualTo(1);
        Response report = get("http://localhost:" + port + "/admin/audit/reports/break-glass");
        assertThat(report.body()).as("always reported to privacy officers").contains(p.id);
    }

    @Test
    void anObjectionShowsTheNoticeAndNothingClinical() {
        Person p = person();
        Response objection = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/objections"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token("test-privacy"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"person\":\"" + p.id + "\",\"basis\":\"self\"}")).build());
        assertThat(objection.status()).as(objection.body()).isEqualTo(201);
        signIn("test-gp-user");
        page.navigate(url("/record/" + p.id));
        String shown = page.locator("body").innerText();
        assertThat(shown).contains("This person has objected to sharing").contains("Viewer" + p.suffix)
                .doesNotContain("Asthma").doesNotContain("Salbutamol");
        assertThat(page.locator("nav.tabs").count()).as("no sections to open").isZero();
        assertThat(page.locator(".sources-panel").count()).as("not even which services hold records").isZero();
        checkPage("objection");
    }

    @Test
    void printingARecordPrintsTheNoticeAndEveryPageCarriesTheWatermark() {
        Person p = person();
        signIn("test-gp-user");
        page.navigate(url("/record/" + p.id));
        assertThat(page.locator(".watermark span").first().getAttribute("data-mark")).contains("Test GP user").contains("Test Green Practice");
        assertThat(page.locator(".print-notice").isVisible()).isFalse();
        page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
        assertThat(page.locator(".print-notice").isVisible()).isTrue();
        assertThat(page.locator(".record-content").isVisible()).as("no clinical content on paper").isFalse();
        assertThat(page.locator(".print-notice").innerText()).contains("cannot be printed").contains("contact the organisation");
        shot("print");
    }

    @Test
    void anIdlePageWarnsThenSignsOut() {
        Person p = person();
        page.clock().install();
        signIn("test-gp-user");
        page.navigate(url("/record/" + p.id));
        assertThat(page.locator("#idle-warning").isVisible()).isFalse();
        page.clock().runFor(14 * 60_000);
        assertThat(page.locator("#idle-warning").isVisible()).as("warned before the time-out").isTrue();
        checkPage("idle-warning");
        page.locator("#idle-stay").click();
        page.waitForCondition(() -> !page.locator("#idle-warning").isVisible());
        page.clock().runFor(16 * 60_000);
        page.waitForURL("**/login?timeout");
        assertThat(page.locator("main").innerText()).contains("signed out after a period without activity");
        checkPage("timed-out");
    }

    @Test
    void aHospitalSystemLaunchesTheViewerOnOnePersonWithoutASecondSignIn() {
        Person p = person();
        Person other = person();
        Map<String, Object> claims = new java.util.LinkedHashMap<>(LaunchingSystems.gpLaunch(p.nhs));
        claims.put("iss", LaunchingSystems.EPR);
        claims.put("role", "R8000");
        claims.put("org", "XTA");
        claims.put("name", "Dr Launched");
        // the hospital system's page posts the signed token to the viewer (never in the address: it names the person)
        page.setContent("<!doctype html><html lang=\"en\"><title>EPR</title><form method=\"post\" action=\"" + url("/launch")
                + "\"><input type=\"hidden\" name=\"launch_token\" value=\"" + LaunchingSystems.rs256(claims)
                + "\"><button>Shared care record</button></form></html>");
        page.locator("button").click();
        page.waitForURL("**/record/" + p.id);
        assertThat(page.locator(".banner").innerText()).contains("Viewer" + p.suffix);
        assertThat(page.locator("#main").innerText()).as("no reason asked: the launch is the relationship").contains("Asthma");
        assertThat(page.locator("nav[aria-label=Service]").count()).as("no search from a launched session").isZero();
        checkPage("launched");
        page.navigate(url("/record/" + other.id));
        assertThat(page.locator("h1").innerText()).isEqualTo("You cannot open this");
        assertThat(page.locator("main").innerText()).contains("Test Hospital EPR");
        checkPage("launched-other-person");
    }

    @Test
    void aPrivacyOfficerKeepsTheObjectionsRegisterAndReadsReportsAndAPersonsAccessHistory() {
        Person p = person();
        openWithAReasonAsTheClinician(p);
        context.clearCookies();

        signIn("test-privacy-user");
        page.navigate(url("/admin"));
        assertThat(page.locator("main").innerText()).contains("Objections to sharing").contains("Audit")
                .doesNotContain("Feeds");
        checkPage("admin-home");
        page.locator("a", new Page.LocatorOptions().setHasText("Objections to sharing")).click();
        page.locator("#person").fill(p.id);
        page.locator("#note").fill("told reception in person");
        page.locator("form.panel button").click();
        page.waitForURL("**/admin/objection-register?message=recorded");
        assertThat(page.locator("main table").innerText()).contains(p.id).contains("told reception in person");
        checkPage("objections");
        page.locator("#person").fill("not-an-id");
        page.locator("form.panel button").click();
        assertThat(page.locator(".error-summary").innerText()).contains("Give the person's id");

        page.navigate(url("/admin/audit?report=without-relationship"));
        assertThat(page.locator("main table").innerText()).contains(p.id).contains("Dr Test Viewer").contains("unplanned-care");
        checkPage("privacy-report");
        page.locator("#person").fill(p.id);
        page.locator("form[action='/admin/audit/history'] button").click();
        page.waitForURL("**/admin/audit/persons/" + p.id);
        assertThat(page.locator("main table").innerText()).contains("record.open").contains("Dr Test Viewer")
                .contains("XTA").contains("objection");
        checkPage("access-history");
    }

    @Test
    void aSystemAdministratorSeesEachFeedsFreshnessAndEveryAdminPageIsAccessible() {
        signIn("test-sysadmin-user");
        page.navigate(url("/admin"));
        page.locator("a", new Page.LocatorOptions().setHasText("Feeds: status and freshness")).click();
        assertThat(page.locator("main table").innerText()).contains("xtg-fhir").contains("Test Green Practice")
                .contains("since the last successful load");
        checkPage("feed-status");
        page.navigate(url("/admin/review"));
        checkPage("review-queue");
        page.navigate(url("/admin/quarantine"));
        checkPage("quarantine");
        page.navigate(url("/data-visibility-guide"));
        assertThat(page.locator("h1").innerText()).isEqualTo("Data Visibility Guide");
        checkPage("data-visibility-guide");
    }

    @Test
    void aLaunchThatCannotBeTrustedIsRefusedWithAClearPage() {
        page.setContent("<!doctype html><html lang=\"en\"><title>EPR</title><form method=\"post\" action=\"" + url("/launch")
                + "\"><input type=\"hidden\" name=\"launch_token\" value=\"not.a.token\"><button>Open</button></form></html>");
        page.locator("button").click();
        page.waitForURL("**/launch");
        assertThat(page.locator("main").innerText()).contains("sign in to the shared care record");
        checkPage("launch-refused");
    }

    @Test
    void aRoleThatDoesNotOpenRecordsIsToldSoOnAPage() {
        signIn("test-privacy-user");
        page.navigate(url("/find"));
        assertThat(page.locator("h1").innerText()).isEqualTo("You cannot open this");
        assertThat(page.locator("main").innerText()).contains("does not open people's records");
        checkPage("refused");
    }

    @Test
    void theRecordPageIsNeverCachedAndRunsOnlyItsOwnScripts() {
        Person p = person();
        signIn("test-gp-user");
        com.microsoft.playwright.Response r = page.navigate(url("/record/" + p.id));
        assertThat(r.headers().get("cache-control")).contains("no-store");
        assertThat(r.headers().get("content-security-policy")).contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.url()).doesNotContain(p.nhs);

        com.microsoft.playwright.Response nobody = page.navigate(url("/record/" + UUID.randomUUID()));
        assertThat(nobody.status()).as("no reason asked about nobody").isEqualTo(404);
        assertThat(page.locator("h1").innerText()).isEqualTo("Not found");
        assertThat(page.navigate(url("/record/" + p.id + "/nonsense")).status()).isEqualTo(404);
        assertThat(page.navigate(url("/record/not-an-id")).status()).isEqualTo(404);
        checkPage("not-found");
    }

    // ---- helpers ----

    private String section(Person p, String path, String... expected) {
        page.navigate(url("/record/" + p.id + "/" + path));
        String text = page.locator("#main").innerText();
        for (String e : expected) {
            assertThat(text).as(path).contains(e);
        }
        checkPage(path);
        return text;
    }

    /** The hospital clinician (no relationship with the test people) opens the record on the first reason listed. */
    private void openWithAReasonAsTheClinician(Person p) {
        signIn("test-clinician-user");
        page.navigate(url("/record/" + p.id));
        page.locator("input[name=reason]").first().check();
        page.locator("#main button.button").click();
        page.waitForURL("**/record/" + p.id);
    }

    private void signIn(String user) {
        page.navigate(url("/login"));
        checkPage("sign-in");
        page.locator("#username").fill(user);
        page.locator("#password").fill(CLIENT_SECRET);
        page.locator("form button").click();
        page.waitForURL(u -> !u.contains("/login"));
    }

    /** A screenshot, and axe-core's check: no serious or critical accessibility failure. */
    private void checkPage(String step) {
        shot(step);
        AxeResults results = new AxeBuilder(page).withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"))
                .analyze();
        List<String> failures = results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .map(ViewerBrowserTest::describe).toList();
        assertThat(failures).as("accessibility failures on " + step + " (" + page.url() + ")").isEmpty();
    }

    private static String describe(Rule v) {
        return v.getId() + " (" + v.getImpact() + "): " + v.getHelp() + " at " + v.getNodes().stream()
                .map(n -> String.valueOf(n.getTarget())).toList();
    }

    private void shot(String step) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(testName + "-" + step + ".png")).setFullPage(true));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void adminPut(String path, String json) {
        Response r = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token(SYSADMIN))
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }

    private record Person(String id, String nhs, String formattedNhs, String suffix) {
    }

    /**
     * A person known to the GP practice (problems, a medicine, an allergy, results with a recent
     * abnormal one, an alert, an encounter, a letter, a care plan, the care team, and a safeguarding
     * concern only GPs and social workers see) and to a community trust (the same medicine).
     */
    private Person person() {
        String s = UUID.randomUUID().toString().substring(24);
        String nhs = nhsNumber();
        String recent = LocalDate.now().minusDays(2) + "T09:00:00Z";
        String letter = Base64.getEncoder().encodeToString(("Clinic letter\n\nPeak flow improving on the new inhaler.")
                .getBytes(StandardCharsets.UTF_8));
        JsonResources gp = new JsonResources();
        gp.add("""
                {"resourceType":"Patient","id":"p-%1$s","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%2$s"}],
                 "name":[{"use":"official","family":"Viewer%1$s","given":["Margaret"]}],"gender":"female","birthDate":"1960-07-14",
                 "address":[{"use":"home","line":["1 Dock Road"],"city":"Liverpool","postalCode":"L3 4AA"}],
                 "generalPractitioner":[{"display":"Test GP Practice"}]}""".formatted(s, nhs));
        gp.add("""
                {"resourceType":"Condition","id":"c-%1$s","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
                 "code":{"coding":[{"system":"http://snomed.info/sct","code":"195967001","display":"Asthma"}]},
                 "subject":{"reference":"Patient/p-%1$s"},"onsetDateTime":"2010-03-01","recordedDate":"2010-03-02"}""".formatted(s));
        gp.add("""
                {"resourceType":"Condition","id":"sg-%1$s","code":{"coding":[{"system":"http://snomed.info/sct","code":"TEST-SAFEGUARDING","display":"Safeguarding concern"}]},
                 "subject":{"reference":"Patient/p-%1$s"},"recordedDate":"2024-01-01"}""".formatted(s));
        gp.add("""
                {"resourceType":"MedicationStatement","id":"ms-%1$s","status":"active",
                 "medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"320151000001100","display":"Salbutamol 100micrograms/dose inhaler"}]},
                 "subject":{"reference":"Patient/p-%1$s"},"effectivePeriod":{"start":"2010-03-02"},
                 "dosage":[{"text":"Two puffs when required"}]}""".formatted(s));
        gp.add("""
                {"resourceType":"AllergyIntolerance","id":"a-%1$s","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},
                 "code":{"coding":[{"system":"http://snomed.info/sct","code":"91936005","display":"Penicillin"}]},
                 "patient":{"reference":"Patient/p-%1$s"},"recordedDate":"2001-05-05",
                 "reaction":[{"manifestation":[{"text":"Rash"}],"severity":"moderate"}]}""".formatted(s));
        String[][] hba1c = {{"2023-02-01T09:30:00Z", "41", "N"}, {"2024-02-01T09:30:00Z", "48.0", "H"}, {recent, "53.50", "H"}};
        for (int i = 0; i < hba1c.length; i++) {
            gp.add("""
                    {"resourceType":"Observation","id":"o%4$d-%1$s","status":"final",
                     "code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"HbA1c"}]},
                     "subject":{"reference":"Patient/p-%1$s"},"effectiveDateTime":"%2$s",
                     "valueQuantity":{"value":%3$s,"unit":"mmol/mol","system":"http://unitsofmeasure.org","code":"mmol/mol"},
                     "referenceRange":[{"low":{"value":20},"high":{"value":42}}],
                     "interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"%5$s","display":"%6$s"}]}]}"""
                    .formatted(s, hba1c[i][0], hba1c[i][1], i, hba1c[i][2], hba1c[i][2].equals("H") ? "High" : "Normal"));
        }
        gp.add("""
                {"resourceType":"ServiceRequest","id":"sr-%1$s","status":"completed","intent":"order","code":{"text":"HbA1c"},
                 "subject":{"reference":"Patient/p-%1$s"},"authoredOn":"2024-01-25","requester":{"display":"Dr Order Giver"}}""".formatted(s));
        gp.add("""
                {"resourceType":"DiagnosticReport","id":"dr-%1$s","status":"final","code":{"text":"Diabetes review bloods"},
                 "subject":{"reference":"Patient/p-%1$s"},"effectiveDateTime":"2024-02-01T09:30:00Z","conclusion":"HbA1c raised",
                 "basedOn":[{"reference":"ServiceRequest/sr-%1$s"}],"result":[{"reference":"Observation/o1-%1$s"}]}""".formatted(s));
        gp.add("""
                {"resourceType":"Flag","id":"f-%1$s","status":"active","code":{"text":"Lives alone with dementia"},
                 "subject":{"reference":"Patient/p-%1$s"},"period":{"start":"2022-01-01"}}""".formatted(s));
        gp.add("""
                {"resourceType":"Encounter","id":"e-%1$s","status":"finished","class":{"code":"AMB","display":"ambulatory"},
                 "type":[{"text":"Asthma review"}],"subject":{"reference":"Patient/p-%1$s"},
                 "period":{"start":"2025-06-01T10:00:00Z","end":"2025-06-01T10:20:00Z"}}""".formatted(s));
        gp.add("""
                {"resourceType":"DocumentReference","id":"d-%1$s","status":"current","type":{"text":"Clinic letter"},
                 "subject":{"reference":"Patient/p-%1$s"},"date":"2025-06-02T12:00:00Z",
                 "content":[{"attachment":{"contentType":"text/plain","data":"%2$s"}}]}""".formatted(s, letter));
        gp.add("""
                {"resourceType":"CarePlan","id":"cp-%1$s","status":"active","intent":"plan","title":"Asthma action plan",
                 "subject":{"reference":"Patient/p-%1$s"},"period":{"start":"2025-06-01"}}""".formatted(s));
        gp.add("""
                {"resourceType":"CareTeam","id":"ct-%1$s","status":"active","name":"Practice team",
                 "subject":{"reference":"Patient/p-%1$s"},
                 "participant":[{"role":[{"text":"Practice nurse"}],"member":{"display":"Dr Ada Jones"}}]}""".formatted(s));
        ok(post(GP_TOKEN, gp.bundle()));
        String id = jdbc.sql("SELECT person_id::text FROM source_record WHERE feed_id = 'xtg-fhir' AND source_id = ?")
                .param("p-" + s).query(String.class).single();
        JsonResources community = new JsonResources();
        community.add("""
                {"resourceType":"Patient","id":"cp-%1$s","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%2$s"}],
                 "name":[{"use":"official","family":"Viewer%1$s","given":["Margaret"]}],"gender":"female","birthDate":"1960-07-14",
                 "address":[{"line":["1 Dock Road"],"postalCode":"L3 4AA"}]}""".formatted(s, nhs));
        community.add("""
                {"resourceType":"MedicationRequest","id":"mr-%1$s","status":"active","intent":"order",
                 "medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"320151000001100","display":"Salbutamol 100micrograms/dose inhaler"}]},
                 "subject":{"reference":"Patient/cp-%1$s"},"authoredOn":"2025-09-01",
                 "dosageInstruction":[{"text":"Two puffs four times a day"}]}""".formatted(s));
        ok(post(STRICT_TOKEN, community.bundle()));
        return new Person(id, nhs, NhsNumber.parse(nhs).orElseThrow().formatted(), s);
    }

    private static String bundle(String... resources) {
        JsonResources r = new JsonResources();
        for (String resource : resources) {
            r.add(resource);
        }
        return r.bundle();
    }

    /** Resources sent together as one transaction, each PUT under its own id. */
    private static final class JsonResources {
        private final StringBuilder entries = new StringBuilder();

        void add(String resource) {
            String type = resource.replaceAll("(?s).*?\"resourceType\":\"([A-Za-z]+)\".*", "$1");
            String id = resource.replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
            entries.append(entries.isEmpty() ? "" : ",").append("{\"resource\":").append(resource)
                    .append(",\"request\":{\"method\":\"PUT\",\"url\":\"").append(type).append('/').append(id).append("\"}}");
        }

        String bundle() {
            return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + entries + "]}";
        }
    }

    private static String nhsNumber() {
        while (true) {
            String stem = "9" + String.format("%08d", (long) (Math.random() * 100_000_000));
            Integer check = NhsNumber.checkDigit(stem);
            if (check != null) {
                return stem + check;
            }
        }
    }
}
