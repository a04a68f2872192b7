package app.atelier.account;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import app.atelier.support.TestDatabases;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AccountRepositoryTests {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123Z");

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void makesTheFirstAccountAnApprovedAdminAndLaterOnesUsers(TestDatabases database) {
        AccountRepository accounts = new AccountRepository(database.jdbc());
        Account first = accounts.insert("ada", "ada@example.com", "hash-1", false, NOW);
        Account second = accounts.insert("brian", "brian@example.com", "hash-2", true, NOW);
        Account third = accounts.insert("carla", "carla@example.com", "hash-3", true, NOW);
        assertThat(first.role()).isEqualTo(Role.ADMIN);
        assertThat(first.admin()).isTrue();
        assertThat(first.approved()).isTrue();
        assertThat(second.role()).isEqualTo(Role.USER);
        assertThat(third.role()).isEqualTo(Role.USER);
        assertThat(accounts.findAdmins()).extracting(Account::username).containsExactly("ada");
        assertThat(accounts.count()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void keepsTheApprovedFlagOfLaterAccounts(TestDatabases database) {
        AccountRepository accounts = new AccountRepository(database.jdbc());
        accounts.insert("admin", "admin@example.com", "hash", true, NOW);
        assertThat(accounts.insert("waiting", "waiting@example.com", "hash", false, NOW).approved()).isFalse();
        assertThat(accounts.insert("welcome", "welcome@example.com", "hash", true, NOW).approved()).isTrue();
        assertThat(accounts.findByUsername("waiting")).get().extracting(Account::approved).isEqualTo(false);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void storesEveryFieldWithItsDefaults(TestDatabases database) {
        AccountRepository accounts = new AccountRepository(database.jdbc());
        Account account = accounts.insert("Ada", "Ada@Example.com", "hash", true, NOW);
        assertThat(account.id()).isPositive();
        assertThat(account.username()).isEqualTo("Ada");
        assertThat(account.email()).isEqualTo("Ada@Example.com");
        assertThat(account.tier()).isEqualTo("free");
        assertThat(account.enabled()).isTrue();
        assertThat(account.emailVerified()).isFalse();
        assertThat(account.createdAt()).isEqualTo(NOW);
        assertThat(account.lastLoginAt()).isNull();
        assertThat(accounts.passwordHash(account.id())).isEqualTo("hash");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void findsAccountsByIdLoginAndEmailWhateverTheCase(TestDatabases database) {
        AccountRepository accounts = new AccountRepository(database.jdbc());
        accounts.insert("someone", "someone@example.com", "hash", true, NOW);
        Account ada = accounts.insert("Ada", "Ada.Lovelace@Example.com", "hash", true, NOW);
        assertThat(accounts.findById(ada.id())).contains(ada);
        assertThat(accounts.findById(ada.id() + 1000)).isEmpty();
        assertThat(accounts.findByLogin("ada")).contains(ada);
        assertThat(accounts.findByLogin("ADA")).contains(ada);
        assertThat(accounts.findByLogin("ada.lovelace@example.com")).contains(ada);
        assertThat(accounts.findByLogin("ADA.LOVELACE@EXAMPLE.COM")).contains(ada);
        assertThat(accounts.findByLogin("nobody")).isEmpty();
        assertThat(accounts.findByEmail("ada.lovelace@EXAMPLE.com")).contains(ada);
        assertThat(accounts.findByEmail("ada")).isEmpty();
        assertThat(accounts.findByUsername("aDa")).contains(ada);
        assertThat(accounts.usernameExists("ADA")).isTrue();
        assertThat(accounts.usernameExists("bob")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void refusesAUsernameOrEmailThatDiffersOnlyInCase(TestDatabases database) {
        AccountRepository accounts = new AccountRepository(database.jdbc());
        Account ada = accounts.insert("Ada", "ada@example.com", "hash", true, NOW);
        assertThatExceptionOfType(DuplicateKeyException.class)
            .isThrownBy(() -> accounts.insert("ADA", "other@example.com", "hash", true, NOW));
        assertThatExceptionOfType(DuplicateKeyException.class)
            .isThrownBy(() -> accounts.insert("other", "ADA@EXAMPLE.COM", "hash", true, NOW));
        assertThat(accounts.count()).isEqualTo(1);
        assertThat(accounts.emailExists("ADA@example.com", 0)).isTrue();
        assertThat(accounts.emailExists("ADA@example.com", ada.id())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void updatesThePasswordHash(TestDatabases database) {
        AccountRepository accounts = new AccountRepository(database.jdbc());
        Account ada = accounts.insert("ada", "ada@example.com", "old-hash", true, NOW);
        Account bob = accounts.insert("bob", "bob@example.com", "bob-hash", true, NOW);
        accounts.updatePasswordHash(ada.id(), "new-hash");
        assertThat(accounts.passwordHash(ada.id())).isEqualTo("new-hash");
        assertThat(accounts.passwordHash(bob.id())).isEqualTo("bob-hash");
        assertThat(accounts.passwordHash(bob.id() + 1000)).isNull();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void changingTheEmailResetsItsVerification(TestDatabases database) {
        AccountRepository accounts = new AccountRepository(database.jdbc());
        Account ada = accounts.insert("ada", "ada@example.com", "hash", true, NOW);
        accounts.markEmailVerified(ada.id());
        assertThat(accounts.findById(ada.id())).get().extracting(Account::emailVerified).isEqualTo(true);
        accounts.updateEmail(ada.id(), "ada@new.example.com");
        Account changed = accounts.findById(ada.id()).orElseThrow();
        assertThat(changed.email()).isEqualTo("ada@new.example.com");
        assertThat(changed.emailVerified()).isFalse();
        assertThat(accounts.findByEmail("ada@example.com")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void recordsTheLastLogin(TestDatabases database) {
        AccountRepository accounts = new AccountRepository(database.jdbc());
        Account ada = accounts.insert("ada", "ada@example.com", "hash", true, NOW);
        Instant login = NOW.plus(3, ChronoUnit.DAYS).plusMillis(7);
        accounts.recordLogin(ada.id(), login);
        assertThat(accounts.findById(ada.id())).get().extracting(Account::lastLoginAt).isEqualTo(login);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void deletingAnAccountDeletesItsTokensButNoOneElses(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        AccountRepository accounts = new AccountRepository(jdbc);
        Account ada = accounts.insert("ada", "ada@example.com", "hash", true, NOW);
        Account bob = accounts.insert("bob", "bob@example.com", "hash", true, NOW);
        for (Account account : new Account[] { ada, bob }) {
            long id = account.id();
            jdbc.sql("INSERT INTO api_tokens (account_id, name, token_hash, created_at) VALUES (?, 'cli', ?, 1)")
                .params(id, "api-" + id).update();
            jdbc.sql("INSERT INTO remember_me_tokens (series, account_id, token_hash, last_used_at) VALUES (?, ?, 'h', 1)")
                .params("series-" + id, id).update();
            jdbc.sql("""
                    INSERT INTO one_time_tokens (account_id, purpose, token_hash, created_at, expires_at)
                    VALUES (?, 'password_reset', ?, 1, 2)""").params(id, "once-" + id).update();
        }
        accounts.delete(ada.id());
        assertThat(accounts.findById(ada.id())).isEmpty();
        for (String table : new String[] { "api_tokens", "remember_me_tokens", "one_time_tokens" }) {
            assertThat(rows(jdbc, table, ada.id())).as(table + " of the deleted account").isZero();
            assertThat(rows(jdbc, table, bob.id())).as(table + " of another account").isOne();
        }
    }

    private static long rows(JdbcClient jdbc, String table, long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE account_id = ?").param(accountId).query(Long.class).single();
    }

}
