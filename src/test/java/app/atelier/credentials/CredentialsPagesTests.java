package app.atelier.credentials;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.account.Registration;
import app.atelier.provider.ProviderId;
import app.atelier.provider.gemini.web.FakeGeminiWebServer;
import app.atelier.support.Browser;
import app.atelier.support.FakeUpstreams;
import app.atelier.support.Html;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@AutoConfigureMockMvc
class CredentialsPagesTests {

    private static final String PASSWORD = "quartz pelican evening";

    private static final String EXPIRED_WEB_BANNER = "Your Gemini cookies expired — update them on the <a href=\"/credentials\">Credentials page</a>.";

    private static final String EXPIRED_API_BANNER = "Your Gemini API key stopped working — replace it on the <a href=\"/credentials\">Credentials page</a>.";

    @RegisterExtension
    static final FakeUpstreams fakes = new FakeUpstreams();

    private static final FakeGeminiWebServer web = fakes.web();

    @DynamicPropertySource
    static void pointAtTheFakes(DynamicPropertyRegistry registry) {
        fakes.pointApplicationAt(registry);
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Accounts accounts;

    @Autowired
    Credentials credentials;

    private final Map<Browser, Long> ids = new IdentityHashMap<>();

    @Test
    void tellsANewUserWhatToDoAndHowToExportTheCookies() {
        String html = signedUp().page("/credentials");

        assertThat(html).contains("Add your first credential")
            .contains("href=\"#api\"")
            .contains("href=\"#web\"")
            .doesNotContain("id=\"stored-title\"")
            .contains("<a href=\"/credentials\" aria-current=\"page\" class=\"active\">Credentials</a>");
        assertThat(html).as("the warning").contains("An unofficial interface.").contains("https://policies.google.com/terms");
        assertThat(html).as("the guide")
            .containsSubsequence("private", "gemini.google.com", "Application", "Cookies", "__Secure-1PSID", "__Secure-1PSIDTS",
                    "without signing out", "Why they expire.", "rotating them");
        assertThat(html).as("the web forms").contains("action=\"/credentials/gemini-web/paste\"").contains("action=\"/credentials/gemini-web\"");
        assertThat(html).as("the API key form")
            .contains("https://aistudio.google.com/apikey")
            .contains("Get API key")
            .containsPattern("<input id=\"api-key\" name=\"apiKey\" type=\"password\" autocomplete=\"off\"");
        Html.assertNoInlineCode(html);
    }

    @ParameterizedTest
    @ValueSource(strings = { "header", "json", "cookies.txt" })
    void savesPastedCookiesThatGoogleAcceptsAndShowsThemAsValid(String format) {
        String psid = "test-psid-paste-" + Unique.name("p");
        String psidts = "test-psidts-paste-" + Unique.name("t");
        web.signIn(psid, psidts);
        Browser browser = signedUp();

        MvcTestResult saved = browser.post("/credentials/gemini-web/paste", "cookies", paste(format, psid, psidts));

        assertThat(saved).hasStatus(302).hasRedirectedUrl("/credentials");
        String html = Browser.body(browser.follow(saved));
        assertThat(html).contains("Your Gemini cookies work — saved.")
            .containsSubsequence("id=\"stored-title\"", "Gemini web cookies", "<span class=\"badge status status-valid\">valid</span>",
                    "<p class=\"status-detail\">Signed in", "Secret ends in", "…" + psid.substring(psid.length() - 4), "Last verified",
                    "Last used", "never", "Last rotated", "never", "Verify now", "Delete")
            .doesNotContain("Add your first credential")
            .doesNotContain(psid)
            .doesNotContain(psidts)
            .doesNotContain("NID-value");
        assertThat(credentials.find(idOf(browser), ProviderId.GEMINI_WEB)).get().extracting(Credential::status).isEqualTo("valid");
    }

    @Test
    void savesTheTwoValuesTypedSeparately() {
        String psid = "test-psid-typed-" + Unique.name("p");
        String psidts = "test-psidts-typed-" + Unique.name("t");
        web.signIn(psid, psidts);
        Browser browser = signedUp();

        MvcTestResult saved = browser.post("/credentials/gemini-web", "psid", " " + psid + " ", "psidts", psidts);

        assertThat(saved).hasStatus(302).hasRedirectedUrl("/credentials");
        assertThat(Browser.body(browser.follow(saved))).contains("Your Gemini cookies work — saved.")
            .contains("status-valid")
            .doesNotContain(psid)
            .doesNotContain(psidts);
    }

    @Test
    void showsWhyAPasteIsUnreadableBesideThePasteBoxAndKeepsNothing() {
        Browser browser = signedUp();
        String garbage = "my-secret-garbage-" + Unique.name("g");

        MvcTestResult refused = browser.post("/credentials/gemini-web/paste", "cookies", garbage);

        assertThat(refused).hasStatus(302).hasRedirectedUrl("/credentials#web-paste");
        String html = Browser.body(browser.follow(refused));
        assertThat(html).containsSubsequence("id=\"web-title\"", "id=\"web-cookies\"", "id=\"web-cookies-error\"",
                "find __Secure-1PSID or __Secure-1PSIDTS in what you pasted", "id=\"web-psid\"", "id=\"api-title\"")
            .containsPattern("<textarea id=\"web-cookies\"[^>]*aria-describedby=\"web-cookies-hint web-cookies-error\"[^>]*aria-invalid=\"true\"")
            .doesNotContain(garbage)
            .doesNotContain("Your Gemini cookies work")
            .contains("Add your first credential");
        assertThat(html).as("only the paste box is marked").doesNotContainPattern("id=\"(web-psid|web-psidts|api-key)\"[^>]*aria-invalid");
        assertThat(credentials.list(idOf(browser))).isEmpty();
    }

    @Test
    void showsCookiesGoogleRefusesBesideTheValuesFormWithoutTypingThemBack() {
        Browser browser = signedUp();
        String psid = "test-psid-unknown-" + Unique.name("p");
        String psidts = "test-psidts-unknown-" + Unique.name("t");

        MvcTestResult refused = browser.post("/credentials/gemini-web", "psid", psid, "psidts", psidts);

        assertThat(refused).hasStatus(302).hasRedirectedUrl("/credentials#web-values");
        String html = Browser.body(browser.follow(refused));
        assertThat(html).containsSubsequence("<details class=\"alternative\" id=\"web-values\" open=\"open\">", "id=\"web-psid\"", "id=\"web-psidts\"",
                "id=\"web-values-error\"", "signed out — export the cookies again", "id=\"api-title\"")
            .containsPattern("id=\"web-psid\"[^>]*aria-describedby=\"web-values-error\"[^>]*aria-invalid=\"true\"")
            .containsPattern("id=\"web-psidts\"[^>]*aria-describedby=\"web-values-error\"[^>]*aria-invalid=\"true\"")
            .doesNotContain(psid)
            .doesNotContain(psidts);
        assertThat(credentials.list(idOf(browser))).isEmpty();
    }

    @Test
    void namesTheEmptyValue() {
        Browser browser = signedUp();

        MvcTestResult refused = browser.post("/credentials/gemini-web", "psid", "test-psid-alone", "psidts", "  ");

        String html = Browser.body(browser.follow(refused));
        assertThat(html).containsSubsequence("id=\"web-psidts\"", "id=\"web-psidts-error\"", "__Secure-1PSIDTS is empty.", "id=\"api-title\"")
            .containsPattern("id=\"web-psidts\"[^>]*aria-describedby=\"web-psidts-error\"[^>]*aria-invalid=\"true\"")
            .doesNotContainPattern("id=\"web-psid\"[^>]*aria-invalid")
            .doesNotContain("test-psid-alone");
    }

    @Test
    void savesAnApiKeyGoogleAcceptsAndShowsOnlyItsLastFourCharacters() {
        Browser browser = signedUp();
        String key = "test-api-key-" + Unique.name("k") + "WXYZ";

        MvcTestResult saved = browser.post("/credentials/gemini-api", "apiKey", key);

        assertThat(saved).hasStatus(302).hasRedirectedUrl("/credentials");
        String html = Browser.body(browser.follow(saved));
        assertThat(html).contains("Your Gemini API key works — saved.")
            .containsSubsequence("Gemini API key", "status-valid", "Google accepts this API key.", "…WXYZ", "Last used", "never",
                    "Verify now")
            .doesNotContain(key)
            .contains("Replace your Gemini API key")
            .contains("Add Gemini web cookies")
            .contains("Saving replaces the key you stored before.");
        assertThat(html).as("API keys are not rotated").doesNotContain("Last rotated");
    }

    @Test
    void showsAMalformedApiKeyBesideItsFieldWithoutTypingItBack() {
        Browser browser = signedUp();

        MvcTestResult refused = browser.post("/credentials/gemini-api", "apiKey", "has a space in it");

        assertThat(refused).hasStatus(302).hasRedirectedUrl("/credentials#api");
        String html = Browser.body(browser.follow(refused));
        assertThat(html).containsSubsequence("id=\"api-title\"", "id=\"api-key\"", "id=\"api-key-error\"",
                "Paste the whole API key: 6 to 256 visible characters, no spaces.")
            .containsPattern("<input id=\"api-key\"[^>]*aria-describedby=\"api-key-hint api-key-error\"[^>]*aria-invalid=\"true\"")
            .doesNotContain("has a space in it");
        assertThat(credentials.list(idOf(browser))).isEmpty();
    }

    @Test
    void showsAnApiKeyGoogleRefusesBesideItsFieldAndStoresNothing() {
        Browser browser = signedUp();

        MvcTestResult refused = browser.post("/credentials/gemini-api", "apiKey", "forbidden-key");

        assertThat(refused).hasStatus(302).hasRedirectedUrl("/credentials#api");
        String html = Browser.body(browser.follow(refused));
        assertThat(html).containsSubsequence("id=\"api-key\"", "id=\"api-key-error\"", "Google refuses to serve this API key here")
            .containsPattern("<input id=\"api-key\"[^>]*aria-invalid=\"true\"")
            .doesNotContain("forbidden-key");
        assertThat(credentials.list(idOf(browser))).isEmpty();
    }

    @Test
    void saysGoogleCouldNotBeAskedWhenItIsUnavailableAndMarksNoField() {
        Browser browser = signedUp();

        MvcTestResult refused = browser.post("/credentials/gemini-api", "apiKey", "busy-key");

        String html = Browser.body(browser.follow(refused));
        assertThat(html).containsSubsequence("id=\"api-title\"", "<div class=\"flash flash-error\" role=\"alert\">",
                "so the credential could not be checked", "Nothing was changed; try again in a moment.", "id=\"api-key\"")
            .doesNotContainPattern("aria-invalid")
            .doesNotContain("busy-key");
        assertThat(credentials.list(idOf(browser))).isEmpty();
    }

    @Test
    void verifyNowAsksGoogleAgainAndShowsTheAnswer() {
        String psid = "test-psid-verify-" + Unique.name("p");
        web.signIn(psid, "test-psidts-verify");
        Browser browser = signedUp();
        browser.follow(browser.post("/credentials/gemini-web/paste", "cookies", "__Secure-1PSID=" + psid + "; __Secure-1PSIDTS=test-psidts-verify"));
        browser.follow(browser.post("/credentials/gemini-api", "apiKey", "test-api-key-verify"));

        MvcTestResult stillValid = browser.post("/credentials/gemini-api/verify");
        assertThat(stillValid).hasStatus(302).hasRedirectedUrl("/credentials");
        assertThat(Browser.body(browser.follow(stillValid))).contains("Checked with Google: your Gemini API key works.");

        web.signOut(psid);
        MvcTestResult expired = browser.post("/credentials/gemini-web/verify");
        assertThat(expired).hasStatus(302).hasRedirectedUrl("/credentials");
        String html = Browser.body(browser.follow(expired));
        assertThat(html).contains("Checked with Google: your Gemini cookies are expired. Export the cookies again with the guide below and save them.")
            .containsSubsequence("Gemini web cookies", "<span class=\"badge status status-expired\">expired</span>", "Signed out")
            .containsSubsequence("Gemini API key", "status-valid");
        assertThat(credentials.find(idOf(browser), ProviderId.GEMINI_WEB)).get().satisfies(credential -> {
            assertThat(credential.status()).isEqualTo("expired");
            assertThat(credential.lastVerifiedAt()).isNotNull();
        });
    }

    @Test
    void deletesACredentialAfterAConfirmation() {
        Browser browser = signedUp();
        browser.post("/credentials/gemini-api", "apiKey", "test-api-key-doomed");
        String before = browser.page("/credentials");
        assertThat(before).containsPattern("<form action=\"/credentials/gemini-api/delete\" method=\"post\" "
                + "data-confirm=\"Delete your Gemini API key from Atelier\\? You will have to paste it again to generate with it.\">");

        MvcTestResult deleted = browser.post("/credentials/gemini-api/delete");

        assertThat(deleted).hasStatus(302).hasRedirectedUrl("/credentials");
        assertThat(Browser.body(browser.follow(deleted))).contains("Your Gemini API key is deleted from Atelier.")
            .contains("Add your first credential")
            .doesNotContain("action=\"/credentials/gemini-api/delete\"");
        assertThat(credentials.list(idOf(browser))).isEmpty();
    }

    @Test
    void neverShowsOrTouchesAnotherPersonsCredentials() {
        Browser owner = signedUp();
        owner.post("/credentials/gemini-api", "apiKey", "test-api-key-owned-QRST");
        Credential owned = credentials.find(idOf(owner), ProviderId.GEMINI_API).orElseThrow();
        Browser intruder = signedUp();

        assertThat(intruder.page("/credentials")).contains("Add your first credential").doesNotContain("…QRST");
        MvcTestResult verify = intruder.post("/credentials/gemini-api/verify");
        assertThat(Browser.body(intruder.follow(verify))).contains("Nothing was found at this address.");
        MvcTestResult delete = intruder.post("/credentials/gemini-api/delete");
        assertThat(Browser.body(intruder.follow(delete))).contains("Nothing was found at this address.");

        assertThat(credentials.find(idOf(owner), ProviderId.GEMINI_API)).contains(owned);
        assertThat(owner.page("/credentials")).contains("…QRST");
    }

    @Test
    void answersAnUnknownProviderWithNotFound() {
        Browser browser = signedUp();
        assertThat(browser.post("/credentials/gemini-pro/verify")).hasStatus(404);
        assertThat(browser.post("/credentials/gemini-pro/delete")).hasStatus(404);
    }

    @Test
    void refusesFormsWithoutTheCsrfToken() {
        Browser browser = signedUp();
        assertThat(browser.postWithoutCsrf("/credentials/gemini-api", "apiKey", "test-api-key-forged")).hasStatus(403);
        assertThat(credentials.list(idOf(browser))).isEmpty();
    }

    @Test
    void asksStrangersToSignIn() {
        assertThat(new Browser(mvc).get("/credentials")).hasStatus(302).hasRedirectedUrl("/login");
    }

    @Test
    void showsABannerOnEveryPageWhileTheWebCookiesAreExpiredUntilTheyAreReplaced() {
        String psid = "test-psid-banner-" + Unique.name("p");
        web.signIn(psid, "test-psidts-banner");
        Browser browser = signedUp();
        browser.post("/credentials/gemini-web", "psid", psid, "psidts", "test-psidts-banner");
        assertThat(browser.page("/")).doesNotContain("expiry-banner");

        web.signOut(psid);
        browser.post("/credentials/gemini-web/verify");
        for (String page : List.of("/", "/settings", "/credentials", "/terms")) {
            assertThat(browser.page(page)).as(page).containsSubsequence("</header>", "class=\"expiry-banner\"", EXPIRED_WEB_BANNER, "<main");
        }
        MvcTestResult notFound = browser.post("/credentials/gemini-pro/verify");
        assertThat(notFound).as("an error page renders without the banner's data").hasStatus(404);
        assertThat(Browser.body(notFound)).contains("We couldn").doesNotContain("expiry-banner");

        String fresh = "test-psid-banner-fresh-" + Unique.name("p");
        web.signIn(fresh, "test-psidts-fresh");
        browser.post("/credentials/gemini-web/paste", "cookies", "__Secure-1PSID=" + fresh + "; __Secure-1PSIDTS=test-psidts-fresh");
        for (String page : List.of("/", "/settings", "/credentials")) {
            assertThat(browser.page(page)).as(page).doesNotContain("expiry-banner").doesNotContain("Your Gemini cookies expired");
        }
    }

    @Test
    void showsABannerWhenAGenerationFindsTheApiKeyDeadAndOnlyToItsOwner() {
        Browser owner = signedUp();
        owner.post("/credentials/gemini-api", "apiKey", "test-api-key-dying");
        Browser other = signedUp();
        other.post("/credentials/gemini-api", "apiKey", "test-api-key-living");

        credentials.reportExpired(idOf(owner), ProviderId.GEMINI_API, "Google no longer accepts this API key.");

        assertThat(owner.page("/")).contains(EXPIRED_API_BANNER);
        assertThat(owner.page("/settings")).contains(EXPIRED_API_BANNER);
        assertThat(owner.page("/credentials")).containsSubsequence(EXPIRED_API_BANNER, "status-expired", "Save a new key below.");
        assertThat(other.page("/")).doesNotContain("expiry-banner");

        owner.post("/credentials/gemini-api", "apiKey", "test-api-key-reborn");
        assertThat(owner.page("/")).doesNotContain("expiry-banner");
    }

    private Browser signedUp() {
        String name = Unique.name("cred");
        Account account = accounts.register(new Registration(name, Unique.email(name), PASSWORD, true), Unique.address());
        Browser browser = new Browser(mvc).signedIn(name, PASSWORD);
        ids.put(browser, account.id());
        return browser;
    }

    private long idOf(Browser browser) {
        return ids.get(browser);
    }

    private static String paste(String format, String psid, String psidts) {
        return switch (format) {
            case "header" -> "Cookie: NID=NID-value; __Secure-1PSID=" + psid + "; SID=other; __Secure-1PSIDTS=" + psidts;
            case "json" -> """
                    [{"domain": ".google.com", "name": "NID", "value": "NID-value"},
                     {"domain": ".google.com", "name": "__Secure-1PSID", "value": "%s"},
                     {"domain": ".google.com", "name": "__Secure-1PSIDTS", "value": "%s"}]""".formatted(psid, psidts);
            default -> """
                    # Netscape HTTP Cookie File
                    .google.com\tTRUE\t/\tTRUE\t1893456000\tNID\tNID-value
                    .google.com\tTRUE\t/\tTRUE\t1893456000\t__Secure-1PSID\t%s
                    .google.com\tTRUE\t/\tTRUE\t1893456000\t__Secure-1PSIDTS\t%s
                    """.formatted(psid, psidts);
        };
    }

}
