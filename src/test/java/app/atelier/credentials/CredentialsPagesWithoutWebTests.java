package app.atelier.credentials;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import app.atelier.account.Accounts;
import app.atelier.account.Registration;
import app.atelier.provider.ProviderId;
import app.atelier.support.Browser;
import app.atelier.support.Unique;
import app.atelier.web.Problem;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(properties = "atelier.providers.gemini-web.enabled=false")
@AutoConfigureMockMvc
class CredentialsPagesWithoutWebTests {

    private static final String PASSWORD = "quartz pelican evening";

    private static final String SWITCHED_OFF = "The administrator of this Atelier switched off the Gemini web-cookie path.";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Accounts accounts;

    @Autowired
    Credentials credentials;

    @Autowired
    CredentialRepository repository;

    @Test
    void saysTheWebPathIsSwitchedOffAndOffersNoFormForIt() {
        String html = signedUp().page("/credentials");

        assertThat(html).contains(SWITCHED_OFF)
            .doesNotContain("action=\"/credentials/gemini-web")
            .doesNotContain("href=\"#web\"")
            .doesNotContain("An unofficial interface.")
            .contains("action=\"/credentials/gemini-api\"");
    }

    @Test
    void refusesCookiesPostedAnywayAndSaysWhy() {
        Browser browser = signedUp();

        MvcTestResult refused = browser.post("/credentials/gemini-web/paste", "cookies",
                "__Secure-1PSID=test-psid-off; __Secure-1PSIDTS=test-psidts-off");

        assertThat(refused).hasStatus(302).hasRedirectedUrl("/credentials#web");
        assertThat(Browser.body(browser.follow(refused))).containsSubsequence("id=\"web-title\"",
                "The Gemini web-cookie path is switched off on this installation; use an API key instead.", SWITCHED_OFF)
            .doesNotContain("test-psid-off");
        MvcTestResult typed = browser.post("/credentials/gemini-web", "psid", "test-psid-off", "psidts", "test-psidts-off");
        assertThat(Browser.body(browser.follow(typed))).contains("The Gemini web-cookie path is switched off on this installation");
    }

    @Test
    void refusesToVerifyOrHandOutWebCookiesStoredBeforeThePathWasSwitchedOff() {
        String name = Unique.name("noweb");
        long id = accounts.register(new Registration(name, Unique.email(name), PASSWORD, true), Unique.address()).id();
        repository.save(id, ProviderId.GEMINI_WEB, "not-decrypted-here", "…wxyz", "valid", "stored earlier", Instant.now());

        assertThatThrownBy(() -> credentials.verify(id, ProviderId.GEMINI_WEB)).isInstanceOf(Problem.class)
            .hasFieldOrPropertyWithValue("code", "provider_disabled");
        assertThat(credentials.open(id, ProviderId.GEMINI_WEB)).isEmpty();
    }

    private Browser signedUp() {
        String name = Unique.name("noweb");
        accounts.register(new Registration(name, Unique.email(name), PASSWORD, true), Unique.address());
        return new Browser(mvc).signedIn(name, PASSWORD);
    }

}
