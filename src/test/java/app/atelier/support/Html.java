package app.atelier.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading and checking the HTML of a page. */
public final class Html {

    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9-]*)\\b([^>]*)>");

    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");

    private Html() {
    }

    /** The CSRF token the layout puts into {@code <meta name="csrf-token">} for htmx. */
    public static String csrfToken(String html) {
        Matcher matcher = CSRF_META.matcher(html);
        assertThat(matcher.find()).as("the page has a csrf-token meta element").isTrue();
        return matcher.group(1);
    }

    /**
     * Checks what a Content-Security-Policy without {@code unsafe-inline} would block: script bodies, scripts without
     * {@code src}, style elements, style attributes, inline event handlers and {@code javascript:} links.
     */
    public static void assertNoInlineCode(String html) {
        Matcher script = SCRIPT.matcher(html);
        while (script.find()) {
            assertThat(script.group(1)).as("a script element loads a file: %s", script.group()).containsPattern("\\ssrc=");
            assertThat(script.group(2)).as("a script element has no body: %s", script.group()).isBlank();
        }
        assertThat(html).as("no <style> element").doesNotContainPattern("(?i)<style\\b");
        Matcher tag = TAG.matcher(html);
        while (tag.find()) {
            String attributes = tag.group(2);
            assertThat(attributes).as("no style attribute in %s", tag.group()).doesNotContainPattern("(?i)\\sstyle\\s*=");
            assertThat(attributes).as("no inline event handler in %s", tag.group()).doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
            assertThat(attributes).as("no javascript: link in %s", tag.group()).doesNotContainPattern("(?i)javascript:");
        }
    }

    /** Asserts a friendly error page leaks nothing about the failure. */
    public static void assertRevealsNothing(String html, String path, String... secrets) {
        assertThat(html).doesNotContain("Exception")
            .doesNotContain("exception")
            .doesNotContainPattern("\\bat [a-z]+\\.[a-zA-Z.$]+\\(")
            .doesNotContain("app.atelier")
            .doesNotContain("org.springframework")
            .doesNotContain("Whitelabel")
            .doesNotContain(path);
        for (String secret : secrets) {
            assertThat(html).doesNotContain(secret);
        }
    }

}
