package app.atelier.account;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import app.atelier.support.TestDatabases;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.authentication.rememberme.PersistentRememberMeToken;

import static app.atelier.account.ApiTokensTests.account;
import static app.atelier.account.ApiTokensTests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

class RememberMeTokensTests {

    private static final Date CREATED = new Date(1_780_000_000_123L);

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void createsAndReadsATokenByItsSeriesAsAHash(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        RememberMeTokens tokens = new RememberMeTokens(jdbc);
        account(jdbc, "Ada");
        tokens.createNewToken(new PersistentRememberMeToken("ada", "series-1", "token-value-1", CREATED));
        PersistentRememberMeToken stored = tokens.getTokenForSeries("series-1");
        assertThat(stored).isNotNull();
        assertThat(stored.getUsername()).isEqualTo("Ada");
        assertThat(stored.getSeries()).isEqualTo("series-1");
        assertThat(stored.getTokenValue()).isEqualTo(sha256("token-value-1"));
        assertThat(stored.getDate()).isEqualTo(CREATED);
        assertThat(tokens.getTokenForSeries("series-2")).isNull();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void rotatesTheTokenOfASeries(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        RememberMeTokens tokens = new RememberMeTokens(jdbc);
        account(jdbc, "ada");
        tokens.createNewToken(new PersistentRememberMeToken("ada", "series-1", "first", CREATED));
        tokens.createNewToken(new PersistentRememberMeToken("ada", "series-2", "other", CREATED));
        Date used = new Date(CREATED.getTime() + 60_000);
        tokens.updateToken("series-1", "second", used);
        PersistentRememberMeToken rotated = tokens.getTokenForSeries("series-1");
        assertThat(rotated.getTokenValue()).isEqualTo(sha256("second"));
        assertThat(rotated.getDate()).isEqualTo(used);
        assertThat(tokens.getTokenForSeries("series-2").getTokenValue()).isEqualTo(sha256("other"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void removesTheTokensOfOneUserWhateverTheCase(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        RememberMeTokens tokens = new RememberMeTokens(jdbc);
        account(jdbc, "ada");
        long bob = account(jdbc, "bob");
        tokens.createNewToken(new PersistentRememberMeToken("ada", "ada-laptop", "a1", CREATED));
        tokens.createNewToken(new PersistentRememberMeToken("ada", "ada-phone", "a2", CREATED));
        tokens.createNewToken(new PersistentRememberMeToken("bob", "bob-laptop", "b1", CREATED));
        tokens.createNewToken(new PersistentRememberMeToken("bob", "bob-phone", "b2", CREATED));
        tokens.removeUserTokens("ADA");
        assertThat(tokens.getTokenForSeries("ada-laptop")).isNull();
        assertThat(tokens.getTokenForSeries("ada-phone")).isNull();
        assertThat(tokens.getTokenForSeries("bob-laptop")).isNotNull();
        tokens.removeAll(bob);
        assertThat(tokens.getTokenForSeries("bob-laptop")).isNull();
        assertThat(tokens.getTokenForSeries("bob-phone")).isNull();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void ignoresATokenForAnUnknownUser(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        RememberMeTokens tokens = new RememberMeTokens(jdbc);
        tokens.createNewToken(new PersistentRememberMeToken("ghost", "series-1", "value", CREATED));
        assertThat(tokens.getTokenForSeries("series-1")).isNull();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void neverStoresTheTokenValue(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        RememberMeTokens tokens = new RememberMeTokens(jdbc);
        account(jdbc, "ada");
        String value = "kP3xR8vT2mQ9wL5nB7cY1zA4";
        tokens.createNewToken(new PersistentRememberMeToken("ada", "series-1", value, CREATED));
        tokens.updateToken("series-1", value + "-rotated", CREATED);
        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM remember_me_tokens").query().listOfRows();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get("token_hash")).isEqualTo(sha256(value + "-rotated"));
            assertThat(row.values()).map(Objects::toString).noneMatch(text -> text.contains(value));
        });
    }

}
