package app.atelier.credentials;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.account.Registration;
import app.atelier.platform.Leases;
import app.atelier.provider.ImageProviders;
import app.atelier.provider.ProviderId;
import app.atelier.provider.gemini.web.FakeGeminiWebServer;
import app.atelier.provider.gemini.web.FakeGeminiWebServer.SentCookies;
import app.atelier.support.Mail;
import app.atelier.support.MutableClock;
import app.atelier.support.TestClockConfiguration;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Cookie rotation against the fake Gemini web app, with expiry mails through a real SMTP server (GreenMail). */
@SpringBootTest(properties = "atelier.credentials.rotation.enabled=false")
@Import(TestClockConfiguration.class)
class CredentialRotationTests {

    static final String EXPIRED_SUBJECT = "Your Gemini cookies expired";

    private static final String PASSWORD = "juniper otter lighthouse";

    private static final FakeGeminiWebServer google = FakeGeminiWebServer.start();

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        google.pointApplicationAt(registry);
        registry.add("spring.mail.host", () -> smtp.getSmtp().getServerSetup().getBindAddress());
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
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
    Leases leases;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("applicationTaskExecutor")
    TaskExecutor mailExecutor;

    @BeforeEach
    void startClean() throws FolderException {
        google.useClock(clock);
        google.rotateNormally();
        // Every run rotates whatever is due in the whole table: each test starts with only its own credentials.
        jdbc.sql("DELETE FROM credentials").update();
        jdbc.sql("DELETE FROM leases").update();
        smtp.purgeEmailFromAllMailboxes();
    }

    @Test
    void writesTheRotatedCookieBackEncrypted() throws GeneralSecurityException {
        Account owner = owner("rot");
        String psid = psid(owner);
        StoredCredential before = storeCookies(owner, psid, "test-psidts-before");
        clock.advance(interval());

        assertThat(rotation.rotateDueCredentials()).isEqualTo(new CredentialRotation.Outcome(true, 1, 0, 0));

        String fresh = google.psidts(psid);
        assertThat(fresh).startsWith("sidts-").isNotEqualTo("test-psidts-before");
        assertThat(google.rotations(psid)).containsExactly(new SentCookies(psid, "test-psidts-before"));
        StoredCredential after = stored(owner);
        assertThat(after.ciphertext()).isNotEqualTo(before.ciphertext());
        assertThat(cipher.decrypt(owner.id(), ProviderId.GEMINI_WEB, after.ciphertext())).isEqualTo(SecretPayload.webCookies(psid, fresh));
        assertThat(after.lastRotatedAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        assertThat(after.status()).isEqualTo("valid");
        assertThat(row(after.id())).noneSatisfy(value -> assertThat(value).containsAnyOf(psid, fresh, "test-psidts-before"));
    }

    @Test
    void leavesACredentialAloneUntilItIsDueAgain() {
        Account owner = owner("due");
        String psid = psid(owner);
        storeCookies(owner, psid, "test-psidts-due");
        clock.advance(interval());
        rotation.rotateDueCredentials();
        Instant firstRotation = stored(owner).lastRotatedAt();
        Duration dueAfter = CredentialRotation.dueAfter(interval(), stored(owner).id(), firstRotation);

        assertThat(rotation.rotateDueCredentials().rotated()).isZero();
        clock.advance(dueAfter.minusSeconds(1));
        assertThat(rotation.rotateDueCredentials().rotated()).isZero();
        assertThat(google.rotations(psid)).hasSize(1);
        assertThat(stored(owner).lastRotatedAt()).isEqualTo(firstRotation);

        clock.advance(Duration.ofSeconds(1));
        assertThat(rotation.rotateDueCredentials().rotated()).isEqualTo(1);
        assertThat(google.rotations(psid)).hasSize(2);
        assertThat(stored(owner).lastRotatedAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void spreadsCredentialsOverAFifthOfTheIntervalAndNeverRotatesWithinAMinute() {
        Duration interval = Duration.ofMinutes(10);
        Instant baseline = Instant.parse("2026-01-01T00:00:00Z");
        Set<Duration> seen = new HashSet<>();
        for (long id = 1; id <= 1000; id++) {
            Duration dueAfter = CredentialRotation.dueAfter(interval, id, baseline.plusSeconds(id * 7));
            assertThat(dueAfter).isGreaterThan(Duration.ofMinutes(8)).isLessThanOrEqualTo(interval);
            assertThat(CredentialRotation.dueAfter(interval, id, baseline.plusSeconds(id * 7))).isEqualTo(dueAfter);
            seen.add(dueAfter);
        }
        assertThat(seen).hasSizeGreaterThan(500);
        assertThat(CredentialRotation.earliestDue(interval)).isEqualTo(Duration.ofMinutes(8));
        for (long id = 1; id <= 100; id++) {
            assertThat(CredentialRotation.dueAfter(Duration.ofSeconds(10), id, baseline)).isEqualTo(Duration.ofSeconds(60));
            assertThat(CredentialRotation.dueAfter(Duration.ofSeconds(70), id, baseline)).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        }
    }

    @Test
    void rotatesNothingWhileAnotherInstanceHoldsTheLeaseAndTakesAnExpiredLeaseOver() {
        Account owner = owner("lease");
        String psid = psid(owner);
        storeCookies(owner, psid, "test-psidts-lease");
        clock.advance(interval());
        jdbc.sql("INSERT INTO leases (name, owner, expires_at) VALUES (:name, 'another-instance', :until)")
            .param("name", CredentialRotation.LEASE)
            .param("until", clock.instant().plus(Duration.ofMinutes(5)).toEpochMilli())
            .update();

        assertThat(rotation.rotateDueCredentials()).isEqualTo(CredentialRotation.Outcome.NOT_RUN);
        assertThat(google.rotations(psid)).isEmpty();
        assertThat(stored(owner).lastRotatedAt()).isNull();

        clock.advance(Duration.ofMinutes(5));
        assertThat(rotation.rotateDueCredentials()).isEqualTo(new CredentialRotation.Outcome(true, 1, 0, 0));
        assertThat(google.rotations(psid)).hasSize(1);
        assertThat(leaseHolders()).as("released after the run").isEmpty();
    }

    @Test
    void twoConcurrentRunsRotateEachCredentialOnce() throws Exception {
        List<String> psids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Account owner = owner("twice");
            psids.add(psid(owner));
            storeCookies(owner, psids.get(i), "test-psidts-twice-" + i);
        }
        clock.advance(interval());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<CredentialRotation.Outcome>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(threads.submit(() -> {
                    start.await();
                    return rotation.rotateDueCredentials();
                }));
            }
            start.countDown();
            int rotated = 0;
            for (Future<CredentialRotation.Outcome> run : runs) {
                rotated += run.get().rotated();
            }

            assertThat(rotated).isEqualTo(3);
            psids.forEach(psid -> assertThat(google.rotations(psid)).hasSize(1));
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRotationAnswered401ExpiresTheCredentialAndMailsTheOwnerOncePerExpiry() {
        Account owner = owner("dead");
        String psid = psid(owner);
        storeCookies(owner, psid, "test-psidts-dead");
        clock.advance(interval());
        google.refuseRotations();

        assertThat(rotation.rotateDueCredentials()).isEqualTo(new CredentialRotation.Outcome(true, 0, 1, 0));
        assertThat(stored(owner).status()).isEqualTo("expired");
        assertThat(stored(owner).statusDetail()).contains("401");
        assertThat(credentials.expired(owner.id())).singleElement().extracting(Credential::provider).isEqualTo(ProviderId.GEMINI_WEB);
        for (int run = 0; run < 3; run++) {
            clock.advance(interval());
            assertThat(rotation.rotateDueCredentials().expired()).isZero();
        }
        credentials.reportExpired(owner.id(), ProviderId.GEMINI_WEB, "StreamGenerate answered as signed out");
        assertThat(google.rotations(psid)).hasSize(1);
        assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
        List<Mail> mails = settledMails(owner.email());
        assertThat(mails).singleElement().satisfies(mail -> {
            assertThat(mail.text()).contains("RotateCookies answered HTTP 401").contains("/credentials");
            assertThat(mail.text()).doesNotContain(psid, "test-psidts-dead");
        });

        assertThat(expiryNotified(owner)).isTrue();

        google.rotateNormally();
        String newPsid = psid(owner) + "-again";
        storeCookies(owner, newPsid, "test-psidts-again");
        assertThat(stored(owner).status()).isEqualTo("valid");
        assertThat(credentials.expired(owner.id())).isEmpty();
        assertThat(expiryNotified(owner)).isFalse();
        clock.advance(interval());
        google.refuseRotations();

        assertThat(rotation.rotateDueCredentials().expired()).isEqualTo(1);
        assertThat(smtp.waitForIncomingEmail(20_000, 2)).isTrue();
        assertThat(settledMails(owner.email())).hasSize(2);
    }

    @Test
    void verifyingDeadCookiesExpiresTheCredentialAndMailsOnce() {
        Account owner = owner("verify");
        String psid = psid(owner);
        storeCookies(owner, psid, "test-psidts-verify");
        google.signOut(psid);

        assertThat(credentials.verify(owner.id(), ProviderId.GEMINI_WEB).status()).isEqualTo("expired");
        assertThat(credentials.verify(owner.id(), ProviderId.GEMINI_WEB).status()).isEqualTo("expired");

        assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
        assertThat(settledMails(owner.email())).hasSize(1);
        assertThat(credentials.open(owner.id(), ProviderId.GEMINI_WEB)).isEmpty();
    }

    @Test
    void aGenerationThatFindsTheCookiesDeadExpiresThemAndMailsOnce() {
        Account owner = owner("generation");
        storeCookies(owner, psid(owner), "test-psidts-generation");

        for (int attempt = 0; attempt < 3; attempt++) {
            credentials.reportExpired(owner.id(), ProviderId.GEMINI_WEB, "StreamGenerate answered as signed out");
        }

        assertThat(stored(owner).status()).isEqualTo("expired");
        assertThat(stored(owner).statusDetail()).isEqualTo("StreamGenerate answered as signed out");
        assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
        assertThat(settledMails(owner.email())).singleElement()
            .satisfies(mail -> assertThat(mail.text()).contains("StreamGenerate answered as signed out"));
        clock.advance(interval());
        assertThat(rotation.rotateDueCredentials().rotated()).as("an expired credential is not rotated").isZero();
    }

    @Test
    void passingRotationFailuresKeepTheCredentialValidAndAreRetriedOnTheNextRun() {
        Account owner = owner("passing");
        String psid = psid(owner);
        StoredCredential before = storeCookies(owner, psid, "test-psidts-passing");
        clock.advance(interval());

        google.rotatedElsewhereJustNow(psid);
        assertThat(rotation.rotateDueCredentials()).isEqualTo(new CredentialRotation.Outcome(true, 0, 0, 1));
        clock.advance(Duration.ofSeconds(61));
        google.rotateWithoutNewCookie();
        assertThat(rotation.rotateDueCredentials()).isEqualTo(new CredentialRotation.Outcome(true, 0, 0, 1));

        StoredCredential after = stored(owner);
        assertThat(after.status()).isEqualTo("valid");
        assertThat(after.ciphertext()).isEqualTo(before.ciphertext());
        assertThat(after.lastRotatedAt()).isNull();

        clock.advance(Duration.ofSeconds(61));
        google.rotateNormally();
        assertThat(rotation.rotateDueCredentials()).isEqualTo(new CredentialRotation.Outcome(true, 1, 0, 0));
        assertThat(google.rotations(psid)).hasSize(3);
        assertThat(settledMails(owner.email())).isEmpty();
    }

    @Test
    void rotatingOneUsersCredentialNeverTouchesAnothers() throws GeneralSecurityException {
        Account alice = owner("alice");
        Account bob = owner("bob");
        Account carol = owner("carol");
        storeCookies(alice, psid(alice), "test-psidts-alice");
        storeCookies(bob, psid(bob), "test-psidts-bob");
        clock.advance(interval().dividedBy(2));
        StoredCredential carolBefore = storeCookies(carol, psid(carol), "test-psidts-carol");
        clock.advance(interval().dividedBy(2));
        google.signOut(psid(alice));

        assertThat(rotation.rotateDueCredentials()).isEqualTo(new CredentialRotation.Outcome(true, 1, 1, 0));

        assertThat(stored(alice).status()).isEqualTo("expired");
        assertThat(google.rotations(psid(alice))).containsExactly(new SentCookies(psid(alice), "test-psidts-alice"));
        assertThat(google.rotations(psid(bob))).containsExactly(new SentCookies(psid(bob), "test-psidts-bob"));
        assertThat(google.rotations(psid(carol))).isEmpty();
        StoredCredential bobAfter = stored(bob);
        assertThat(bobAfter.status()).isEqualTo("valid");
        assertThat(cipher.decrypt(bob.id(), ProviderId.GEMINI_WEB, bobAfter.ciphertext()))
            .isEqualTo(SecretPayload.webCookies(psid(bob), google.psidts(psid(bob))));
        assertThatExceptionOfType(GeneralSecurityException.class)
            .isThrownBy(() -> cipher.decrypt(alice.id(), ProviderId.GEMINI_WEB, bobAfter.ciphertext()));
        assertThat(stored(carol)).isEqualTo(carolBefore);

        assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
        assertThat(settledMails(alice.email())).hasSize(1);
        assertThat(settledMails(bob.email())).isEmpty();
        assertThat(settledMails(carol.email())).isEmpty();
    }

    @Test
    void schedulesItselfOnlyWhenEnabled() {
        ScheduledTaskRegistrar disabled = new ScheduledTaskRegistrar();
        rotation.configureTasks(disabled);
        assertThat(disabled.getFixedDelayTaskList()).isEmpty();

        CredentialRotation enabled = new CredentialRotation(repository, cipher, credentials, providers, leases, clock,
                new CredentialRotationProperties(true, Duration.ofSeconds(30), 10, Duration.ofMinutes(5)));
        ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();
        enabled.configureTasks(registrar);
        assertThat(registrar.getFixedDelayTaskList()).singleElement().satisfies(task -> {
            assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofSeconds(30));
            assertThat(task.getInitialDelayDuration()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    private Account owner(String prefix) {
        String name = Unique.name(prefix);
        return accounts.register(new Registration(name, Unique.email(name), PASSWORD, true), Unique.address());
    }

    private static String psid(Account owner) {
        return "test-psid-" + owner.username();
    }

    /** Signs the cookies in at the fake and stores them the way the Credentials page does (validated first). */
    private StoredCredential storeCookies(Account owner, String psid, String psidts) {
        google.signIn(psid, psidts);
        assertThat(credentials.saveWebCookies(owner.id(), psid, psidts).status()).isEqualTo("valid");
        return stored(owner);
    }

    private StoredCredential stored(Account owner) {
        return repository.find(owner.id(), ProviderId.GEMINI_WEB).orElseThrow();
    }

    private Duration interval() {
        return providers.cookieRotator().orElseThrow().rotationInterval();
    }

    private List<String> row(long id) {
        Map<String, Object> row = jdbc.sql("SELECT * FROM credentials WHERE id = :id").param("id", id).query().singleRow();
        return row.values().stream().map(String::valueOf).toList();
    }

    private List<String> leaseHolders() {
        return jdbc.sql("SELECT owner FROM leases WHERE name = :name").param("name", CredentialRotation.LEASE).query(String.class).list();
    }

    private boolean expiryNotified(Account owner) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM credentials
                WHERE account_id = :account AND provider = 'gemini-web' AND expiry_notified_at IS NOT NULL""")
            .param("account", owner.id())
            .query(Integer.class)
            .single() == 1;
    }

    /**
     * The expiry mails to this address once every mail handed to the background sender went out: counting them before
     * that could miss a duplicate still on its way.
     */
    private List<Mail> settledMails(String to) {
        if (mailExecutor instanceof ThreadPoolTaskExecutor pool) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> pool.getActiveCount() == 0 && pool.getThreadPoolExecutor().getQueue().isEmpty());
        }
        return Arrays.stream(smtp.getReceivedMessagesForDomain(to))
            .map(Mail::of)
            .filter(mail -> mail.subject().equals(EXPIRED_SUBJECT))
            .toList();
    }

}
