package app.atelier.generation;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.account.Registration;
import app.atelier.provider.gemini.web.FakeGeminiWebServer;
import app.atelier.quota.Quotas;
import app.atelier.support.Browser;
import app.atelier.support.FakeUpstreams;
import app.atelier.support.Html;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/** The generate page over MockMvc, with the fake upstreams doing the work: the form, submit with and without htmx, cards, reuse, cancel. */
@SpringBootTest(properties = { "atelier.quota.tiers.slow.per-minute=1", "atelier.quota.tiers.slow.daily-images=100" })
@AutoConfigureMockMvc
class GeneratePagesTests {

    private static final String PASSWORD = "copper meadow lantern";

    private static final String PSID = "test-psid-page";

    private static final String PSIDTS = "test-psidts-page";

    /** The fake web app holds its answer to this prompt for 30 s: a generation that stays running while a test looks. */
    private static final String STALLING = "a slow harbour at night [fake:stall]";

    @RegisterExtension
    static final FakeUpstreams fakes = new FakeUpstreams();

    private static final FakeGeminiWebServer web = fakes.web();

    static {
        web.signIn(PSID, PSIDTS);
    }

    @DynamicPropertySource
    static void pointAtTheFakes(DynamicPropertyRegistry registry) {
        fakes.pointApplicationAt(registry);
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Accounts accounts;

    @Autowired
    Generations generations;

    @Autowired
    Quotas quotas;

    @Autowired
    JdbcClient jdbc;

    private final Map<Browser, Long> ids = new IdentityHashMap<>();

    @Test
    void showsTheFormWithRatiosStylesCountsAndTheQuota() {
        Browser browser = withApiKey(signedUp());

        String html = page(browser, "/generate");

        assertThat(html).contains("<a href=\"/generate\" class=\"nav-generate active\" aria-current=\"page\">Generate</a>")
            .containsPattern("<form id=\"generate-form\"[^>]*method=\"post\" action=\"/generate\"[^>]*hx-post=\"/generate\"")
            .containsPattern("<input type=\"hidden\" name=\"_csrf\"")
            .containsPattern("<textarea id=\"prompt\" name=\"prompt\"[^>]*aria-describedby=\"prompt-counter prompt-hint\"[^>]*data-max=\"4000\"")
            .contains("<span id=\"prompt-count\">0</span> / 4000");
        assertThat(html).as("the only usable credential, chosen")
            .containsPattern("<input type=\"radio\" class=\"option-input\" name=\"provider\" id=\"provider-gemini-api\" value=\"gemini-api\"[^>]*checked=\"checked\">")
            .doesNotContain("provider-gemini-web")
            .doesNotContain("id=\"ratio-hint\"");
        assertThat(html).as("the ratios, 1:1 chosen")
            .containsSubsequence("<legend>Aspect ratio</legend>", "value=\"1:1\" checked=\"checked\"", "ratio-box ratio-1-1", "value=\"16:9\"",
                    "ratio-box ratio-16-9", "value=\"9:16\"", "value=\"4:3\"", "value=\"3:4\"", "value=\"3:2\"", "value=\"2:3\"",
                    "value=\"21:9\"", "ratio-box ratio-21-9");
        assertThat(count(html, "name=\"aspectRatio\"")).isEqualTo(8);
        assertThat(html).as("the styles in their groups")
            .containsSubsequence("<select id=\"style\" name=\"style\"", "<option value=\"\" selected=\"selected\">No style</option>",
                    "<optgroup label=\"Photo\">", "<option value=\"cinematic-photo\">Cinematic photo</option>", "</optgroup>",
                    "<optgroup label=\"Illustration\">", "<option value=\"watercolour\">", "<optgroup label=\"Craft\">", "</select>");
        assertThat(html).as("the counts")
            .containsSubsequence("<legend>Images</legend>", "value=\"1\" checked=\"checked\"", "value=\"2\"", "value=\"3\"", "value=\"4\"");
        assertThat(count(html, "name=\"count\"")).isEqualTo(4);
        assertThat(html).as("the quota")
            .containsSubsequence("id=\"quota\"", "<strong>20 of 20</strong> images left today · resets at", "00:00 UTC</time>",
                    "Up to 5 generations a minute");
        assertThat(html).as("no generations yet").contains("Nothing yet.").doesNotContain("class=\"card job ");
        assertThat(html).as("nothing unfinished to refresh for").doesNotContain("http-equiv=\"refresh\"");
        Html.assertNoInlineCode(html);
    }

    @Test
    void offersBothCredentialsWithTheApiKeyFirstAndSaysWhenRatiosAreEmulated() {
        Browser browser = withWebCookies(withApiKey(signedUp()));

        String html = page(browser, "/generate");

        assertThat(html).containsSubsequence("id=\"provider-gemini-api\" value=\"gemini-api\" checked=\"checked\"", "Gemini API key",
                "Official; native ratios", "id=\"provider-gemini-web\" value=\"gemini-web\"", "Gemini web cookies", "Unofficial; ratios are emulated")
            .doesNotContainPattern("value=\"gemini-web\"[^>]*checked")
            .contains("<span class=\"emulated-mark\">emulated</span>")
            .containsSubsequence("id=\"ratio-hint\"", "Gemini web cookies can't ask for a ratio")
            .containsPattern("id=\"aspect-16-9\"[^>]*aria-describedby=\"ratio-hint\"");
    }

    @Test
    void withoutCredentialsShowsTheWayToTheCredentialsPageAndADisabledForm() {
        Browser browser = signedUp();

        String html = page(browser, "/generate");

        assertThat(html).containsSubsequence("id=\"no-credentials\"", "Add a credential to start", "<a class=\"button\" href=\"/credentials\">")
            .contains("<fieldset class=\"form-body\" disabled=\"disabled\">")
            .doesNotContain("name=\"provider\"");
        Html.assertNoInlineCode(html);
    }

    @Test
    void aPostWithoutCredentialsIsRefusedWithAWayToTheCredentialsPage() {
        Browser browser = signedUp();

        MvcTestResult refused = browser.post("/generate", "prompt", "a fox in the snow", "aspectRatio", "1:1", "count", "1");

        assertThat(refused).hasStatus(409);
        assertThat(body(refused)).containsSubsequence("id=\"generate-problem\"", "Add your Gemini API key or Gemini cookies on the Credentials page first.",
                "<a href=\"/credentials\">Open Credentials</a>", "a fox in the snow</textarea>");
    }

    @Test
    void refusedFieldsAreMarkedBesideThemAndWhatWasTypedStays() {
        Browser browser = withApiKey(signedUp());
        String tooLong = "🦊".repeat(Generations.MAX_PROMPT_LENGTH + 1);

        MvcTestResult refused = browser.post("/generate", "prompt", tooLong, "provider", "gemini-api", "aspectRatio", "21:9", "style", "watercolour",
                "count", "7");

        assertThat(refused).hasStatus(422);
        String html = body(refused);
        assertThat(html).containsSubsequence("id=\"generate-problem\"", "Some fields need attention.")
            .containsPattern("<textarea id=\"prompt\"[^>]*aria-describedby=\"prompt-counter prompt-hint prompt-error\"[^>]*aria-invalid=\"true\"")
            .contains(tooLong + "</textarea>")
            .containsSubsequence("class=\"counter counter-over\"", "<span id=\"prompt-count\">4001</span> / 4000")
            .containsSubsequence("id=\"prompt-error\"", "The prompt is 4001 characters long; the limit is 4000.")
            .containsPattern("id=\"aspect-21-9\" value=\"21:9\"[^>]*checked=\"checked\"")
            .contains("<option value=\"watercolour\" selected=\"selected\">")
            .containsPattern("id=\"count-1\" value=\"1\"[^>]*aria-describedby=\"count-error\" aria-invalid=\"true\"")
            .doesNotContainPattern("name=\"count\"[^>]*checked")
            .containsSubsequence("id=\"count-error\"", "Ask for 1 to 4 images.");
        assertThat(generations.recent(idOf(browser), 5)).isEmpty();
    }

    @Test
    void aSingleRefusedFieldNeedsNoSummary() {
        Browser browser = withApiKey(signedUp());

        MvcTestResult refused = browser.post("/generate", "prompt", "   ", "aspectRatio", "16:9", "count", "2");

        assertThat(refused).hasStatus(422);
        String html = body(refused);
        assertThat(html).doesNotContain("id=\"generate-problem\"")
            .containsSubsequence("id=\"prompt-error\"", "Describe the image you want.")
            .containsPattern("id=\"count-2\" value=\"2\"[^>]*checked=\"checked\"")
            .containsPattern("id=\"aspect-16-9\" value=\"16:9\"[^>]*checked=\"checked\"");

        MvcTestResult unknownStyle = browser.post("/generate", "prompt", "a fox", "style", "no-such-style");
        assertThat(unknownStyle).hasStatus(422);
        assertThat(body(unknownStyle)).containsPattern("<select id=\"style\" name=\"style\" aria-describedby=\"style-hint style-error\" aria-invalid=\"true\">")
            .containsSubsequence("id=\"style-error\"", "There is no style &quot;no-such-style&quot;")
            .contains("a fox</textarea>");
    }

    @Test
    void saysWhenTheDailyQuotaDoesNotStretchThatFarAndWhenItResets() {
        Browser browser = withApiKey(signedUp());
        quotas.setOverride(idOf(browser), 1);

        MvcTestResult refused = browser.post("/generate", "prompt", "two foxes", "count", "2");

        assertThat(refused).hasStatus(429);
        assertThat(refused.getResponse().getHeader("Retry-After")).matches("[1-9][0-9]*");
        assertThat(body(refused)).containsSubsequence("id=\"generate-problem\"", "You asked for 2 images but only 1 of your daily 1 are left; the quota resets at 00:00 UTC.",
                "two foxes</textarea>", "<strong>1 of 1</strong> images left today");
    }

    @Test
    void saysWhenTheMinuteLimitIsReached() {
        Browser browser = withApiKey(signedUp());
        jdbc.sql("UPDATE accounts SET tier = 'slow' WHERE id = :id").param("id", idOf(browser)).update();
        assertThat(page(browser, "/generate")).contains("Up to 1 generation a minute");

        MvcTestResult refused = null;
        // one request a minute: of three in a row, at most two fall into different minutes
        for (int attempt = 0; attempt < 3 && refused == null; attempt++) {
            MvcTestResult result = browser.post("/generate", "prompt", "a hurried fox", "count", "1");
            if (result.getResponse().getStatus() == 429) {
                refused = result;
            }
        }

        assertThat(refused).isNotNull();
        assertThat(refused.getResponse().getHeader("Retry-After")).matches("[1-9][0-9]*");
        assertThat(body(refused)).containsSubsequence("id=\"generate-problem\"", "You can start 1 generation a minute; try again in",
                "a hurried fox</textarea>");
    }

    @Test
    void aPlainPostQueuesTheGenerationAndRedirectsToThePageThatShowsIt() {
        Browser browser = withApiKey(signedUp());

        MvcTestResult submitted = browser.post("/generate", "prompt", "a lighthouse at dusk", "provider", "gemini-api", "aspectRatio", "16:9",
                "style", "watercolour", "count", "2");

        assertThat(submitted).hasStatus(302);
        Generation generation = generations.recent(idOf(browser), 1).get(0);
        assertThat(generation.prompt()).isEqualTo("a lighthouse at dusk");
        assertThat(generation.aspectRatio().id()).isEqualTo("16:9");
        assertThat(generation.style()).isEqualTo("watercolour");
        assertThat(generation.count()).isEqualTo(2);
        assertThat(submitted).hasRedirectedUrl("/generate?reuse=" + generation.id() + "#job-" + generation.id());
        String html = body(browser.follow(submitted));
        assertThat(html).contains("Queued — your 2 images are on their way.")
            .containsSubsequence("id=\"job-" + generation.id() + "\"", "a lighthouse at dusk", "16:9", "Watercolour", "2 images", "API key")
            .as("the form keeps the request for the next try").contains("a lighthouse at dusk</textarea>");

        awaitEnd(browser, generation.id());
        String done = page(browser, "/generate");
        String card = card(done, generation.id());
        assertThat(card).contains("<span class=\"badge job-status job-status-succeeded\" data-job-status>Done</span>")
            .containsPattern("data-elapsed-ms=\"\\d+\">\\d\\.\\d s|\\d+ s")
            .doesNotContain("data-job-events")
            .doesNotContain("Cancel");
        Generation finished = generations.find(idOf(browser), generation.id()).orElseThrow();
        assertThat(finished.images()).hasSize(2);
        for (var image : finished.images()) {
            assertThat(card).contains("<a class=\"thumb\" href=\"/gallery/" + image.id() + "\">")
                .containsPattern("<img src=\"/api/v1/images/" + image.id() + "/thumbnail\" width=\"" + image.width() + "\" height=\""
                        + image.height() + "\" alt=\"Image \\d of 2, open in the gallery\"");
        }
        assertThat(card).contains("href=\"/generate?reuse=" + generation.id() + "\"");
        assertThat(done).doesNotContain("http-equiv=\"refresh\"");
        assertThat(page(browser, "/generate")).contains("<strong>18 of 20</strong> images left today");
    }

    @Test
    void withHtmxASubmitAnswersTheFormAndTheNewCardWithoutThePage() {
        Browser browser = withApiKey(signedUp());

        MvcTestResult submitted = htmx(browser, "/generate", "prompt", "a fox in a teacup", "aspectRatio", "3:4", "count", "1");

        assertThat(submitted).hasStatus(200);
        String html = body(submitted);
        Generation generation = generations.recent(idOf(browser), 1).get(0);
        assertThat(html).doesNotContain("<html").doesNotContain("site-header")
            .containsSubsequence("<form id=\"generate-form\"", "a fox in a teacup</textarea>", "id=\"aspect-3-4\" value=\"3:4\" checked=\"checked\"",
                    "<strong>19 of 20</strong>", "</form>")
            .contains("Sent. <a href=\"#job-" + generation.id() + "\">See it in your recent generations</a>.")
            .containsSubsequence("<div hx-swap-oob=\"afterbegin:#jobs\">", "id=\"job-" + generation.id() + "\"",
                    "data-job-events=\"/api/v1/generations/" + generation.id() + "/events\"", "a fox in a teacup")
            .containsSubsequence("hx-swap-oob=\"innerHTML:#job-updates\"", "Queued: 1 image.");
        Html.assertNoInlineCode(html);
    }

    @Test
    void withHtmxARefusedSubmitAnswersTheFormWithItsErrors() {
        Browser browser = withApiKey(signedUp());

        MvcTestResult refused = htmx(browser, "/generate", "prompt", "", "aspectRatio", "9:16", "count", "3");

        assertThat(refused).hasStatus(422);
        assertThat(body(refused)).doesNotContain("<html")
            .doesNotContain("hx-swap-oob")
            .containsSubsequence("<form id=\"generate-form\"", "id=\"prompt-error\"", "Describe the image you want.",
                    "id=\"aspect-9-16\" value=\"9:16\" checked=\"checked\"", "id=\"count-3\" value=\"3\" checked=\"checked\"");
    }

    @Test
    void reuseFillsTheFormWithAnEarlierGenerationOfTheSamePersonOnly() {
        Browser owner = withWebCookies(withApiKey(signedUp()));
        Generation generation = generations.submit(idOf(owner),
                new GenerationRequest("a secret garden of glass", "gemini-web", "2:3", "watercolour", 3));

        String html = page(owner, "/generate?reuse=" + generation.id());
        assertThat(html).contains("a secret garden of glass</textarea>")
            .containsPattern("id=\"provider-gemini-web\" value=\"gemini-web\"[^>]*checked=\"checked\"")
            .doesNotContainPattern("value=\"gemini-api\"[^>]*checked")
            .containsPattern("id=\"aspect-2-3\" value=\"2:3\"[^>]*checked=\"checked\"")
            .contains("<option value=\"watercolour\" selected=\"selected\">")
            .containsPattern("id=\"count-3\" value=\"3\"[^>]*checked=\"checked\"")
            .contains("<span id=\"prompt-count\">24</span>");

        Browser other = withApiKey(signedUp());
        String foreign = page(other, "/generate?reuse=" + generation.id());
        assertThat(foreign).doesNotContain("a secret garden of glass")
            .contains("></textarea>")
            .containsPattern("id=\"aspect-1-1\" value=\"1:1\"[^>]*checked=\"checked\"")
            .containsPattern("id=\"count-1\" value=\"1\"[^>]*checked=\"checked\"");
        assertThat(page(other, "/generate?reuse=not-a-number")).contains("></textarea>");
    }

    @Test
    void anUnfinishedGenerationIsWatchedLiveAndRefreshesThePageWithoutJavaScript() {
        Browser browser = withWebCookies(signedUp());
        MvcTestResult submitted = browser.post("/generate", "prompt", STALLING, "provider", "gemini-web", "aspectRatio", "4:3", "count", "1");
        long id = generations.recent(idOf(browser), 1).get(0).id();

        String html = body(browser.follow(submitted));
        assertThat(html).containsSubsequence("<head>", "<noscript><meta http-equiv=\"refresh\" content=\"3\"></noscript>", "</head>");
        String card = card(html, id);
        assertThat(card).contains("data-job-events=\"/api/v1/generations/" + id + "/events\"")
            .contains("data-job-url=\"/generate/jobs/" + id + "\"")
            .containsPattern("job-status-(queued|running)")
            .contains("<span class=\"placeholder ratio-4-3\"></span>")
            .contains("<span>4:3</span> <span class=\"emulated-tag\">emulated</span>")
            .contains("Web cookies")
            .containsPattern("<form method=\"post\" action=\"/generate/jobs/" + id + "/cancel\"[^>]*hx-post=\"/generate/jobs/" + id
                    + "/cancel\" hx-target=\"closest .job\" hx-swap=\"outerHTML\">");
        assertThat(html).containsSubsequence("id=\"job-updates\"", "aria-live=\"polite\"");
        generations.cancel(idOf(browser), id);
    }

    @Test
    void cancelWithoutJavaScriptSaysWhatHappenedAndGivesTheQuotaBack() {
        Browser browser = withWebCookies(signedUp());
        browser.post("/generate", "prompt", STALLING, "count", "2");
        long id = generations.recent(idOf(browser), 1).get(0).id();
        assertThat(page(browser, "/generate")).contains("<strong>18 of 20</strong>");

        MvcTestResult cancelled = browser.post("/generate/jobs/" + id + "/cancel");

        assertThat(cancelled).hasStatus(302).hasRedirectedUrl("/generate#job-" + id);
        String html = body(browser.follow(cancelled));
        assertThat(html).contains("Cancelled. Its 2 images are back in today&#39;s quota.")
            .contains("<strong>20 of 20</strong>")
            .doesNotContain("http-equiv=\"refresh\"");
        assertThat(card(html, id)).contains("job-status-cancelled").contains("You cancelled this generation.").doesNotContain(">Cancel<");

        MvcTestResult again = browser.post("/generate/jobs/" + id + "/cancel");
        assertThat(body(browser.follow(again))).containsSubsequence("flash-error", "This generation has already been cancelled");
    }

    @Test
    void cancelWithHtmxAnswersTheCardWithTheOutcomeAndTheQuota() {
        Browser browser = withWebCookies(signedUp());
        browser.post("/generate", "prompt", STALLING, "count", "1");
        long id = generations.recent(idOf(browser), 1).get(0).id();

        MvcTestResult cancelled = htmx(browser, "/generate/jobs/" + id + "/cancel");

        assertThat(cancelled).hasStatus(200);
        String html = body(cancelled);
        assertThat(html).doesNotContain("<html")
            .containsSubsequence("<article class=\"card job job-cancelled\" id=\"job-" + id + "\"", "Cancelled",
                    "<p class=\"job-note\" role=\"status\">Cancelled. Its image is back in today&#39;s quota.</p>", "</article>")
            .doesNotContain("data-job-events")
            .containsSubsequence("<p id=\"quota\" class=\"quota\" hx-swap-oob=\"true\">", "<strong>20 of 20</strong>");
    }

    @Test
    void aCardIsServedOnlyToItsOwner() {
        Browser owner = withApiKey(signedUp());
        Generation generation = generations.submit(idOf(owner), new GenerationRequest("my own fox", null, null, null, null));
        awaitEnd(owner, generation.id());

        MvcTestResult card = htmxGet(owner, "/generate/jobs/" + generation.id());
        assertThat(card).hasStatus(200);
        assertThat(body(card)).containsSubsequence("id=\"job-" + generation.id() + "\"", "job-status-succeeded", "my own fox", "class=\"thumb\"")
            .contains("hx-swap-oob=\"true\"")
            .doesNotContain("<html");

        Browser other = withApiKey(signedUp());
        assertThat(other.get("/generate/jobs/" + generation.id())).hasStatus(404);
        assertThat(body(other.get("/generate/jobs/" + generation.id()))).doesNotContain("my own fox");
        assertThat(other.post("/generate/jobs/" + generation.id() + "/cancel")).hasStatus(404);
        assertThat(other.get("/generate/jobs/not-a-number")).hasStatus(404);
    }

    @Test
    void aFailedGenerationSaysWhyAndWhereToFixExpiredCredentials() {
        String psid = "test-psid-dies-" + Unique.name("p");
        web.signIn(psid, "test-psidts-dies");
        Browser browser = signedUp();
        browser.post("/credentials/gemini-web", "psid", psid, "psidts", "test-psidts-dies");
        browser.post("/credentials/gemini-api", "apiKey", "test-key-page");
        Generation blocked = generations.submit(idOf(browser), new GenerationRequest("a fox [block]", "gemini-api", null, null, null));
        web.signOut(psid);
        Generation expired = generations.submit(idOf(browser), new GenerationRequest("a fox at noon", "gemini-web", null, null, null));
        awaitEnd(browser, blocked.id());
        awaitEnd(browser, expired.id());

        String html = page(browser, "/generate");

        assertThat(card(html, expired.id())).contains("job-status-failed")
            .containsSubsequence("<p class=\"job-error\">", "Your Gemini cookies expired — update them on the Credentials page, then try again.",
                    "<a href=\"/credentials\">Open Credentials</a>");
        assertThat(card(html, blocked.id())).contains("job-status-failed").contains("<p class=\"job-error\">").doesNotContain("/credentials");
    }

    @Test
    void refusesFormsWithoutTheCsrfToken() {
        Browser browser = withApiKey(signedUp());
        assertThat(browser.postWithoutCsrf("/generate", "prompt", "a forged fox")).hasStatus(403);
        assertThat(generations.recent(idOf(browser), 1)).isEmpty();
    }

    @Test
    void asksStrangersToSignIn() {
        assertThat(new Browser(mvc).get("/generate")).hasStatus(302).hasRedirectedUrl("/login");
    }

    /** A form post as htmx sends it. */
    private MvcTestResult htmx(Browser browser, String uri, String... fields) {
        MockMvcRequestBuilder request = mvc.post().uri(uri).with(csrf()).header("HX-Request", "true");
        for (int i = 0; i < fields.length; i += 2) {
            request.param(fields[i], fields[i + 1]);
        }
        return browser.exchange(request);
    }

    private MvcTestResult htmxGet(Browser browser, String uri) {
        return browser.exchange(mvc.get().uri(uri).header("HX-Request", "true"));
    }

    private void awaitEnd(Browser browser, long id) {
        await().atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> generations.find(idOf(browser), id).orElseThrow().status().terminal());
    }

    /** A page's HTML with every run of white space as one space, as a reader of the markup sees it. */
    private static String page(Browser browser, String uri) {
        return squashed(browser.page(uri));
    }

    private static String body(MvcTestResult result) {
        return squashed(Browser.body(result));
    }

    private static String squashed(String html) {
        return html.replaceAll("\\s+", " ");
    }

    /** The HTML of one generation's card. */
    private static String card(String html, long id) {
        Matcher matcher = Pattern.compile("<article class=\"card job[^\"]*\" id=\"job-" + id + "\".*?</article>", Pattern.DOTALL).matcher(html);
        assertThat(matcher.find()).as("the page shows generation %d", id).isTrue();
        return matcher.group();
    }

    private static int count(String html, String text) {
        return html.split(Pattern.quote(text), -1).length - 1;
    }

    private Browser signedUp() {
        String name = Unique.name("gen");
        Account account = accounts.register(new Registration(name, Unique.email(name), PASSWORD, true), Unique.address());
        Browser browser = new Browser(mvc).signedIn(name, PASSWORD);
        ids.put(browser, account.id());
        return browser;
    }

    private Browser withApiKey(Browser browser) {
        assertThat(browser.post("/credentials/gemini-api", "apiKey", "test-key-page")).hasRedirectedUrl("/credentials");
        return browser;
    }

    private Browser withWebCookies(Browser browser) {
        assertThat(browser.post("/credentials/gemini-web", "psid", PSID, "psidts", PSIDTS)).hasRedirectedUrl("/credentials");
        return browser;
    }

    private long idOf(Browser browser) {
        return ids.get(browser);
    }

}
