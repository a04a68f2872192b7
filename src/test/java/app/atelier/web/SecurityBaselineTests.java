package app.atelier.web;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import app.atelier.support.Browser;
import app.atelier.support.Html;
import app.atelier.support.TestClockConfiguration;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
class SecurityBaselineTests {

    private static final String PASSWORD = "quiet heron lantern";

    @Autowired
    MockMvcTester mvc;

    @Test
    void pagesAnswerWithStrictSecurityHeaders() {
        Browser anonymous = new Browser(mvc);
        assertSecurityHeaders(anonymous.get("/"));
        assertSecurityHeaders(anonymous.get("/login"));
        assertSecurityHeaders(anonymous.get("/settings"));
        Browser member = signedUp();
        assertSecurityHeaders(member.get("/"));
        assertSecurityHeaders(member.get("/settings"));
        assertSecurityHeaders(member.post("/settings/tokens", "name", "headers"));
    }

    @Test
    void apiAnswersCarryTheSameHeaders() {
        Browser anonymous = new Browser(mvc);
        MvcTestResult unauthorized = anonymous.get("/api/v1/me");
        assertThat(unauthorized).hasStatus(401);
        assertSecurityHeaders(unauthorized);
        Browser member = signedUp();
        MvcTestResult me = member.get("/api/v1/me");
        assertThat(me).hasStatus(200);
        assertSecurityHeaders(me);
    }

    @Test
    void pagesContainNoInlineScriptsOrStyles() {
        Browser anonymous = new Browser(mvc);
        for (String page : new String[] { "/", "/login", "/login?error", "/login?throttled=3", "/login?signedOut", "/register",
                "/password-reset", "/terms" }) {
            Html.assertNoInlineCode(anonymous.page(page));
        }
        MvcTestResult invalidForm = anonymous.post("/register", "username", "x", "email", "nope", "password", "short");
        assertThat(invalidForm).hasStatus(422);
        Html.assertNoInlineCode(Browser.body(invalidForm));

        Browser member = signedUp();
        Html.assertNoInlineCode(member.page("/"));
        Html.assertNoInlineCode(member.page("/settings"));
        MvcTestResult created = member.follow(member.post("/settings/tokens", "name", "inline check", "expiresInDays", "30"));
        assertThat(Browser.body(created)).contains("Copy it now");
        Html.assertNoInlineCode(Browser.body(created));
        MvcTestResult refused = member.follow(member.post("/settings/password", "currentPassword", "not my password",
                "newPassword", "whatever long enough", "confirmPassword", "whatever long enough"));
        assertThat(Browser.body(refused)).contains("This is not your current password.");
        Html.assertNoInlineCode(Browser.body(refused));
    }

    @Test
    void refusesAFormPostWithoutTheCsrfToken() {
        Browser member = signedUp();
        MvcTestResult forged = member.postWithoutCsrf("/settings/tokens", "name", "forged by another site");
        assertThat(forged).hasStatus(403);
        assertThat(member.page("/settings")).doesNotContain("forged by another site");
    }

    @Test
    void acceptsAnHtmxRequestThatSendsTheTokenFromThePageInAHeader() {
        Browser member = signedUp();
        String html = member.page("/settings");
        String token = Html.csrfToken(html);
        assertThat(html).contains("<meta name=\"csrf-header\" content=\"X-CSRF-TOKEN\">");
        MvcTestResult htmx = member.exchange(mvc.post().uri("/settings/tokens").param("name", "made by htmx")
            .header("HX-Request", "true").header("X-CSRF-TOKEN", token));
        assertThat(htmx).hasStatus(302).hasRedirectedUrl("/settings#tokens");
        assertThat(Browser.body(member.follow(htmx))).contains("made by htmx");
    }

    @Test
    void refusesTamperedTokensInTheHeader() {
        Browser member = signedUp();
        String token = Html.csrfToken(member.page("/settings"));
        for (int bits : new int[] { 0x01, 0x80 }) {
            MvcTestResult tampered = member.exchange(mvc.post().uri("/settings/tokens").param("name", "tampered")
                .header("HX-Request", "true").header("X-CSRF-TOKEN", flipFirstByte(token, bits)));
            assertThat(tampered).as("flipping %s", bits).hasStatus(403);
        }
        assertThat(member.page("/settings")).doesNotContain("tampered");
    }

    /**
     * Changes a masked CSRF token the way an attacker might: flipping 0x01 unmasks to another plausible token, flipping
     * 0x80 to bytes that are not UTF-8.
     */
    private static String flipFirstByte(String maskedToken, int bits) {
        byte[] bytes = Base64.getUrlDecoder().decode(maskedToken);
        bytes[0] ^= (byte) bits;
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    @Test
    void refusesAnApiSessionRequestWithoutTheCsrfHeaderButAcceptsItWithTheHeader() {
        Browser member = signedUp();
        String token = Html.csrfToken(member.page("/settings"));
        MvcTestResult refused = member.exchange(mvc.post().uri("/api/v1/tokens"));
        assertThat(refused).hasStatus(403);
        assertThat(refused.getResponse().getContentType()).startsWith("application/problem+json");
        MvcTestResult tampered = member.exchange(mvc.post().uri("/api/v1/tokens").header("X-CSRF-TOKEN", flipFirstByte(token, 0x80)));
        assertThat(tampered).hasStatus(403);
        assertThat(tampered.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(member.exchange(mvc.post().uri("/api/v1/tokens").header("X-CSRF-TOKEN", token))).hasStatus(201);
    }

    private Browser signedUp() {
        Browser browser = new Browser(mvc);
        String name = Unique.name("web");
        assertThat(browser.register(name, Unique.email(name), PASSWORD)).hasStatus(302).hasRedirectedUrl("/");
        return browser;
    }

    static void assertSecurityHeaders(MvcTestResult result) {
        var response = result.getResponse();
        String policy = response.getHeader("Content-Security-Policy");
        assertThat(policy).as("Content-Security-Policy").isNotNull().doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        Map<String, String> directives = Arrays.stream(policy.split(";"))
            .map(String::strip)
            .filter(directive -> !directive.isEmpty())
            .collect(Collectors.toMap(directive -> directive.split(" ", 2)[0], directive -> directive.split(" ", 2)[1]));
        assertThat(directives).containsEntry("default-src", "'self'")
            .containsEntry("script-src", "'self'")
            .containsEntry("style-src", "'self'")
            .containsEntry("object-src", "'none'")
            .containsEntry("frame-ancestors", "'none'");
        assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }

}
