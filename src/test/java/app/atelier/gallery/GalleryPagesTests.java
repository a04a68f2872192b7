package app.atelier.gallery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.account.Registration;
import app.atelier.storage.ImageStore;
import app.atelier.storage.StoredImage;
import app.atelier.storage.TestImages;
import app.atelier.support.Browser;
import app.atelier.support.Html;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/** The gallery pages over MockMvc: the grid, its filters and pages, the detail view, stars, share links, downloads and the selection. */
@SpringBootTest
@AutoConfigureMockMvc
class GalleryPagesTests {

    private static final String PASSWORD = "copper meadow lantern";

    private static final Pattern SHARE_URL = Pattern.compile("id=\"share-url\" type=\"text\" readonly value=\"([^\"]+)\"");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Accounts accounts;

    @Autowired
    Images images;

    @Autowired
    ImageStore store;

    @Autowired
    JdbcClient jdbc;

    @Test
    void showsTheGridNewestFirstWithLazyThumbnailsStarsAndTheFilterBar() {
        Person ada = person();
        Image first = ada.add("a lighthouse at dusk", "watercolour", "16:9", "gemini-api", 320, 180);
        Image second = ada.add("a fox in the snow", null, "1:1", "gemini-web", 200, 200);
        images.setFavourite(ada.id(), second.id(), true);

        String html = page(ada.browser(), "/gallery");

        assertThat(html).contains("<a href=\"/gallery\" aria-current=\"page\" class=\"active\">Gallery</a>")
            .containsSubsequence("id=\"image-" + second.id() + "\"", "id=\"image-" + first.id() + "\"");
        assertThat(html).as("a lazy thumbnail with its size and the prompt as alt text, linking to the detail view")
            .contains("<a class=\"tile-link\" href=\"/gallery/" + first.id() + "\">")
            .contains("<img src=\"/api/v1/images/" + first.id() + "/thumbnail\" width=\"320\" height=\"180\" alt=\"a lighthouse at dusk\" loading=\"lazy\" decoding=\"async\">");
        assertThat(html).as("stars: pressed for the favourite, a form that works without JavaScript")
            .containsPattern("action=\"/gallery/" + second.id() + "/favourite\"[^>]*hx-post=\"/gallery/" + second.id() + "/favourite\"")
            .containsSubsequence("action=\"/gallery/" + second.id() + "/favourite\"", "name=\"favourite\" value=\"false\"",
                    "name=\"back\" value=\"/gallery\"", "class=\"star\" aria-pressed=\"true\"")
            .containsSubsequence("action=\"/gallery/" + first.id() + "/favourite\"", "name=\"favourite\" value=\"true\"",
                    "class=\"star\" aria-pressed=\"false\"");
        assertThat(html).as("the filter bar, a GET form")
            .containsPattern("<form id=\"gallery-filters\"[^>]*method=\"get\" action=\"/gallery\"")
            .contains("<input type=\"search\" id=\"q\" name=\"q\"")
            .containsSubsequence("<select id=\"filter-style\" name=\"style\">", "<option value=\"\">Any style</option>",
                    "<optgroup label=\"Photo\">", "<option value=\"cinematic-photo\">Cinematic photo</option>")
            .containsSubsequence("<select id=\"filter-ratio\" name=\"aspectRatio\"", "<option value=\"16:9\">16:9</option>")
            .containsSubsequence("<select id=\"filter-provider\" name=\"provider\"", "<option value=\"gemini-api\">Gemini API key</option>",
                    "<option value=\"gemini-web\">Gemini web cookies</option>")
            .contains("<input type=\"date\" id=\"filter-from\" name=\"from\"")
            .contains("<input type=\"date\" id=\"filter-to\" name=\"to\"")
            .containsSubsequence("<select id=\"filter-sort\" name=\"sort\"", "<option value=\"newest\">Newest first</option>",
                    "<option value=\"relevance\">Best match</option>")
            .contains("<input type=\"checkbox\" id=\"filter-favourite\" name=\"favourite\" value=\"true\">")
            .doesNotContain("Clear filters");
        assertThat(html).as("the selection, hidden until asked for, its checkboxes tied to its form")
            .contains("<main id=\"main\" class=\"container gallery-page\" data-gallery>")
            .contains("<input type=\"checkbox\" name=\"ids\" value=\"" + first.id() + "\" form=\"selection\">")
            .containsPattern("<form id=\"selection\" class=\"selection-bar\" method=\"post\" action=\"/gallery/archive\"")
            .containsPattern("formaction=\"/gallery/delete\"")
            .contains("That's all of them.")
            .doesNotContain("Load more");
        Html.assertNoInlineCode(html);
    }

    @Test
    void aBrandNewPersonIsInvitedToGenerateTheirFirstImage() {
        Person ada = person();

        String html = page(ada.browser(), "/gallery");

        assertThat(html).containsSubsequence("id=\"gallery-empty\"", "No images yet", "<a class=\"button\" href=\"/generate\">Generate your first</a>")
            .as("nothing to filter yet").doesNotContain("id=\"gallery-filters\"")
            .doesNotContain("No images match")
            .doesNotContain("id=\"selection\"")
            .doesNotContain("id=\"gallery-grid\"");
    }

    @Test
    void filtersNarrowTheGridKeepTheirValuesAndSayWhenNothingMatches() {
        Person ada = person();
        Image lighthouse = ada.add("a lighthouse at dusk", "watercolour", "16:9", "gemini-api", 32, 18);
        Image harbour = ada.add("a harbour with a lighthouse", null, "1:1", "gemini-web", 20, 20);
        Image fox = ada.add("a fox in the snow", "watercolour", "1:1", "gemini-api", 20, 20);
        images.setFavourite(ada.id(), fox.id(), true);
        Browser browser = ada.browser();

        assertThat(tiles(page(browser, "/gallery?q=LIGHT"))).containsExactly(harbour.id(), lighthouse.id());
        String bestMatch = page(browser, "/gallery?q=light&sort=relevance");
        assertThat(tiles(bestMatch)).containsExactlyInAnyOrder(harbour.id(), lighthouse.id());
        assertThat(bestMatch).as("what best match means in a big gallery")
            .contains("Best matches first among your 2,000 newest images, then older matches newest first");
        assertThat(page(browser, "/gallery?q=LIGHT")).contains("Newest first").doesNotContain("Best matches");
        assertThat(tiles(page(browser, "/gallery?style=watercolour"))).containsExactly(fox.id(), lighthouse.id());
        assertThat(tiles(page(browser, "/gallery?aspectRatio=1:1"))).containsExactly(fox.id(), harbour.id());
        assertThat(tiles(page(browser, "/gallery?provider=gemini-web"))).containsExactly(harbour.id());
        assertThat(tiles(page(browser, "/gallery?favourite=true"))).containsExactly(fox.id());
        assertThat(tiles(page(browser, "/gallery?from=2000-01-01&to=2999-12-31"))).hasSize(3);
        assertThat(tiles(page(browser, "/gallery?to=2000-01-01"))).isEmpty();

        String filtered = page(browser, "/gallery?q=lighthouse&style=watercolour&aspectRatio=16:9&provider=gemini-api&favourite=true&from=2001-02-03&to=2999-01-01&sort=relevance");
        assertThat(filtered).as("the form shows what is applied")
            .contains("name=\"q\" value=\"lighthouse\"")
            .contains("<option value=\"watercolour\" selected=\"selected\">Watercolour</option>")
            .contains("<option value=\"16:9\" selected=\"selected\">16:9</option>")
            .contains("<option value=\"gemini-api\" selected=\"selected\">Gemini API key</option>")
            .contains("name=\"from\" value=\"2001-02-03\"")
            .contains("name=\"to\" value=\"2999-01-01\"")
            .contains("<option value=\"relevance\" selected=\"selected\">Best match</option>")
            .contains("name=\"favourite\" value=\"true\" checked=\"checked\"");
        assertThat(filtered).as("nothing matches all of them")
            .containsSubsequence("id=\"gallery-empty\"", "No images match these filters", "<a class=\"button button-secondary\" href=\"/gallery\">Clear filters</a>")
            .doesNotContain("No images yet");

        String searched = page(browser, "/gallery?q=lighthouse");
        assertThat(searched).as("tiles lead to the detail view with the same filters")
            .contains("<a class=\"tile-link\" href=\"/gallery/" + lighthouse.id() + "?q=lighthouse\">")
            .contains("name=\"back\" value=\"/gallery?q=lighthouse\"")
            .containsPattern("action=\"/gallery/archive\\?q=lighthouse\"")
            .contains("<a href=\"/gallery\" class=\"clear-filters\">Clear filters</a>");
    }

    @Test
    void filtersThatAreNotValidAreNamedBesideTheirFields() {
        Person ada = person();
        ada.add("a lighthouse at dusk", null, "1:1", "gemini-api", 20, 20);

        MvcTestResult refused = ada.browser().get("/gallery?aspectRatio=5:4&from=yesterday");

        assertThat(refused).hasStatus(422);
        String html = flat(refused);
        assertThat(html).containsPattern("<select id=\"filter-ratio\" name=\"aspectRatio\" aria-describedby=\"ratio-error\" aria-invalid=\"true\">")
            .contains("<p class=\"field-error\" id=\"ratio-error\">The aspect ratio must be one of 1:1, 16:9, 9:16, 4:3, 3:4, 3:2, 2:3 or 21:9.</p>")
            .containsPattern("id=\"filter-from\" name=\"from\" value=\"yesterday\" aria-describedby=\"from-error\" aria-invalid=\"true\"")
            .contains("<p class=\"field-error\" id=\"from-error\">Give the date as YYYY-MM-DD.</p>")
            .contains("Some filters need attention.")
            .doesNotContain("id=\"gallery-grid\"")
            .doesNotContain("id=\"gallery-empty\"");

        MvcTestResult stale = ada.browser().get("/gallery?q=light&cursor=not-one-of-ours");
        assertThat(stale).hasStatus(422);
        assertThat(flat(stale)).contains("This page of the gallery is out of date. <a href=\"/gallery?q=light\">Start again from the newest</a>.");
    }

    @Test
    void pagesWithALoadMoreLinkThatKeepsTheFiltersAndAnHtmxFragmentThatAppendsTiles() {
        Person ada = person();
        for (int i = 0; i < GalleryPageController.PAGE_SIZE + 2; i++) {
            ada.add("sketch number " + i, null, "1:1", "gemini-api", 8, 8);
        }
        ada.add("something else", null, "1:1", "gemini-api", 8, 8);
        Browser browser = ada.browser();

        String first = page(browser, "/gallery?q=sketch");
        assertThat(tiles(first)).hasSize(GalleryPageController.PAGE_SIZE);
        Matcher more = Pattern.compile("<a class=\"button button-secondary\" href=\"(/gallery\\?q=sketch&amp;cursor=[A-Za-z0-9_-]+)\"\\s+hx-get=\"\\1\" hx-target=\"#gallery-more\" hx-swap=\"outerHTML\">Load more</a>")
            .matcher(first);
        assertThat(more.find()).as("a Load more link with the filters and a cursor").isTrue();
        String next = more.group(1).replace("&amp;", "&");

        ada.add("sketch that arrived while browsing", null, "1:1", "gemini-api", 8, 8);
        String second = page(browser, next);
        assertThat(tiles(second)).as("the rest, without the newcomer or a repeat").hasSize(2).doesNotContainAnyElementsOf(tiles(first));
        assertThat(second).contains("back to the newest").contains("That's all of them.");

        MvcTestResult fragment = browser.exchange(mvc.get().uri(next).header("HX-Request", "true").header("HX-Target", "gallery-more"));
        assertThat(fragment).hasStatus(200);
        String appended = flat(fragment);
        assertThat(appended).startsWith("<div hx-swap-oob=\"beforeend:#gallery-grid\">")
            .contains("<div id=\"gallery-more\" class=\"gallery-more\">")
            .doesNotContain("site-header")
            .doesNotContain("gallery-filters");
        assertThat(tiles(appended)).isEqualTo(tiles(second));
    }

    @Test
    void htmxFiltersAnswerTheFilterBarAndResultsWithoutThePage() {
        Person ada = person();
        Image fox = ada.add("a fox in the snow", null, "1:1", "gemini-api", 8, 8);
        ada.add("a lighthouse at dusk", null, "1:1", "gemini-api", 8, 8);

        MvcTestResult fragment = ada.browser().exchange(mvc.get().uri("/gallery?q=fox").header("HX-Request", "true").header("HX-Target", "gallery-body"));

        String html = flat(fragment);
        assertThat(html).startsWith("<div id=\"gallery-body\" class=\"gallery-body\">").contains("id=\"gallery-filters\"").doesNotContain("site-header");
        assertThat(tiles(html)).containsExactly(fox.id());
    }

    @Test
    void selectionModeWorksWithoutJavaScript() {
        Person ada = person();
        Image fox = ada.add("a fox in the snow", null, "1:1", "gemini-api", 8, 8);
        Browser browser = ada.browser();

        assertThat(page(browser, "/gallery?select=1")).contains("class=\"container gallery-page selecting\"")
            .containsPattern("data-select-toggle href=\"/gallery\"> <span class=\"when-browsing\">Select</span><span class=\"when-selecting\">Done</span>")
            .contains("<input type=\"checkbox\" name=\"ids\" value=\"" + fox.id() + "\" form=\"selection\">");
        assertThat(page(browser, "/gallery?select=all")).contains("<input type=\"checkbox\" name=\"ids\" value=\"" + fox.id() + "\" form=\"selection\" checked=\"checked\">");
        assertThat(page(browser, "/gallery")).contains("data-select-toggle href=\"/gallery?select=1\">");
    }

    @Test
    void theDetailViewShowsTheImageItsParametersAndItsActions() {
        Person ada = person();
        Image image = ada.add("a lighthouse at dusk,\nwaves below", "watercolour", "16:9", "gemini-web", 640, 360);

        String raw = ada.browser().page("/gallery/" + image.id());
        String html = flat(raw);

        assertThat(html).contains("<img class=\"detail-image\" src=\"/api/v1/images/" + image.id() + "/content\" width=\"640\" height=\"360\" alt=\"a lighthouse at dusk, waves below\">")
            .contains("<p class=\"detail-prompt\" id=\"prompt-text\">a lighthouse at dusk, waves below</p>")
            .contains("data-copy=\"#prompt-text\">Copy prompt</button>")
            .contains("<dt>Style</dt><dd>Watercolour</dd>")
            .contains("<dt>Aspect ratio</dt><dd>16:9</dd>")
            .contains("<dt>Made with</dt><dd>Gemini web cookies</dd>")
            .contains("<dt>Size</dt><dd>640 × 360 px</dd>")
            .contains("<dt>File</dt><dd>" + new GalleryImage(image, null).fileSize() + " · PNG</dd>")
            .containsPattern("<dt>Created</dt><dd><time datetime=\"[^\"]+\">\\d{1,2} \\w{3} \\d{4}, \\d\\d:\\d\\d UTC</time></dd>")
            .contains("<a class=\"button\" href=\"/gallery/" + image.id() + "/download\" download>Download</a>")
            .contains("href=\"/generate?reuse=" + image.generationId() + "\">Reuse")
            .containsPattern("<form class=\"form share-form\" method=\"post\" action=\"/gallery/" + image.id() + "/share\"")
            .containsSubsequence("<select id=\"share-expiry\" name=\"expiresInDays\">", "<option value=\"\">Never</option>",
                    "<option value=\"1\">After 1 day</option>", "<option value=\"7\">After 7 days</option>", "<option value=\"30\">After 30 days</option>")
            .containsPattern("action=\"/gallery/" + image.id() + "/delete\"\\s+data-confirm=\"Delete this image\\? This cannot be undone.\"")
            .contains("name=\"back\" value=\"/gallery/" + image.id() + "\"")
            .contains("<a class=\"button button-secondary button-small\" href=\"/gallery#image-" + image.id() + "\" data-nav=\"back\">")
            .contains("data-gallery-nav");
        assertThat(raw).as("the prompt keeps its line breaks").contains("id=\"prompt-text\">a lighthouse at dusk,\nwaves below</p>");
        Html.assertNoInlineCode(raw);
    }

    @Test
    void theDetailViewStepsThroughTheSameFilteredList() {
        Person ada = person();
        Image oldest = ada.add("a red lighthouse", null, "1:1", "gemini-api", 8, 8);
        Image between = ada.add("a fox in the snow", null, "1:1", "gemini-api", 8, 8);
        Image middle = ada.add("a lighthouse in fog", null, "1:1", "gemini-api", 8, 8);
        Image newest = ada.add("a lighthouse at noon", null, "1:1", "gemini-api", 8, 8);
        Browser browser = ada.browser();

        String middleView = page(browser, "/gallery/" + middle.id() + "?q=lighthouse");
        assertThat(middleView).contains("href=\"/gallery/" + newest.id() + "?q=lighthouse\" rel=\"prev\" data-nav=\"previous\"")
            .contains("href=\"/gallery/" + oldest.id() + "?q=lighthouse\" rel=\"next\" data-nav=\"next\"")
            .contains("href=\"/gallery?q=lighthouse#image-" + middle.id() + "\" data-nav=\"back\"")
            .contains("action=\"/gallery/" + middle.id() + "/delete?q=lighthouse\"");
        assertThat(page(browser, "/gallery/" + newest.id() + "?q=lighthouse")).as("the first has no previous")
            .doesNotContain("data-nav=\"previous\"")
            .contains("<span class=\"button button-secondary button-small is-disabled\" aria-disabled=\"true\"><span aria-hidden=\"true\">‹</span> Previous</span>");
        assertThat(page(browser, "/gallery/" + oldest.id() + "?q=lighthouse")).doesNotContain("data-nav=\"next\"");
        assertThat(page(browser, "/gallery/" + middle.id())).as("without filters, every image")
            .contains("href=\"/gallery/" + between.id() + "\" rel=\"next\"");
        assertThat(page(browser, "/gallery/" + middle.id() + "?aspectRatio=nonsense")).as("unreadable filters step through everything")
            .contains("href=\"/gallery/" + between.id() + "?aspectRatio=nonsense\" rel=\"next\"");
    }

    @Test
    void anotherPersonsImageIsNotFoundOnEveryGalleryRoute() {
        Person owner = person();
        Person other = person();
        Image image = owner.add("a private lighthouse", null, "1:1", "gemini-api", 8, 8);
        Image others = other.add("my own fox", null, "1:1", "gemini-api", 8, 8);
        Browser browser = other.browser();
        String id = String.valueOf(image.id());

        assertThat(mvc.get().uri("/gallery/" + id).exchange()).as("signed out").hasStatus(302).hasRedirectedUrl("/login");
        assertThat(mvc.post().uri("/gallery/archive").param("ids", id).with(csrf()).exchange()).hasStatus(302).hasRedirectedUrl("/login");
        assertThat(browser.get("/gallery/" + id)).hasStatus(404);
        assertThat(flat(browser.get("/gallery/" + id))).contains("We couldn't find that page").doesNotContain("private lighthouse");
        assertThat(browser.get("/gallery/" + id + "/download")).hasStatus(404);
        assertThat(browser.get("/gallery/not-a-number")).hasStatus(404);
        assertThat(browser.post("/gallery/" + id + "/favourite", "favourite", "true")).hasStatus(404);
        assertThat(browser.exchange(mvc.post().uri("/gallery/" + id + "/favourite").param("favourite", "true").header("HX-Request", "true").with(csrf()))).hasStatus(404);
        assertThat(browser.post("/gallery/" + id + "/share", "expiresInDays", "7")).hasStatus(404);
        assertThat(browser.post("/gallery/" + id + "/unshare")).hasStatus(404);
        assertThat(browser.post("/gallery/" + id + "/delete")).hasStatus(404);
        assertThat(browser.post("/gallery/archive", "ids", id)).hasStatus(404);
        assertThat(browser.post("/gallery/archive", "ids", String.valueOf(others.id()), "ids", id)).hasStatus(404);
        assertThat(browser.post("/gallery/delete", "ids", String.valueOf(others.id()), "ids", id)).hasStatus(404);
        assertThat(browser.post("/gallery/delete", "ids", String.valueOf(others.id()), "ids", id, "confirmed", "true")).hasStatus(404);

        Image untouched = images.find(owner.id(), image.id()).orElseThrow();
        assertThat(untouched.favourite()).isFalse();
        assertThat(untouched.shareUrl()).isNull();
        assertThat(images.find(other.id(), others.id())).as("all or nothing: the own image of a refused bulk delete stays").isPresent();
    }

    @Test
    void starsAndUnstarsWithAndWithoutHtmx() {
        Person ada = person();
        Image image = ada.add("a lighthouse at dusk", null, "1:1", "gemini-api", 8, 8);
        Browser browser = ada.browser();

        MvcTestResult starred = browser.post("/gallery/" + image.id() + "/favourite", "favourite", "true", "back", "/gallery?q=light&cursor=abc");
        assertThat(starred).hasStatus(302).hasRedirectedUrl("/gallery?q=light&cursor=abc");
        assertThat(images.find(ada.id(), image.id()).orElseThrow().favourite()).isTrue();

        MvcTestResult unstarred = browser.exchange(mvc.post().uri("/gallery/" + image.id() + "/favourite").param("favourite", "false")
            .param("back", "/gallery/" + image.id()).header("HX-Request", "true").with(csrf()));
        assertThat(unstarred).hasStatus(200);
        assertThat(flat(unstarred)).startsWith("<form class=\"star-form\"")
            .contains("name=\"favourite\" value=\"true\"")
            .contains("name=\"back\" value=\"/gallery/" + image.id() + "\"")
            .contains("aria-pressed=\"false\"")
            .doesNotContain("site-header");
        assertThat(images.find(ada.id(), image.id()).orElseThrow().favourite()).isFalse();

        assertThat(browser.post("/gallery/" + image.id() + "/favourite", "favourite", "true", "back", "https://elsewhere.example/gallery"))
            .as("back leads only to gallery pages").hasRedirectedUrl("/gallery/" + image.id());
        assertThat(browser.post("/gallery/" + image.id() + "/favourite", "favourite", "true", "back", "//elsewhere.example"))
            .hasRedirectedUrl("/gallery/" + image.id());
        assertThat(browser.postWithoutCsrf("/gallery/" + image.id() + "/favourite", "favourite", "false")).hasStatus(403);
        assertThat(images.find(ada.id(), image.id()).orElseThrow().favourite()).isTrue();
    }

    @Test
    void downloadsTheImageAsAnAttachmentNamedByDateAndPrompt() {
        Person ada = person();
        byte[] png = TestImages.png(40, 30, seed());
        Image image = ada.add(png, "A Lighthouse, at dusk!", null, "4:3", "gemini-api");

        MvcTestResult download = ada.browser().get("/gallery/" + image.id() + "/download");

        assertThat(download).hasStatus(200).hasContentType("image/png");
        assertThat(download.getResponse().getContentAsByteArray()).isEqualTo(png);
        assertThat(download.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION))
            .isEqualTo("attachment; filename=\"" + ImageArchives.fileName(image.id(), image.prompt(), "image/png", image.createdAt()) + "\"")
            .matches("attachment; filename=\"\\d{4}-\\d\\d-\\d\\d_\\d{6}_a-lighthouse-at-dusk_" + image.id() + "\\.png\"");
    }

    @Test
    void sharesWithAnExpiryAndRevokesThroughTheDetailView() {
        Person ada = person();
        Image image = ada.add("a lighthouse at dusk", null, "1:1", "gemini-api", 8, 8);
        Browser browser = ada.browser();

        MvcTestResult shared = browser.post("/gallery/" + image.id() + "/share?q=light", "expiresInDays", "7");
        assertThat(shared).hasStatus(302).hasRedirectedUrl("/gallery/" + image.id() + "?q=light#share");
        String html = flat(browser.follow(shared));
        assertThat(html).contains("Share link created.");
        Matcher url = SHARE_URL.matcher(html);
        assertThat(url.find()).isTrue();
        String link = url.group(1);
        assertThat(link).matches("http://localhost/s/[A-Za-z0-9_-]{43}");
        assertThat(html).contains("data-copy=\"#share-url\">Copy</button>")
            .containsPattern("Expires <time datetime=\"[^\"]+\">\\d{1,2} \\w{3} \\d{4}, \\d\\d:\\d\\d UTC</time>\\.")
            .containsPattern("action=\"/gallery/" + image.id() + "/unshare\\?q=light\"[^>]*data-confirm=\"Revoke this link\\?");
        String path = link.substring("http://localhost".length());
        MvcTestResult publicPage = mvc.get().uri(path).exchange();
        assertThat(publicPage).as("the link opens without signing in").hasStatus(200);
        assertThat(flat(publicPage)).contains("<img src=\"" + path + "/image\"").contains("a lighthouse at dusk").doesNotContain(ada.name);
        assertThat(mvc.get().uri(path + "/image").exchange()).hasStatus(200).hasContentType("image/png");

        MvcTestResult again = browser.exchange(mvc.post().uri("/gallery/" + image.id() + "/share").param("expiresInDays", "")
            .header("HX-Request", "true").with(csrf()));
        String panel = flat(again);
        assertThat(panel).startsWith("<section id=\"share\"").contains("Works until you revoke it.")
            .contains("Share link created. It works until you revoke it.")
            .doesNotContain("site-header");
        assertThat(mvc.get().uri(path).exchange()).as("sharing again replaces the link").hasStatus(404);
        Matcher replaced = SHARE_URL.matcher(panel);
        assertThat(replaced.find()).isTrue();

        MvcTestResult revoked = browser.post("/gallery/" + image.id() + "/unshare");
        assertThat(revoked).hasRedirectedUrl("/gallery/" + image.id() + "#share");
        assertThat(flat(browser.follow(revoked))).contains("Share link revoked. It no longer opens the image.")
            .contains("Create a share link")
            .doesNotContain("id=\"share-url\"");
        assertThat(mvc.get().uri(replaced.group(1).substring("http://localhost".length())).exchange()).hasStatus(404);
    }

    @Test
    void deletesOneImageFromTheDetailViewAndReturnsToTheFilteredGrid() {
        Person ada = person();
        Image image = ada.add("a lighthouse at dusk", null, "1:1", "gemini-api", 8, 8);
        Browser browser = ada.browser();

        MvcTestResult deleted = browser.post("/gallery/" + image.id() + "/delete?q=light&favourite=true");

        assertThat(deleted).hasStatus(302).hasRedirectedUrl("/gallery?q=light&favourite=true");
        assertThat(flat(browser.follow(deleted))).contains("Deleted the image.");
        assertThat(images.find(ada.id(), image.id())).isEmpty();
        assertThat(browser.get("/gallery/" + image.id())).hasStatus(404);
    }

    @Test
    void downloadsTheTickedImagesAsOneZip() throws IOException {
        Person ada = person();
        byte[] first = TestImages.png(30, 20, seed());
        byte[] second = TestImages.jpeg(20, 30, seed());
        Image a = ada.add(first, "a lighthouse at dusk", null, "1:1", "gemini-api");
        Image b = ada.add(second, "a fox in the snow", null, "1:1", "gemini-api");
        ada.add("not chosen", null, "1:1", "gemini-api", 8, 8);

        MvcTestResult zip = ada.browser().post("/gallery/archive", "ids", String.valueOf(a.id()), "ids", String.valueOf(b.id()));

        assertThat(zip).hasStatus(200).hasContentType("application/zip");
        assertThat(zip.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION)).matches("attachment; filename=\"atelier-\\d{4}-\\d\\d-\\d\\d-2-images\\.zip\"");
        Map<String, byte[]> entries = unzip(zip.getResponse().getContentAsByteArray());
        assertThat(entries).containsOnlyKeys(ImageArchives.fileName(a.id(), a.prompt(), "image/png", a.createdAt()),
                ImageArchives.fileName(b.id(), b.prompt(), "image/jpeg", b.createdAt()));
        assertThat(entries.get(ImageArchives.fileName(a.id(), a.prompt(), "image/png", a.createdAt()))).isEqualTo(first);
        assertThat(entries.get(ImageArchives.fileName(b.id(), b.prompt(), "image/jpeg", b.createdAt()))).isEqualTo(second);
    }

    @Test
    void anEmptySelectionGoesBackToTheSelectionWithAWord() {
        Person ada = person();
        ada.add("a lighthouse at dusk", null, "1:1", "gemini-api", 8, 8);
        Browser browser = ada.browser();

        MvcTestResult archive = browser.post("/gallery/archive?q=light");
        assertThat(archive).hasStatus(302).hasRedirectedUrl("/gallery?q=light&select=1");
        assertThat(flat(browser.follow(archive))).contains("Tick the images to download first.");

        MvcTestResult delete = browser.post("/gallery/delete", "confirmed", "true");
        assertThat(delete).hasRedirectedUrl("/gallery?select=1");
        assertThat(flat(browser.follow(delete))).contains("Tick the images to delete first.");
    }

    @Test
    void deletesTheTickedImagesAfterAConfirmation() {
        Person ada = person();
        Image a = ada.add("a lighthouse at dusk", null, "1:1", "gemini-api", 8, 8);
        Image b = ada.add("a fox in the snow", null, "1:1", "gemini-api", 8, 8);
        Image kept = ada.add("a keeper", null, "1:1", "gemini-api", 8, 8);
        Browser browser = ada.browser();

        MvcTestResult asked = browser.post("/gallery/delete?q=a", "ids", String.valueOf(a.id()), "ids", String.valueOf(b.id()));
        assertThat(asked).as("without JavaScript nobody asked yet: the page asks").hasStatus(200);
        assertThat(flat(asked)).contains("<h1>Delete 2 images?</h1>")
            .contains("<input type=\"hidden\" name=\"ids\" value=\"" + a.id() + "\">")
            .contains("<input type=\"hidden\" name=\"confirmed\" value=\"true\">")
            .containsPattern("action=\"/gallery/delete\\?q=a\"")
            .contains("<button type=\"submit\" class=\"button button-danger\">Delete 2 images</button>");
        assertThat(images.find(ada.id(), a.id())).isPresent();

        MvcTestResult deleted = browser.post("/gallery/delete?q=a", "ids", String.valueOf(a.id()), "ids", String.valueOf(b.id()), "ids",
                String.valueOf(a.id()), "confirmed", "true");
        assertThat(deleted).hasStatus(302).hasRedirectedUrl("/gallery?q=a");
        assertThat(flat(browser.follow(deleted))).contains("Deleted 2 images.");
        assertThat(images.find(ada.id(), a.id())).isEmpty();
        assertThat(images.find(ada.id(), b.id())).isEmpty();
        assertThat(images.find(ada.id(), kept.id())).isPresent();

        MvcTestResult one = browser.post("/gallery/delete", "ids", String.valueOf(kept.id()), "confirmed", "true");
        assertThat(flat(browser.follow(one))).contains("Deleted 1 image.");
    }

    private static String page(Browser browser, String uri) {
        return flat(browser.page(uri));
    }

    /** The HTML with every run of white space as one space, so that assertions need not follow the templates' line breaks. */
    private static String flat(MvcTestResult result) {
        return flat(Browser.body(result));
    }

    private static String flat(String html) {
        return html.replaceAll("\\s+", " ").strip();
    }

    private static java.util.List<Long> tiles(String html) {
        Matcher tile = Pattern.compile("<li class=\"tile[^\"]*\" id=\"image-(\\d+)\"").matcher(html);
        java.util.List<Long> ids = new java.util.ArrayList<>();
        while (tile.find()) {
            ids.add(Long.parseLong(tile.group(1)));
        }
        return ids;
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static int seed() {
        return (int) (System.nanoTime() & 0xFFFFFF);
    }

    private Person person() {
        String name = Unique.name("gallery");
        Account account = accounts.register(new Registration(name, Unique.email(name), PASSWORD, true), Unique.address());
        return new Person(account.id(), name);
    }

    /** A registered person who adds images straight to the gallery and browses it over MockMvc. */
    private final class Person {

        private final long id;

        private final String name;

        private @Nullable Browser browser;

        Person(long id, String name) {
            this.id = id;
            this.name = name;
        }

        long id() {
            return id;
        }

        Browser browser() {
            if (browser == null) {
                browser = new Browser(mvc).signedIn(name, PASSWORD);
            }
            return browser;
        }

        Image add(String prompt, @Nullable String style, String ratio, String provider, int width, int height) {
            return add(TestImages.png(width, height, seed()), prompt, style, ratio, provider);
        }

        Image add(byte[] bytes, String prompt, @Nullable String style, String ratio, String provider) {
            String mimeType = bytes[0] == (byte) 0xFF ? "image/jpeg" : "image/png";
            StoredImage stored = store.put(bytes, mimeType);
            return images.add(new NewImage(id, GalleryRows.job(jdbc, id, prompt), stored, prompt, style, ratio, provider));
        }

    }

}
