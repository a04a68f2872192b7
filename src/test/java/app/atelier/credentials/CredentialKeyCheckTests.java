package app.atelier.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.crypto.tink.KeysetHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import app.atelier.AtelierApplication;
import app.atelier.provider.ProviderCredential;
import app.atelier.provider.ProviderId;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static app.atelier.credentials.CredentialKeysetTests.assertKeyMaterialAbsent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real starts of the whole application on one data directory, with the keyset changing between them. */
@ExtendWith(OutputCaptureExtension.class)
class CredentialKeyCheckTests {

    private static final String WEB_SECRET = "psid=test-psid-keycheck-H3j5\npsidts=test-psidts-keycheck-V6b8";

    private static final String API_SECRET = "apiKey=test-api-key-keycheck-N1m2";

    @TempDir
    Path dataDir;

    @Test
    void refusesToStartWhenStoredCredentialsNeedAnotherKeysetAndChangesNothing(CapturedOutput output) throws IOException {
        Path keysA = keysetFile("keys-a.json", CredentialKeyset.generate());
        Path keysB = keysetFile("keys-b.json", CredentialKeyset.generate());
        long webId;
        long apiId;
        try (ConfigurableApplicationContext context = start(keysA)) {
            webId = store(context, "alice", ProviderId.GEMINI_WEB, WEB_SECRET);
            apiId = store(context, "bob", ProviderId.GEMINI_API, API_SECRET);
        }
        List<Map<String, Object>> before = rows();
        int mark = output.getAll().length();

        assertThatThrownBy(() -> start(keysB).close()).hasRootCauseInstanceOf(CredentialKeyException.class);

        assertThat(rows()).as("the credentials table after the refused start").isEqualTo(before);
        assertThat(output.getAll().substring(mark)).contains("APPLICATION FAILED TO START")
            .contains("2 stored credentials (ids " + webId + ", " + apiId + ") cannot be decrypted with the configured credentials "
                    + "keyset, which comes from the file " + keysB + " (atelier.credentials.keyset-file).")
            .contains("Atelier stopped before serving anything; no credential was changed or deleted.")
            .contains("Configure the keyset that encrypted them, with all its keys, through ATELIER_KEYSET or "
                    + "atelier.credentials.keyset-file")
            .doesNotContain("Tomcat started");
        assertSecretsAbsent(output.getAll());
        assertKeyMaterialAbsent(Files.readString(keysA), output.getAll());
        assertKeyMaterialAbsent(Files.readString(keysB), output.getAll());

        assertThat(CredentialCommands.run(AtelierApplication.class, "--re-encrypt-credentials", "--atelier.data-dir=" + dataDir,
                "--atelier.credentials.keyset-file=" + keysB)).as("re-encryption with the wrong keyset").isEqualTo(1);
        assertThat(output).contains("Re-encryption failed");
        assertThat(rows()).isEqualTo(before);

        try (ConfigurableApplicationContext context = start(keysA)) {
            assertThat(open(context, "alice", ProviderId.GEMINI_WEB)).isEqualTo(new ProviderCredential.WebCookies(
                    Credentials.key(accountId(context, "alice"), ProviderId.GEMINI_WEB), "test-psid-keycheck-H3j5", "test-psidts-keycheck-V6b8"));
        }
    }

    @Test
    void warnsAboutCredentialsUnderAnOlderKeyUntilTheyAreReEncrypted(CapturedOutput output) throws IOException {
        Path keys = keysetFile("keys.json", CredentialKeyset.generate());
        String onlyTheFirstKey = Files.readString(keys);
        try (ConfigurableApplicationContext context = start(keys)) {
            store(context, "carol", ProviderId.GEMINI_WEB, WEB_SECRET);
            store(context, "carol", ProviderId.GEMINI_API, API_SECRET);
        }
        assertThat(output).doesNotContain("still encrypted with an older key");

        assertThat(CredentialCommands.run(AtelierApplication.class, "--new-credentials-key", "--atelier.data-dir=" + dataDir,
                "--atelier.credentials.keyset-file=" + keys)).isZero();
        try (ConfigurableApplicationContext context = start(keys)) {
            assertThat(output).contains("WARN").contains("2 stored credentials are still encrypted with an older key of the keyset. Run "
                    + "Atelier once with --re-encrypt-credentials to move them to the primary key");
            assertThat(open(context, "carol", ProviderId.GEMINI_API)).extracting(credential -> ((ProviderCredential.ApiKey) credential).apiKey())
                .isEqualTo("test-api-key-keycheck-N1m2");
        }

        int mark = output.getAll().length();
        assertThat(CredentialCommands.run(AtelierApplication.class, "--re-encrypt-credentials", "--atelier.data-dir=" + dataDir,
                "--atelier.credentials.keyset-file=" + keys)).isZero();
        assertThat(output.getAll().substring(mark)).contains("Re-encrypted 2 of 2 stored credentials under the primary key")
            .as("the command does not ask for itself").doesNotContain("still encrypted with an older key");
        assertThat(CredentialCommands.run(AtelierApplication.class, "--re-encrypt-credentials", "--atelier.data-dir=" + dataDir,
                "--atelier.credentials.keyset-file=" + keys)).isZero();
        assertThat(output).contains("Re-encrypted 0 of 2 stored credentials under the primary key");
        int warnings = count(output.getAll(), "still encrypted with an older key");
        try (ConfigurableApplicationContext context = start(keys)) {
            assertThat(count(output.getAll(), "still encrypted with an older key")).as("no warning once re-encrypted").isEqualTo(warnings);
            assertThat(open(context, "carol", ProviderId.GEMINI_WEB)).extracting(credential -> ((ProviderCredential.WebCookies) credential).psidts())
                .isEqualTo("test-psidts-keycheck-V6b8");
        }

        Files.writeString(keys, onlyTheFirstKey);
        assertThatThrownBy(() -> start(keys).close()).as("the first key alone no longer opens them")
            .hasRootCauseInstanceOf(CredentialKeyException.class);
        assertSecretsAbsent(output.getAll());
    }

    private ConfigurableApplicationContext start(Path keyset) {
        return new SpringApplication(AtelierApplication.class).run("--server.port=0", "--atelier.data-dir=" + dataDir,
                "--atelier.credentials.keyset-file=" + keyset);
    }

    private Path keysetFile(String name, KeysetHandle keyset) {
        Path file = dataDir.resolve(name);
        CredentialKeyset.write(file, CredentialKeyset.serialize(keyset));
        return file;
    }

    private static long store(ConfigurableApplicationContext context, String username, ProviderId provider, String secret) {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        if (jdbc.sql("SELECT COUNT(*) FROM accounts WHERE username = :name").param("name", username).query(Long.class).single() == 0) {
            CredentialReEncryptionTests.account(jdbc, username);
        }
        long account = accountId(context, username);
        context.getBean(CredentialRepository.class)
            .save(account, provider, context.getBean(CredentialCipher.class).encrypt(account, provider, secret), "…hint", "valid", "ok",
                    java.time.Instant.now());
        return context.getBean(CredentialRepository.class).find(account, provider).orElseThrow().id();
    }

    private static long accountId(ConfigurableApplicationContext context, String username) {
        return context.getBean(JdbcClient.class).sql("SELECT id FROM accounts WHERE username = :name").param("name", username)
            .query(Long.class).single();
    }

    private static ProviderCredential open(ConfigurableApplicationContext context, String username, ProviderId provider) {
        return context.getBean(Credentials.class).open(accountId(context, username), provider).orElseThrow();
    }

    private List<Map<String, Object>> rows() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:sqlite:" + dataDir.resolve("atelier.db"));
        return JdbcClient.create(dataSource).sql("SELECT * FROM credentials ORDER BY id").query().listOfRows();
    }

    private static void assertSecretsAbsent(String text) {
        assertThat(text).doesNotContain("test-psid-keycheck").doesNotContain("test-psidts-keycheck").doesNotContain("test-api-key-keycheck");
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

}
