package app.atelier.dashboard;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.account.Registration;
import app.atelier.credentials.Credentials;
import app.atelier.gallery.Image;
import app.atelier.generation.Generation;
import app.atelier.generation.GenerationRequest;
import app.atelier.generation.Generations;
import app.atelier.provider.ProviderId;
import app.atelier.provider.gemini.web.FakeGeminiWebServer;
import app.atelier.quota.Quotas;
import app.atelier.support.Browser;
import app.atelier.support.FakeUpstreams;
import app.atelier.support.Html;
import app.atelier.support.MutableClock;
import app.atelier.support.TestClockConfiguration;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The home page over MockMvc: the landing page for visitors, the dashboard for a signed-in person (quota, 30 days,
 * credentials, recent images, quick generate). The clock stands still, so "today" cannot move during a test.
 */
@SpringBootTest(properties = { "atelier.quota.tiers.free.per-minute=1000", "spring.application.name=dashboard-pages" })
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
class DashboardPagesTests {

    private static final String PASSWORD = "walnut comet harbour";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

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
    Generations generations;

    @Autowired
    Credentials credentials;

    @Autowired
    Quotas quotas;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    private final Map<Browser, Long> ids = new IdentityHashMap<>();

    @Test
    void visitorsKeepTheLandingPage() {
        String html = squashed(new Browser(mvc).page("/"));

        assertThat(html).contains("Your own image studio for Google Gemini")
            .contains("href=\"/register\"")
            .doesNotContain("Quick generate")
            .doesNotContain("Hello, ");
        Html.assertNoInlineCode(html);
    }

    @Test
    void welcomesABrandNewPersonWithTheFirstStepsAndFriendlyEmptyStates() {
        Browser browser = signedUp();

        String html = page(browser);

        assertThat(html).contains("<h1>Hello, <span>" + nameOf(browser) + "</span></h1>")
            .contains("<a href=\"/\" aria-current=\"page\" class=\"active\">Home</a>")
            .containsSubsequence("Getting started", "Bring your Gemini credentials", "Add your credentials", "Describe an image",
                    "Script it");
        assertThat(html).as("today")
            .contains("<strong>0 of 20</strong> images today · resets at <time datetime=\"" + tomorrow() + "T00:00:00Z\">00:00 UTC</time>")
            .containsPattern("<progress class=\"meter\" aria-labelledby=\"today-title\" aria-describedby=\"today-count\" max=\"20\" value=\"0\">")
            .contains("20 left · up to 1000 generations a minute")
            .contains("<dd id=\"total-images\">0</dd>");
        assertThat(html).as("no chart yet")
            .contains("No images in the last 30 days yet.")
            .contains("Each day's images will show here as bars once you make some.")
            .doesNotContain("<svg class=\"usage-chart\"")
            .doesNotContain("Show the numbers");
        assertThat(html).as("credentials")
            .contains("No credentials yet.")
            .contains("<a class=\"button button-secondary\" href=\"/credentials\">Add a credential</a>")
            .doesNotContain("class=\"credential-states\"");
        assertThat(html).as("recent images")
            .contains("Your images will appear here as soon as you make some.")
            .doesNotContain("Open your gallery");
        assertThat(html).as("quick generate without a credential")
            .containsPattern("<form class=\"form quick-generate\" method=\"post\" action=\"/generate\">")
            .contains("<fieldset class=\"form-body\" disabled=\"disabled\">")
            .contains("You have no credential that works right now. <a href=\"/credentials\">Add one on the Credentials page</a>");
        Html.assertNoInlineCode(html);
    }

    @Test
    void showsTodaysImagesAgainstTheQuotaTheLastThirtyDaysAndTheRecentImages() {
        Browser browser = withApiKey(signedUp());
        Generation first = generated(browser, "a lighthouse at dusk", 2);
        Generation second = generated(browser, "a paper boat on a pond", 1);
        LocalDate busiest = today().minusDays(6);
        delivered(browser, busiest, 9);
        delivered(browser, today().minusDays(40), 50);

        String html = page(browser);

        assertThat(html).doesNotContain("Getting started")
            .contains("<strong>3 of 20</strong> images today")
            .contains("max=\"20\" value=\"3\"")
            .contains("17 left")
            .contains("<dd id=\"total-images\">62</dd>")
            .contains("12 images in the last 30 days; the most on " + DAY.format(busiest) + " (9).")
            .contains("<title>Today, " + DAY.format(today()) + ": 3 images</title>")
            .contains("<title>" + DAY.format(busiest) + ": 9 images</title>")
            .contains("<title>" + DAY.format(today().minusDays(1)) + ": 0 images</title>")
            .containsPattern("<title>" + DAY.format(busiest) + ": 9 images</title><rect class=\"chart-bar\" rx=\"1\" x=\"\\d+\" y=\"0\" width=\"7\" height=\"100\"/>")
            .contains("<rect class=\"chart-bar chart-bar-today\" rx=\"1\" x=\"291\" y=\"67\" width=\"7\" height=\"33\"/>")
            .contains("<title id=\"usage-chart-title\">Images per day over the last 30 days</title>")
            .containsSubsequence("Show the numbers", "<td><time datetime=\"" + today() + "\">Today</time></td> <td>3</td>",
                    "<td>9</td>");
        assertThat(count(html, "<rect class=\"chart-bar")).isEqualTo(30);
        assertThat(count(html, "<rect class=\"chart-bar chart-bar-zero\"")).isEqualTo(28);
        assertThat(html).as("the credential")
            .containsPattern("<li id=\"state-gemini-api\"> <span class=\"credential-name\">Gemini API key</span> <span class=\"badge status status-valid\">valid</span> </li>")
            .contains("<a href=\"/credentials\">Manage your credentials</a>");
        List<Long> newestFirst = new ArrayList<>();
        second.images().forEach(image -> newestFirst.add(image.id()));
        for (int i = first.images().size() - 1; i >= 0; i--) {
            newestFirst.add(first.images().get(i).id());
        }
        assertThat(thumbnails(html)).containsExactlyElementsOf(newestFirst);
        assertThat(html).contains("<a class=\"thumb\" href=\"/api/v1/images/" + second.images().get(0).id() + "/content\">")
            .contains("alt=\"a paper boat on a pond\"")
            .contains("<a href=\"/gallery\">Open your gallery</a>");
        assertThat(html).as("quick generate")
            .contains("<fieldset class=\"form-body\">")
            .contains("<textarea id=\"quick-prompt\" name=\"prompt\"");
        Html.assertNoInlineCode(html);
    }

    @Test
    void showsTheLatestEightImagesOfTheOwnerOnly() {
        Browser owner = withApiKey(signedUp());
        List<Image> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.addAll(generated(owner, "a set of four, number " + i, 4).images());
        }
        Browser other = withApiKey(signedUp());
        Generation theirs = generated(other, "someone else's secret sketch", 1);

        List<Long> shown = thumbnails(page(owner));

        List<Long> latest = made.stream().map(Image::id).sorted((a, b) -> Long.compare(b, a)).limit(8).toList();
        assertThat(shown).containsExactlyElementsOf(latest);
        assertThat(page(owner)).doesNotContain("someone else's secret sketch");
        assertThat(thumbnails(page(other))).containsExactly(theirs.images().get(0).id());
    }

    @Test
    void saysWhenTodaysQuotaIsSpent() {
        Browser browser = withApiKey(signedUp());
        generated(browser, "two small birds", 2);
        quotas.setOverride(idOf(browser), 2);

        String html = page(browser);

        assertThat(html).contains("<strong>2 of 2</strong> images today")
            .contains("<progress class=\"meter meter-full\"")
            .contains("max=\"2\" value=\"2\"")
            .contains("Nothing left today; come back after the reset.");
    }

    @Test
    void showsTheStateOfEveryCredential() {
        Browser browser = withApiKey(signedUp());
        web.signIn("test-psid-dash", "test-psidts-dash");
        assertThat(browser.post("/credentials/gemini-web", "psid", "test-psid-dash", "psidts", "test-psidts-dash")).hasRedirectedUrl("/credentials");
        credentials.reportExpired(idOf(browser), ProviderId.GEMINI_WEB, "signed out");

        String html = page(browser);

        assertThat(html).contains("<span class=\"credential-name\">Gemini web cookies</span> <span class=\"badge status status-expired\">expired</span>")
            .contains("<span class=\"credential-name\">Gemini API key</span> <span class=\"badge status status-valid\">valid</span>")
            .doesNotContain("test-psid-dash")
            .doesNotContain("No credentials yet.");
    }

    @Test
    void theQuickGenerateBoxQueuesAGenerationWithTheDefaults() {
        Browser browser = withApiKey(signedUp());
        String html = page(browser);
        Matcher form = Pattern.compile("<form class=\"form quick-generate\" method=\"post\" action=\"([^\"]+)\">").matcher(html);
        assertThat(form.find()).isTrue();

        MvcTestResult posted = browser.post(form.group(1), "prompt", "a quick sketch of a cat");

        assertThat(posted).hasStatus(302);
        Generation queued = generations.recent(idOf(browser), 1).get(0);
        assertThat(queued.prompt()).isEqualTo("a quick sketch of a cat");
        assertThat(queued.aspectRatio().id()).isEqualTo("1:1");
        assertThat(queued.count()).isEqualTo(1);
        assertThat(queued.provider()).isEqualTo(ProviderId.GEMINI_API);
        assertThat(posted.getResponse().getRedirectedUrl()).isEqualTo("/generate?reuse=" + queued.id() + "#job-" + queued.id());
    }

    private Generation generated(Browser browser, String prompt, int count) {
        Generation queued = generations.submit(idOf(browser), new GenerationRequest(prompt, "gemini-api", null, null, count));
        await().atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> generations.find(idOf(browser), queued.id()).orElseThrow().status().terminal());
        Generation done = generations.find(idOf(browser), queued.id()).orElseThrow();
        assertThat(done.images()).hasSize(count);
        return done;
    }

    /** Images delivered on an earlier day, as the quota ledger records them. */
    private void delivered(Browser browser, LocalDate day, int images) {
        jdbc.sql("INSERT INTO quota_days (account_id, day, reserved, committed) VALUES (:account, :day, 0, :images)")
            .param("account", idOf(browser))
            .param("day", day.toString())
            .param("images", images)
            .update();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private LocalDate tomorrow() {
        return today().plusDays(1);
    }

    private static List<Long> thumbnails(String html) {
        List<Long> found = new ArrayList<>();
        Matcher matcher = Pattern.compile("<img src=\"/api/v1/images/(\\d+)/thumbnail\"").matcher(html);
        while (matcher.find()) {
            found.add(Long.parseLong(matcher.group(1)));
        }
        return found;
    }

    private static int count(String html, String text) {
        return html.split(Pattern.quote(text), -1).length - 1;
    }

    private static String page(Browser browser) {
        return squashed(browser.page("/"));
    }

    private static String squashed(String html) {
        return html.replaceAll("\\s+", " ");
    }

    private Browser signedUp() {
        String name = Unique.name("dash");
        Account account = accounts.register(new Registration(name, Unique.email(name), PASSWORD, true), Unique.address());
        Browser browser = new Browser(mvc).signedIn(name, PASSWORD);
        ids.put(browser, account.id());
        return browser;
    }

    private Browser withApiKey(Browser browser) {
        assertThat(browser.post("/credentials/gemini-api", "apiKey", "test-key-dash")).hasRedirectedUrl("/credentials");
        return browser;
    }

    private long idOf(Browser browser) {
        return ids.get(browser);
    }

    private String nameOf(Browser browser) {
        return accounts.find(idOf(browser)).orElseThrow().username();
    }

}
