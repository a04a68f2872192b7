package app.atelier.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.account.Registration;
import app.atelier.quota.Quotas;
import app.atelier.support.ApiUser;
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
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.support.ApiUser.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The history page over MockMvc: every generation with its outcome, the status filter, paging, retry; and the API's filter. */
@SpringBootTest(properties = { "atelier.quota.tiers.free.per-minute=1000", "atelier.quota.tiers.free.daily-images=1000" })
@AutoConfigureMockMvc
class HistoryPagesTests {

    private static final String PASSWORD = "amber heron kettle";

    @RegisterExtension
    static final FakeUpstreams fakes = new FakeUpstreams();

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
    void showsANewPersonTheWayToTheirFirstImage() {
        Browser browser = signedUp();

        String html = page(browser, "/history");

        assertThat(html).contains("<h1>History</h1>")
            .contains("<a href=\"/history\" aria-current=\"page\" class=\"active\">History</a>")
            .contains("Nothing yet — make your first image")
            .contains("<a class=\"button\" href=\"/generate\">Make your first image</a>")
            .doesNotContain("id=\"history-jobs\"")
            .doesNotContain("Load more");
        Html.assertNoInlineCode(html);
    }

    @Test
    void listsEveryGenerationNewestFirstWithItsParametersOutcomeAndActions() {
        Browser browser = withApiKey(signedUp());
        Generation succeeded = generated(browser, "a lighthouse at dusk", "16:9", "watercolour", 2);
        Generation failed = generated(browser, "a forbidden garden [block:SAFETY]", "1:1", null, 1);
        long cancelled = row(browser, "cancelled", "a paper boat", "cancelled", "You cancelled this generation.");

        String html = page(browser, "/history");

        assertThat(html).containsSubsequence("id=\"job-" + cancelled + "\"", "id=\"job-" + failed.id() + "\"", "id=\"job-" + succeeded.id() + "\"");
        String done = card(html, succeeded.id());
        assertThat(done).contains("a lighthouse at dusk")
            .contains(">Done</span>")
            .contains("<span>16:9</span>")
            .contains("<span>Watercolour</span>")
            .contains("<span>2 images</span>")
            .contains("<span>API key</span>")
            .containsPattern("<time class=\"job-time\" datetime=\"[^\"]+\">\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d\\d:\\d\\d UTC</time>")
            .containsPattern("<span class=\"job-elapsed\"[^>]*>\\d+\\.\\d s</span>")
            .contains("href=\"/generate?reuse=" + succeeded.id() + "\"")
            .doesNotContain("/retry");
        for (var image : succeeded.images()) {
            assertThat(done).contains("<img src=\"/api/v1/images/" + image.id() + "/thumbnail\"");
        }
        assertThat(done.split("<img ", -1)).hasSize(3);
        String refused = card(html, failed.id());
        assertThat(refused).contains(">Failed</span>")
            .contains("Gemini answered without an image")
            .contains("SAFETY")
            .contains("<span>No style</span>")
            .contains("<form method=\"post\" action=\"/history/" + failed.id() + "/retry\">")
            .doesNotContain("<img ")
            .doesNotContain("href=\"/credentials\"");
        assertThat(card(html, cancelled)).contains(">Cancelled</span>")
            .contains("You cancelled this generation.")
            .contains("action=\"/history/" + cancelled + "/retry\"");
        Html.assertNoInlineCode(html);
    }

    @Test
    void aFailureOfExpiredCredentialsLinksToTheCredentialsPage() {
        Browser browser = signedUp();
        long expired = row(browser, "failed", "a fox in snow", "credentials_expired",
                "Your Gemini cookies expired — update them on the Credentials page, then try again.");

        String failure = card(page(browser, "/history"), expired);

        assertThat(failure).containsPattern("<p class=\"job-error\">\\s*Your Gemini cookies expired — update them on the Credentials page, then try again.\\s*"
                + "<a href=\"/credentials\">Open Credentials</a>");
    }

    @Test
    void filtersByStatusAndMarksTheChosenFilter() {
        Browser browser = signedUp();
        long succeeded = row(browser, "succeeded", "a done job", null, null);
        long failed = row(browser, "failed", "a failed job", "timeout", "Google did not answer in time.");
        long cancelled = row(browser, "cancelled", "a cancelled job", "cancelled", "You cancelled this generation.");
        long running = row(browser, "running", "a running job", null, null);

        assertThat(shown(page(browser, "/history"))).containsExactly(running, cancelled, failed, succeeded);
        assertThat(shown(page(browser, "/history?status=succeeded"))).containsExactly(succeeded);
        assertThat(shown(page(browser, "/history?status=failed"))).containsExactly(failed);
        assertThat(shown(page(browser, "/history?status=cancelled"))).containsExactly(cancelled);
        String inProgress = page(browser, "/history?status=in-progress");
        assertThat(shown(inProgress)).containsExactly(running);
        assertThat(inProgress).contains("<a href=\"/history?status=in-progress\" aria-current=\"page\" class=\"active\">In progress</a>")
            .contains("<a href=\"/history\">All</a>")
            .contains("<a href=\"/history?status=failed\">Failed</a>");
        assertThat(card(inProgress, running)).as("an unfinished card is watched live")
            .contains("data-job-events=\"/api/v1/generations/" + running + "/events\"");
        assertThat(shown(page(browser, "/history?status=no-such-status"))).containsExactly(running, cancelled, failed, succeeded);
    }

    @Test
    void aFilterThatMatchesNothingSaysSoAndLeadsBackToEverything() {
        Browser browser = signedUp();
        row(browser, "succeeded", "a done job", null, null);

        String html = page(browser, "/history?status=failed");

        assertThat(html).contains("No failed generations.")
            .contains("<a href=\"/history\">Show all generations</a>")
            .doesNotContain("Nothing yet — make your first image");
    }

    @Test
    void pagesOlderGenerationsByCursorWithAPlainLinkAndWithHtmx() {
        Browser browser = signedUp();
        List<Long> rows = new ArrayList<>();
        for (int i = 1; i <= 45; i++) {
            rows.add(row(browser, "succeeded", "job number " + i, null, null));
        }
        List<Long> newestFirst = new ArrayList<>(rows);
        Collections.reverse(newestFirst);

        String first = page(browser, "/history");
        assertThat(shown(first)).containsExactlyElementsOf(newestFirst.subList(0, 20));
        String more = loadMoreLink(first);
        assertThat(more).startsWith("/history?cursor=");

        String second = page(browser, more);
        assertThat(shown(second)).containsExactlyElementsOf(newestFirst.subList(20, 40));
        assertThat(second).contains("<a href=\"/history\">Back to the newest</a>").contains("<h1>History</h1>");

        MvcTestResult fragment = browser.exchange(mvc.get().uri(more).header("HX-Request", "true"));
        assertThat(fragment).hasStatus(200);
        String rowsOnly = squashed(Browser.body(fragment));
        assertThat(shown(rowsOnly)).containsExactlyElementsOf(newestFirst.subList(20, 40));
        assertThat(rowsOnly).doesNotContain("<html").doesNotContain("site-header").doesNotContain("<h1>")
            .contains("<div hx-swap-oob=\"innerHTML:#job-updates\">20 more generations loaded.</div>");
        String third = loadMoreLink(rowsOnly);
        assertThat(rowsOnly).containsPattern("<a class=\"button button-secondary\" href=\"[^\"]+\" hx-get=\"" + Pattern.quote(third.replace("&", "&amp;"))
                + "\" hx-target=\"closest .history-more\" hx-swap=\"outerHTML\">Load more</a>");

        String last = page(browser, third);
        assertThat(shown(last)).containsExactlyElementsOf(newestFirst.subList(40, 45));
        assertThat(last).doesNotContain("Load more");
    }

    @Test
    void theLoadMoreLinkKeepsTheFilter() {
        Browser browser = signedUp();
        List<Long> failed = new ArrayList<>();
        for (int i = 1; i <= 22; i++) {
            failed.add(row(browser, "failed", "failed number " + i, "timeout", "Google did not answer in time."));
            row(browser, "succeeded", "done number " + i, null, null);
        }

        String first = page(browser, "/history?status=failed");
        String more = loadMoreLink(first);

        assertThat(more).startsWith("/history?status=failed&cursor=");
        assertThat(shown(page(browser, more))).containsExactly(failed.get(1), failed.get(0));
    }

    @Test
    void retryQueuesTheSameParametersAgainAndShowsTheNewJobOnTheGeneratePage() {
        Browser browser = withApiKey(signedUp());
        long cancelled = row(browser, "cancelled", "a red kite over hills", "cancelled", "You cancelled this generation.");
        jdbc.sql("UPDATE generation_jobs SET aspect_ratio = '3:4', style = 'watercolour', count = 2 WHERE id = :id").param("id", cancelled).update();

        MvcTestResult retried = browser.post("/history/" + cancelled + "/retry");

        Generation again = generations.recent(idOf(browser), 1).get(0);
        assertThat(again.id()).isNotEqualTo(cancelled);
        assertThat(again.prompt()).isEqualTo("a red kite over hills");
        assertThat(again.aspectRatio().id()).isEqualTo("3:4");
        assertThat(again.style()).isEqualTo("watercolour");
        assertThat(again.count()).isEqualTo(2);
        assertThat(again.provider().id()).isEqualTo("gemini-api");
        assertThat(retried).hasStatus(302).hasRedirectedUrl("/generate?reuse=" + again.id() + "#job-" + again.id());
        String generate = squashed(Browser.body(browser.follow(retried)));
        assertThat(generate).contains("Sent again — your 2 images are on their way.").contains("id=\"job-" + again.id() + "\"");
        awaitEnd(browser, again.id());
        assertThat(shown(page(browser, "/history"))).startsWith(again.id(), cancelled);
        assertThat(quotas.history(idOf(browser), 1).get(0).images()).isEqualTo(2);
    }

    @Test
    void aRetryTheQuotaRefusesSaysWhyAndQueuesNothing() {
        Browser browser = withApiKey(signedUp());
        long failed = row(browser, "failed", "four cats", "timeout", "Google did not answer in time.");
        jdbc.sql("UPDATE generation_jobs SET count = 4 WHERE id = :id").param("id", failed).update();
        quotas.setOverride(idOf(browser), 3);

        MvcTestResult retried = browser.post("/history/" + failed + "/retry");

        assertThat(retried).hasStatus(302).hasRedirectedUrl("/generate?reuse=" + failed);
        String generate = squashed(Browser.body(browser.follow(retried)));
        assertThat(generate).contains("Not sent again: You asked for 4 images but only 3 of your daily 3 are left")
            .contains(">four cats</textarea>");
        assertThat(jobCount(browser)).isEqualTo(1);
    }

    @Test
    void aRetryWithoutTheCredentialItUsedSaysWhatToDo() {
        Browser browser = signedUp();
        long failed = row(browser, "failed", "a fox in snow", "credentials_expired",
                "Your Gemini cookies expired — update them on the Credentials page, then try again.");
        jdbc.sql("UPDATE generation_jobs SET provider = 'gemini-web' WHERE id = :id").param("id", failed).update();

        MvcTestResult retried = browser.post("/history/" + failed + "/retry");

        assertThat(retried).hasRedirectedUrl("/generate?reuse=" + failed);
        assertThat(squashed(Browser.body(browser.follow(retried)))).contains("Not sent again: You have no usable Gemini cookies");
        assertThat(jobCount(browser)).isEqualTo(1);
    }

    @Test
    void anotherPersonsGenerationCannotBeRetriedAndStaysUnseen() {
        Browser owner = signedUp();
        long theirs = row(owner, "failed", "a secret orchard at noon", "timeout", "Google did not answer in time.");
        Browser stranger = withApiKey(signedUp());

        MvcTestResult retried = stranger.post("/history/" + theirs + "/retry");

        assertThat(retried).hasStatus(404);
        assertThat(Browser.body(retried)).doesNotContain("a secret orchard at noon");
        assertThat(stranger.post("/history/not-a-number/retry")).hasStatus(404);
        assertThat(stranger.post("/history/" + (theirs + 100_000) + "/retry")).hasStatus(404);
        assertThat(jobCount(stranger)).isZero();
        assertThat(jobCount(owner)).isEqualTo(1);
        assertThat(page(stranger, "/history")).doesNotContain("a secret orchard at noon");
    }

    @Test
    void retryNeedsTheCsrfToken() {
        Browser browser = withApiKey(signedUp());
        long failed = row(browser, "failed", "a quiet pond", "timeout", "Google did not answer in time.");

        assertThat(browser.postWithoutCsrf("/history/" + failed + "/retry")).hasStatus(403);
        assertThat(jobCount(browser)).isEqualTo(1);
    }

    @Test
    void asksStrangersToSignIn() {
        MvcTestResult history = new Browser(mvc).get("/history");

        assertThat(history).hasStatus(302);
        assertThat(history.getResponse().getRedirectedUrl()).endsWith("/login");
    }

    @Test
    void theApiFiltersTheListByStatus() {
        ApiUser user = ApiUser.register(mvc, "hist");
        long succeeded = row(user.id(), "succeeded", "a done job", null, null);
        long failed = row(user.id(), "failed", "a failed job", "timeout", "Google did not answer in time.");
        long running = row(user.id(), "running", "a running job", null, null);

        assertThat(apiIds(user, "/api/v1/generations?status=failed")).containsExactly(failed);
        assertThat(apiIds(user, "/api/v1/generations?status=queued,running")).containsExactly(running);
        assertThat(apiIds(user, "/api/v1/generations?status=succeeded,failed")).containsExactly(failed, succeeded);
        assertThat(apiIds(user, "/api/v1/generations?status=")).containsExactly(running, failed, succeeded);
        assertThat(apiIds(user, "/api/v1/generations?status=failed&limit=1")).containsExactly(failed);
        MvcTestResult refused = user.get("/api/v1/generations?status=done");
        assertThat(refused).hasStatus(422);
        assertThat(tree(refused).path("code").asString()).isEqualTo("validation_failed");
        assertThat(tree(refused).path("errors").get(0).path("field").asString()).isEqualTo("status");
    }

    private List<Long> apiIds(ApiUser user, String uri) {
        MvcTestResult result = user.get(uri);
        assertThat(result).hasStatus(200);
        List<Long> found = new ArrayList<>();
        for (JsonNode item : tree(result).path("items")) {
            found.add(item.path("id").asLong());
        }
        return found;
    }

    /** Submits through the entry point, as the generate page does, and waits for the fake API to finish it. */
    private Generation generated(Browser browser, String prompt, String ratio, String style, int count) {
        Generation queued = generations.submit(idOf(browser), new GenerationRequest(prompt, "gemini-api", ratio, style, count));
        awaitEnd(browser, queued.id());
        return generations.find(idOf(browser), queued.id()).orElseThrow();
    }

    private long row(Browser browser, String status, String prompt, String errorCode, String errorMessage) {
        return row(idOf(browser), status, prompt, errorCode, errorMessage);
    }

    /**
     * A job written straight into the table: many of them, or one that stays running (its lease held by an instance
     * that does not exist, for an hour), without waiting on the worker.
     */
    private long row(long accountId, String status, String prompt, String errorCode, String errorMessage) {
        long now = Instant.now().toEpochMilli();
        boolean running = status.equals("running");
        jdbc.sql("""
                INSERT INTO generation_jobs (account_id, status, prompt, provider, aspect_ratio, count, quota_day, attempts,
                    lease_owner, lease_until, error_code, error_message, created_at, started_at, finished_at)
                VALUES (:account, :status, :prompt, 'gemini-api', '1:1', 1, '2026-03-10', 1, :owner, :until, :code, :message,
                    :created, :created, :finished)""")
            .param("account", accountId)
            .param("status", status)
            .param("prompt", prompt)
            .param("owner", running ? "elsewhere" : null)
            .param("until", running ? now + Duration.ofHours(1).toMillis() : null)
            .param("code", errorCode)
            .param("message", errorMessage)
            .param("created", now - 4_200)
            .param("finished", running ? null : now)
            .update();
        return jdbc.sql("SELECT MAX(id) FROM generation_jobs WHERE account_id = :account").param("account", accountId).query(Long.class).single();
    }

    private int jobCount(Browser browser) {
        return jdbc.sql("SELECT COUNT(*) FROM generation_jobs WHERE account_id = :account").param("account", idOf(browser)).query(Integer.class).single();
    }

    private void awaitEnd(Browser browser, long id) {
        await().atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> generations.find(idOf(browser), id).orElseThrow().status().terminal());
    }

    /** The ids of the generation cards on a page, in their order. */
    private static List<Long> shown(String html) {
        List<Long> found = new ArrayList<>();
        Matcher matcher = Pattern.compile("<article class=\"card job[^\"]*\" id=\"job-(\\d+)\"").matcher(html);
        while (matcher.find()) {
            found.add(Long.parseLong(matcher.group(1)));
        }
        return found;
    }

    /** Where the plain "Load more" link leads. */
    private static String loadMoreLink(String html) {
        Matcher matcher = Pattern.compile("<a class=\"button button-secondary\" href=\"([^\"]+)\"[^>]*>Load more</a>").matcher(html);
        assertThat(matcher.find()).as("a Load more link").isTrue();
        return matcher.group(1).replace("&amp;", "&");
    }

    private static String card(String html, long id) {
        Matcher matcher = Pattern.compile("<article class=\"card job[^\"]*\" id=\"job-" + id + "\".*?</article>", Pattern.DOTALL).matcher(html);
        assertThat(matcher.find()).as("the page shows generation %d", id).isTrue();
        return matcher.group();
    }

    private static String page(Browser browser, String uri) {
        return squashed(browser.page(uri));
    }

    private static String squashed(String html) {
        return html.replaceAll("\\s+", " ");
    }

    private Browser signedUp() {
        String name = Unique.name("hist");
        Account account = accounts.register(new Registration(name, Unique.email(name), PASSWORD, true), Unique.address());
        Browser browser = new Browser(mvc).signedIn(name, PASSWORD);
        ids.put(browser, account.id());
        return browser;
    }

    private Browser withApiKey(Browser browser) {
        assertThat(browser.post("/credentials/gemini-api", "apiKey", "test-key-hist")).hasRedirectedUrl("/credentials");
        return browser;
    }

    private long idOf(Browser browser) {
        return ids.get(browser);
    }

}
