package app.atelier.browser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.account.Registration;
import app.atelier.gallery.Image;
import app.atelier.gallery.Images;
import app.atelier.gallery.NewImage;
import app.atelier.storage.ImageStore;
import app.atelier.storage.StoredImage;
import app.atelier.storage.TestImages;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

@SpringBootTest(webEnvironment = RANDOM_PORT)
class GalleryBrowserTests {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static final String PASSWORD = "violet otter marmalade";

    private static final By TILES = By.cssSelector("#gallery-grid .tile");

    private static final Path DOWNLOADS = Path.of("target", "downloads");

    @RegisterExtension
    static final Browser browser = new Browser();

    @Autowired
    Accounts accounts;

    @Autowired
    Images images;

    @Autowired
    ImageStore store;

    @Autowired
    JdbcClient jdbc;

    @Test
    void searchesStepsThroughWithTheKeyboardStarsAndSharesALinkThatOpensSignedOut() {
        Account ada = registered("gallery");
        Image mountains = seed(ada, "Mountains over a calm lake at sunrise", "golden-hour", "3:2", 600, 400);
        Image lighthouse = seed(ada, "A lighthouse at dusk, waves crashing on the rocks below", "watercolour", "16:9", 640, 360);
        seed(ada, "A red fox curled up asleep in fresh snow", null, "1:1", 400, 400);
        Image cottage = seed(ada, "The lighthouse keeper's cottage in morning fog", "misty-morning", "3:4", 360, 480);
        seed(ada, "A neon city street at night in the rain, reflections everywhere", "neon-night", "9:16", 270, 480);
        seed(ada, "A bowl of ramen with steam rising, top view", null, "4:3", 480, 360);
        signIn(ada.username());

        browser.submit(By.linkText("Gallery"));
        assertThat(browser.path()).isEqualTo("/gallery");
        assertThat(browser.driver().findElements(TILES)).hasSize(6);
        awaitImagesLoaded("#gallery-grid img");
        checkLayout("grid");

        browser.script("window.stillTheSamePage = true");
        WebElement search = browser.find(By.id("q"));
        search.sendKeys("lighthouse", Keys.ENTER);
        until(driver -> driver.findElements(TILES).size() == 2);
        assertThat(ids()).containsExactly(cottage.id(), lighthouse.id());
        assertThat(browser.script("return window.stillTheSamePage === true")).as("htmx swapped the grid").isEqualTo(true);
        assertThat(browser.driver().getCurrentUrl()).as("the address says what is shown").endsWith("/gallery?q=lighthouse");
        assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id")).as("focus stays in the search box").isEqualTo("q");

        new Select(browser.find(By.id("filter-ratio"))).selectByValue("16:9");
        until(driver -> driver.findElements(TILES).size() == 1);
        new Select(browser.find(By.id("filter-ratio"))).selectByValue("");
        until(driver -> driver.findElements(TILES).size() == 2);

        open(By.cssSelector("#image-" + cottage.id() + " .tile-link"));
        assertThat(browser.path()).isEqualTo("/gallery/" + cottage.id());
        assertThat(browser.text(By.id("prompt-text"))).isEqualTo("The lighthouse keeper's cottage in morning fog");
        assertThat(browser.text(By.cssSelector(".detail-facts"))).contains("Misty morning").contains("3:4").contains("360 × 480 px");
        awaitImagesLoaded(".detail-image");

        press(Keys.ARROW_RIGHT);
        assertThat(browser.path()).as("→ goes to the next image of the search").isEqualTo("/gallery/" + lighthouse.id());
        assertThat(browser.driver().getCurrentUrl()).contains("q=lighthouse");
        assertThat(browser.optional(By.cssSelector("a[data-nav=next]"))).as("the last of the search").isEmpty();
        press(Keys.ARROW_LEFT);
        assertThat(browser.path()).isEqualTo("/gallery/" + cottage.id());
        press(Keys.ESCAPE);
        assertThat(browser.path()).as("Esc goes back to the grid").isEqualTo("/gallery");
        assertThat(browser.driver().getCurrentUrl()).contains("q=lighthouse").endsWith("#image-" + cottage.id());
        assertThat(ids()).containsExactly(cottage.id(), lighthouse.id());

        browser.find(By.cssSelector("#image-" + lighthouse.id() + " .star")).click();
        until(driver -> "true".equals(driver.findElement(By.cssSelector("#image-" + lighthouse.id() + " .star")).getDomAttribute("aria-pressed")));
        assertThat(images.find(ada.id(), lighthouse.id()).orElseThrow().favourite()).isTrue();
        browser.find(By.id("filter-favourite")).click();
        until(driver -> driver.findElements(TILES).size() == 1);
        assertThat(ids()).containsExactly(lighthouse.id());

        open(By.cssSelector("#image-" + lighthouse.id() + " .tile-link"));
        assertThat(browser.find(By.cssSelector(".detail-head .star")).getDomAttribute("aria-pressed")).isEqualTo("true");
        browser.cdp("Browser.grantPermissions", Map.of("permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite"), "origin", browser.baseUrl()));
        browser.find(By.cssSelector("[data-copy='#prompt-text']")).click();
        until(driver -> "Copied".equals(driver.findElement(By.cssSelector("[data-copy='#prompt-text']")).getText()));
        assertThat(browser.script("return navigator.clipboard.readText()")).isEqualTo(lighthouse.prompt());
        until(driver -> "Copy prompt".equals(driver.findElement(By.cssSelector("[data-copy='#prompt-text']")).getText()));

        new Select(browser.find(By.id("share-expiry"))).selectByVisibleText("After 7 days");
        browser.find(By.xpath("//button[normalize-space()='Create a share link']")).click();
        String link = browser.find(By.id("share-url")).getDomProperty("value");
        assertThat(link).startsWith(browser.baseUrl() + "/s/");
        assertThat(browser.text(By.id("share-expiry-note"))).matches("Expires \\d{1,2} \\w{3} \\d{4}, \\d\\d:\\d\\d UTC\\.");
        assertThat(browser.text(By.cssSelector("#share .share-note"))).isEqualTo("Share link created.");
        checkLayout("detail");

        browser.cdp("Network.clearBrowserCookies", Map.of());
        browser.open(link);
        assertThat(browser.text(By.cssSelector(".share-prompt"))).isEqualTo(lighthouse.prompt());
        awaitImagesLoaded(".share-image");
        assertThat(browser.driver().findElements(By.cssSelector(".site-header"))).as("nothing of the owner's account").isEmpty();
        checkLayout("shared");
        browser.open("/gallery");
        assertThat(browser.path()).as("a fresh session, signed out").isEqualTo("/login");
        assertThat(mountains.id()).isPositive();
    }

    @Test
    void selectsImagesDownloadsThemAsAZipAndDeletesThem() throws IOException {
        Account bob = registered("select");
        List<Image> seeded = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seeded.add(seed(bob, "Study number " + (i + 1) + " of a paper boat", null, "1:1", 300, 300));
        }
        signIn(bob.username());
        Path downloads = Files.createDirectories(DOWNLOADS.toAbsolutePath());
        try (Stream<Path> old = Files.list(downloads)) {
            old.forEach(file -> file.toFile().delete());
        }
        browser.cdp("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        browser.open("/gallery");

        assertThat(browser.optional(By.cssSelector(".selection-bar")).orElseThrow().isDisplayed()).isFalse();
        browser.find(By.cssSelector("[data-select-toggle]")).click();
        assertThat(browser.find(By.cssSelector(".selection-bar")).isDisplayed()).isTrue();
        assertThat(browser.text(By.cssSelector("[data-selection-count]"))).isEqualTo("Tick the images you want.");
        assertThat(browser.find(By.xpath("//button[normalize-space()='Download ZIP']")).isEnabled()).isFalse();
        browser.find(By.cssSelector("#image-" + seeded.get(0).id() + " .tile-link")).click();
        browser.find(By.cssSelector("#image-" + seeded.get(2).id() + " .tile-check")).click();
        assertThat(browser.text(By.cssSelector("[data-selection-count]"))).isEqualTo("2 images selected");
        assertThat(browser.path()).as("a click on a picture ticks it while selecting").isEqualTo("/gallery");
        checkLayout("selecting");

        browser.find(By.xpath("//button[normalize-space()='Download ZIP']")).click();
        Path zip = until(driver -> {
            try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(file -> file.getFileName().toString().endsWith(".zip")).findFirst().orElse(null);
            }
            catch (IOException ex) {
                return null;
            }
        });
        assertThat(zip.getFileName().toString()).matches("atelier-\\d{4}-\\d\\d-\\d\\d-2-images\\.zip");
        assertThat(entries(zip)).hasSize(2).allMatch(name -> name.contains("study-number-1-") || name.contains("study-number-3-"));

        browser.find(By.cssSelector("[data-select-all]")).click();
        assertThat(browser.text(By.cssSelector("[data-selection-count]"))).isEqualTo("4 images selected");
        browser.find(By.cssSelector("#image-" + seeded.get(3).id() + " .tile-check input")).click();
        assertThat(browser.text(By.cssSelector("[data-selection-count]"))).isEqualTo("3 images selected");
        WebElement page = browser.driver().findElement(By.tagName("html"));
        browser.find(By.xpath("//button[normalize-space()='Delete selected']")).click();
        var alert = new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(ExpectedConditions.alertIsPresent());
        assertThat(alert.getText()).isEqualTo("Delete 3 images? This cannot be undone.");
        alert.accept();
        browser.awaitNextPage(page);

        assertThat(browser.text(By.cssSelector(".flash"))).isEqualTo("Deleted 3 images.");
        assertThat(ids()).containsExactly(seeded.get(3).id());
        assertThat(browser.optional(By.cssSelector(".selection-bar")).orElseThrow().isDisplayed()).as("back to browsing").isFalse();
    }

    @Test
    void loadsMoreImagesIntoTheSamePage() {
        Account cleo = registered("more");
        for (int i = 0; i < 40; i++) {
            seed(cleo, "Tile " + i, null, "1:1", 64, 64);
        }
        signIn(cleo.username());
        browser.open("/gallery");
        assertThat(browser.driver().findElements(TILES)).hasSize(36);
        browser.script("window.stillTheSamePage = true");

        WebElement more = browser.find(By.linkText("Load more"));
        browser.script("arguments[0].scrollIntoView()", more);
        more.click();

        until(driver -> driver.findElements(TILES).size() == 40);
        assertThat(browser.text(By.cssSelector(".gallery-end"))).isEqualTo("That's all of them.");
        assertThat(browser.optional(By.linkText("Load more"))).isEmpty();
        assertThat(browser.script("return window.stillTheSamePage === true")).isEqualTo(true);
        assertThat(ids()).doesNotHaveDuplicates();
    }

    @Test
    void aNewPersonIsInvitedToGenerate() {
        signIn(registered("empty").username());
        browser.open("/gallery");

        assertThat(browser.text(By.id("gallery-empty-title"))).isEqualTo("No images yet");
        checkLayout("empty");
        browser.submit(By.linkText("Generate your first"));
        assertThat(browser.path()).isEqualTo("/generate");
    }

    /** Checks the page's layout at phone and desktop widths, light and dark, and keeps screenshots of it. */
    private static void checkLayout(String state) {
        browser.checkLayout("GalleryBrowserTests-" + state, () -> awaitImagesLoaded("img"));
    }

    /** Clicks a link and waits for the page it leads to. */
    private static void open(By link) {
        browser.submit(link);
    }

    /** Presses a key on the page (nothing focused) and waits for the page it leads to. */
    private static void press(Keys key) {
        WebElement page = browser.driver().findElement(By.tagName("html"));
        browser.script("document.activeElement && document.activeElement.blur()");
        new Actions(browser.driver()).sendKeys(key).perform();
        browser.awaitNextPage(page);
    }

    private static List<Long> ids() {
        return browser.driver().findElements(TILES).stream().map(tile -> Long.parseLong(tile.getDomAttribute("id").substring("image-".length()))).toList();
    }

    private static void awaitImagesLoaded(String selector) {
        until(driver -> Boolean.TRUE.equals(browser.script(
                "return [...document.querySelectorAll(arguments[0])].every(img => img.complete && img.naturalWidth > 0)", selector)));
    }

    private static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static <T> T until(ExpectedCondition<T> condition) {
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class).until(condition);
    }

    private Account registered(String prefix) {
        String name = prefix + SEQUENCE.incrementAndGet();
        return accounts.register(new Registration(name, name + "@example.com", PASSWORD, true), "browser-test-setup");
    }

    /** An image straight in the gallery, with the finished generation it came from. */
    private Image seed(Account account, String prompt, @Nullable String style, String ratio, int width, int height) {
        StoredImage stored = store.put(TestImages.png(width, height, SEQUENCE.incrementAndGet() * 40503), "image/png");
        jdbc.sql("""
                INSERT INTO generation_jobs (account_id, status, prompt, style, provider, aspect_ratio, count, quota_day, created_at)
                VALUES (:account, 'succeeded', :prompt, :style, 'gemini-api', :ratio, 1, '2026-03-10', 0)""")
            .param("account", account.id())
            .param("prompt", prompt)
            .param("style", style)
            .param("ratio", ratio)
            .update();
        long job = jdbc.sql("SELECT MAX(id) FROM generation_jobs WHERE account_id = :account").param("account", account.id()).query(Long.class).single();
        return images.add(new NewImage(account.id(), job, stored, prompt, style, ratio, "gemini-api"));
    }

    private static void signIn(String name) {
        browser.open("/login");
        browser.fill("username", name);
        browser.fill("password", PASSWORD);
        browser.submit(By.cssSelector("form[action$='/login'] button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/");
    }

}
