package app.atelier.credentials;

import java.security.GeneralSecurityException;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.account.Registration;
import app.atelier.provider.ImageProviders;
import app.atelier.provider.ProviderId;
import app.atelier.provider.gemini.web.FakeGeminiWebServer;
import app.atelier.support.MutableClock;
import app.atelier.support.TestClockConfiguration;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The rotation job switched on, as in production (with a short check interval): it runs by itself. */
@SpringBootTest(properties = { "atelier.credentials.rotation.enabled=true", "atelier.credentials.rotation.check-every=200ms" })
@Import(TestClockConfiguration.class)
class ScheduledCredentialRotationTests {

    private static final FakeGeminiWebServer google = FakeGeminiWebServer.start();

    @DynamicPropertySource
    static void pointAtTheFake(DynamicPropertyRegistry registry) {
        google.pointApplicationAt(registry);
    }

    @AfterAll
    static void stopGoogle() {
        google.close();
    }

    @Autowired
    Credentials credentials;

    @Autowired
    CredentialRepository repository;

    @Autowired
    CredentialCipher cipher;

    @Autowired
    Accounts accounts;

    @Autowired
    ImageProviders providers;

    @Autowired
    MutableClock clock;

    @Test
    void rotatesDueCookiesInTheBackground() throws GeneralSecurityException {
        google.useClock(clock);
        String name = Unique.name("scheduled");
        Account owner = accounts.register(new Registration(name, Unique.email(name), "juniper otter lighthouse", true), Unique.address());
        String psid = "test-psid-" + name;
        google.signIn(psid, "test-psidts-scheduled");
        credentials.saveWebCookies(owner.id(), psid, "test-psidts-scheduled");

        clock.advance(providers.cookieRotator().orElseThrow().rotationInterval());

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
            .until(() -> stored(owner).lastRotatedAt() != null);
        assertThat(google.rotations(psid)).hasSize(1);
        assertThat(cipher.decrypt(owner.id(), ProviderId.GEMINI_WEB, stored(owner).ciphertext()))
            .isEqualTo(SecretPayload.webCookies(psid, google.psidts(psid)));
    }

    private StoredCredential stored(Account owner) {
        return repository.find(owner.id(), ProviderId.GEMINI_WEB).orElseThrow();
    }

}
