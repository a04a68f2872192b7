package app.atelier.credentials;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.google.crypto.tink.KeysetHandle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import app.atelier.provider.ProviderId;
import app.atelier.support.TestDatabases;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialReEncryptionTests {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void movesEveryCredentialToThePrimaryKeyAndTheyStillDecrypt(TestDatabases database) throws GeneralSecurityException {
        JdbcClient jdbc = database.jdbc();
        CredentialRepository repository = new CredentialRepository(jdbc);
        KeysetHandle keyA = CredentialKeyset.generate();
        CredentialCipher underA = new CredentialCipher(keyA);
        List<Long> accounts = new ArrayList<>();
        // More rows than a page on SQLite, so paging is exercised; the PostgreSQL test source opens a connection per statement.
        int accountCount = database == TestDatabases.SQLITE ? CredentialKeyCheck.PAGE_SIZE / 2 + 10 : 5;
        for (int i = 0; i < accountCount; i++) {
            long account = account(jdbc, "reenc" + i);
            accounts.add(account);
            repository.save(account, ProviderId.GEMINI_WEB, underA.encrypt(account, ProviderId.GEMINI_WEB, "psid=p" + i + "\npsidts=t" + i),
                    "…t" + i, "valid", "signed in", NOW);
            repository.save(account, ProviderId.GEMINI_API, underA.encrypt(account, ProviderId.GEMINI_API, "apiKey=key-" + i), "…" + i,
                    "valid", "ok", NOW);
        }
        CredentialCipher underAB = new CredentialCipher(CredentialKeyset.withNewPrimary(keyA));
        long account0 = accounts.get(0);
        repository.save(account0, ProviderId.GEMINI_API, underAB.encrypt(account0, ProviderId.GEMINI_API, "apiKey=already-new"), "…-new",
                "valid", "ok", NOW);
        CredentialReEncryption reEncryption = new CredentialReEncryption(repository, underAB);

        CredentialReEncryption.Result result = reEncryption.reEncryptAll();

        int rows = accounts.size() * 2;
        assertThat(result).isEqualTo(new CredentialReEncryption.Result(rows, rows - 1));
        List<StoredCredential> stored = repository.findPage(0, rows + 1);
        assertThat(stored).hasSize(rows).allSatisfy(credential -> assertThat(underAB.madeWithOlderKey(credential.ciphertext())).isFalse());
        for (int i = 0; i < accounts.size(); i++) {
            long account = accounts.get(i);
            assertThat(underAB.decrypt(account, ProviderId.GEMINI_WEB, repository.find(account, ProviderId.GEMINI_WEB).orElseThrow().ciphertext()))
                .isEqualTo("psid=p" + i + "\npsidts=t" + i);
        }
        assertThat(underAB.decrypt(account0, ProviderId.GEMINI_API, repository.find(account0, ProviderId.GEMINI_API).orElseThrow().ciphertext()))
            .isEqualTo("apiKey=already-new");
        StoredCredential after = repository.find(accounts.get(1), ProviderId.GEMINI_API).orElseThrow();
        assertThat(after.status()).isEqualTo("valid");
        assertThat(after.hint()).isEqualTo("…1");
        assertThat(after.updatedAt()).isEqualTo(NOW);
        assertThatThrownBy(() -> underA.decrypt(accounts.get(1), ProviderId.GEMINI_API, after.ciphertext()))
            .as("re-encrypted rows need the new key").isInstanceOf(GeneralSecurityException.class);

        assertThat(reEncryption.reEncryptAll()).as("a second run has nothing left to do")
            .isEqualTo(new CredentialReEncryption.Result(rows, 0));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void doesNotOverwriteACiphertextThatChangedInTheMeantime(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        CredentialRepository repository = new CredentialRepository(jdbc);
        CredentialCipher cipher = new CredentialCipher(CredentialKeyset.generate());
        long account = account(jdbc, "race");
        repository.save(account, ProviderId.GEMINI_API, cipher.encrypt(account, ProviderId.GEMINI_API, "apiKey=first"), "…irst", "valid",
                "ok", NOW);
        StoredCredential read = repository.find(account, ProviderId.GEMINI_API).orElseThrow();
        repository.save(account, ProviderId.GEMINI_API, cipher.encrypt(account, ProviderId.GEMINI_API, "apiKey=second"), "…cond", "valid",
                "ok", NOW);

        assertThat(repository.replaceCiphertext(read.id(), read.ciphertext(), "stale")).isFalse();
        assertThat(repository.find(account, ProviderId.GEMINI_API).orElseThrow().ciphertext()).isNotEqualTo("stale");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void stopsAtACredentialItCannotDecrypt(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        CredentialRepository repository = new CredentialRepository(jdbc);
        CredentialCipher stranger = new CredentialCipher(CredentialKeyset.generate());
        long account = account(jdbc, "stranger");
        repository.save(account, ProviderId.GEMINI_API, stranger.encrypt(account, ProviderId.GEMINI_API, "apiKey=x"), "…", "valid", "ok", NOW);
        String before = repository.find(account, ProviderId.GEMINI_API).orElseThrow().ciphertext();

        assertThatThrownBy(() -> new CredentialReEncryption(repository, new CredentialCipher(CredentialKeyset.generate())).reEncryptAll())
            .hasMessageContaining("cannot be decrypted");
        assertThat(repository.find(account, ProviderId.GEMINI_API).orElseThrow().ciphertext()).isEqualTo(before);
    }

    static long account(JdbcClient jdbc, String name) {
        jdbc.sql("INSERT INTO accounts (username, email, password_hash, created_at) VALUES (:name, :email, 'x', 0)")
            .param("name", name)
            .param("email", name + "@example.com")
            .update();
        return jdbc.sql("SELECT id FROM accounts WHERE username = :name").param("name", name).query(Long.class).single();
    }

}
