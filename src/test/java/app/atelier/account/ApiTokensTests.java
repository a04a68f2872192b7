package app.atelier.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import app.atelier.support.MutableClock;
import app.atelier.support.TestDatabases;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApiTokensTests {

    private final MutableClock clock = new MutableClock();

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void createsTokensThatItsOwnerCanList(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        ApiTokens tokens = new ApiTokens(jdbc, clock);
        long ada = account(jdbc, "ada");
        long bob = account(jdbc, "bob");
        NewApiToken cli = tokens.create(ada, "  cli  ", 30);
        clock.advance(Duration.ofSeconds(5));
        NewApiToken unnamed = tokens.create(ada, " ", null);
        tokens.create(bob, "bob's", null);
        assertThat(cli.secret()).startsWith("atl_").hasSize(4 + 43);
        assertThat(cli.token().name()).isEqualTo("cli");
        assertThat(cli.token().expiresAt()).isEqualTo(cli.token().createdAt().plus(Duration.ofDays(30)));
        assertThat(unnamed.token().name()).isEqualTo("API token");
        assertThat(unnamed.token().expiresAt()).isNull();
        assertThat(unnamed.secret()).isNotEqualTo(cli.secret());
        List<ApiToken> listed = tokens.list(ada);
        assertThat(listed).extracting(ApiToken::id).containsExactly(unnamed.token().id(), cli.token().id());
        assertThat(listed.get(1).createdAt()).isEqualTo(cli.token().createdAt().truncatedTo(ChronoUnit.MILLIS));
        assertThat(listed.get(1).expiresAt()).isEqualTo(cli.token().expiresAt().truncatedTo(ChronoUnit.MILLIS));
        assertThat(listed).allSatisfy(token -> assertThat(token.lastUsedAt()).isNull());
        assertThat(tokens.list(bob)).extracting(ApiToken::name).containsExactly("bob's");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void refusesInvalidNamesAndExpiries(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        ApiTokens tokens = new ApiTokens(jdbc, clock);
        long ada = account(jdbc, "ada");
        assertThatExceptionOfType(Problem.class).isThrownBy(() -> tokens.create(ada, "n".repeat(101), null))
            .satisfies(problem -> assertThat(problem.errorFor("name")).isNotNull());
        assertThatExceptionOfType(Problem.class).isThrownBy(() -> tokens.create(ada, "cli", 0))
            .satisfies(problem -> assertThat(problem.code()).isEqualTo("validation_failed"));
        assertThatExceptionOfType(Problem.class).isThrownBy(() -> tokens.create(ada, "cli", 3651))
            .satisfies(problem -> assertThat(problem.errorFor("expiresInDays")).isNotNull());
        assertThat(tokens.list(ada)).isEmpty();
        assertThat(tokens.create(ada, "n".repeat(100), 3650).token().name()).hasSize(100);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void revokesOnlyTheOwnersTokens(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        ApiTokens tokens = new ApiTokens(jdbc, clock);
        long ada = account(jdbc, "ada");
        long bob = account(jdbc, "bob");
        NewApiToken adas = tokens.create(ada, "cli", null);
        NewApiToken bobs = tokens.create(bob, "cli", null);
        assertThatExceptionOfType(Problem.class).isThrownBy(() -> tokens.revoke(ada, bobs.token().id()))
            .satisfies(problem -> assertThat(problem.code()).isEqualTo("not_found"));
        assertThat(tokens.authenticate(bobs.secret())).isPresent();
        tokens.revoke(ada, adas.token().id());
        assertThat(tokens.list(ada)).isEmpty();
        assertThat(tokens.authenticate(adas.secret())).isEmpty();
        assertThatExceptionOfType(Problem.class).isThrownBy(() -> tokens.revoke(ada, adas.token().id()))
            .satisfies(problem -> assertThat(problem.code()).isEqualTo("not_found"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void authenticatesAGoodTokenAsItsOwner(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        ApiTokens tokens = new ApiTokens(jdbc, clock);
        long ada = account(jdbc, "ada");
        long bob = account(jdbc, "bob");
        SignedInUser admin = tokens.authenticate(tokens.create(ada, null, null).secret()).orElseThrow();
        SignedInUser user = tokens.authenticate(tokens.create(bob, null, 1).secret()).orElseThrow();
        assertThat(admin.id()).isEqualTo(ada);
        assertThat(admin.getUsername()).isEqualTo("ada");
        assertThat(admin.admin()).isTrue();
        assertThat(admin.isEnabled()).isTrue();
        assertThat(admin.getPassword()).isNull();
        assertThat(user.id()).isEqualTo(bob);
        assertThat(user.admin()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void refusesUnknownAndMalformedTokens(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        ApiTokens tokens = new ApiTokens(jdbc, clock);
        String secret = tokens.create(account(jdbc, "ada"), null, null).secret();
        assertThat(tokens.authenticate("atl_" + "A".repeat(43))).isEmpty();
        assertThat(tokens.authenticate(secret.substring(4))).isEmpty();
        assertThat(tokens.authenticate(secret + "x")).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void refusesATokenOnceItExpires(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        ApiTokens tokens = new ApiTokens(jdbc, clock);
        String secret = tokens.create(account(jdbc, "ada"), null, 1).secret();
        clock.advance(Duration.ofDays(1).minusSeconds(1));
        assertThat(tokens.authenticate(secret)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.authenticate(secret)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void refusesTheTokensOfADisabledAccount(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        ApiTokens tokens = new ApiTokens(jdbc, clock);
        long ada = account(jdbc, "ada");
        String secret = tokens.create(ada, null, null).secret();
        jdbc.sql("UPDATE accounts SET enabled = FALSE WHERE id = ?").param(ada).update();
        assertThat(tokens.authenticate(secret)).isEmpty();
        jdbc.sql("UPDATE accounts SET enabled = TRUE WHERE id = ?").param(ada).update();
        assertThat(tokens.authenticate(secret)).isPresent();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void recordsTheLastUseAtMostOnceAMinute(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        ApiTokens tokens = new ApiTokens(jdbc, clock);
        long ada = account(jdbc, "ada");
        String secret = tokens.create(ada, null, null).secret();
        Instant first = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        tokens.authenticate(secret);
        assertThat(tokens.list(ada).get(0).lastUsedAt()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(59));
        tokens.authenticate(secret);
        assertThat(tokens.list(ada).get(0).lastUsedAt()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(2));
        Instant later = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        tokens.authenticate(secret);
        assertThat(tokens.list(ada).get(0).lastUsedAt()).isEqualTo(later);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void storesOnlyTheSha256OfTheSecret(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        ApiTokens tokens = new ApiTokens(jdbc, clock);
        NewApiToken created = tokens.create(account(jdbc, "ada"), "cli", 30);
        tokens.authenticate(created.secret());
        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM api_tokens").query().listOfRows();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get("token_hash")).isEqualTo(sha256(created.secret()));
            assertThat(row.values()).map(Objects::toString).noneMatch(value -> value.contains(created.secret().substring(4)));
        });
    }

    static long account(JdbcClient jdbc, String username) {
        return new AccountRepository(jdbc).insert(username, username + "@example.com", "hash", true, Instant.now()).id();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
