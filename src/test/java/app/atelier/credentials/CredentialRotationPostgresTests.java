package app.atelier.credentials;

import java.security.GeneralSecurityException;
import java.time.Duration;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The rotation's SQL (due credentials, write-back, expiry, the lease) on the real PostgreSQL. */
@SpringBootTest(properties = { "atelier.test.database=postgresql", "atelier.credentials.rotation.enabled=false" })
@Import(TestClockConfiguration.class)
class CredentialRotationPostgresTests {

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
    CredentialRotation rotation;

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

    @Autowired
    JdbcClient jdbc;

    @Test
    void rotatesUnderTheLeaseAndExpiresDeadCookiesOnPostgres() throws GeneralSecurityException {
        google.useClock(clock);
        Account alive = owner("pgalive");
        Account dead = owner("pgdead");
        store(alive);
        store(dead);
        clock.advance(providers.cookieRotator().orElseThrow().rotationInterval());
        google.signOut(psid(dead));
        jdbc.sql("INSERT INTO leases (name, owner, expires_at) VALUES (:name, 'another-instance', :until)")
            .param("name", CredentialRotation.LEASE)
            .param("until", clock.millis() + Duration.ofMinutes(1).toMillis())
            .update();

        assertThat(rotation.rotateDueCredentials()).isEqualTo(CredentialRotation.Outcome.NOT_RUN);
        clock.advance(Duration.ofMinutes(1));
        assertThat(rotation.rotateDueCredentials()).isEqualTo(new CredentialRotation.Outcome(true, 1, 1, 0));

        StoredCredential rotated = stored(alive);
        assertThat(rotated.lastRotatedAt()).isNotNull();
        assertThat(cipher.decrypt(alive.id(), ProviderId.GEMINI_WEB, rotated.ciphertext()))
            .isEqualTo(SecretPayload.webCookies(psid(alive), google.psidts(psid(alive))));
        assertThat(stored(dead).status()).isEqualTo("expired");
        assertThat(rotation.rotateDueCredentials().rotated()).as("nothing is due right after a run").isZero();
    }

    private Account owner(String prefix) {
        String name = Unique.name(prefix);
        return accounts.register(new Registration(name, Unique.email(name), "juniper otter lighthouse", true), Unique.address());
    }

    private static String psid(Account owner) {
        return "test-psid-" + owner.username();
    }

    private void store(Account owner) {
        google.signIn(psid(owner), "test-psidts-" + owner.username());
        credentials.saveWebCookies(owner.id(), psid(owner), "test-psidts-" + owner.username());
    }

    private StoredCredential stored(Account owner) {
        return repository.find(owner.id(), ProviderId.GEMINI_WEB).orElseThrow();
    }

}
