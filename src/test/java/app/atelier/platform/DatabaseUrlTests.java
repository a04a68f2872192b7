package app.atelier.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DatabaseUrlTests {

    @ParameterizedTest
    @ValueSource(strings = { "postgres", "postgresql" })
    void turnsAHerokuStyleUrlIntoJdbcTerms(String scheme) {
        DatabaseUrl url = DatabaseUrl.parse(scheme + "://atelier:s3cret@db.example.com:6543/atelier_prod");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/atelier_prod");
        assertThat(url.username()).isEqualTo("atelier");
        assertThat(url.password()).isEqualTo("s3cret");
    }

    @Test
    void decodesEscapedCharactersInTheCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://ops%40corp:p%40ss%3Aw%2Fo%25rd%20x@db.example.com:5432/atelier");
        assertThat(url.username()).isEqualTo("ops@corp");
        assertThat(url.password()).isEqualTo("p@ss:w/o%rd x");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/atelier");
    }

    @Test
    void keepsAPlusSignInThePasswordLiteral() {
        assertThat(DatabaseUrl.parse("postgres://atelier:a+b@db.example.com/atelier").password()).isEqualTo("a+b");
        assertThat(DatabaseUrl.parse("postgres://atelier:a%2Bb@db.example.com/atelier").password()).isEqualTo("a+b");
    }

    @Test
    void keepsTheQueryString() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://atelier:s3cret@db.example.com:5432/atelier?sslmode=require&connectTimeout=5");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/atelier?sslmode=require&connectTimeout=5");
    }

    @Test
    void leavesThePortOutWhenNoneIsGiven() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://atelier:s3cret@db.example.com/atelier");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com/atelier");
    }

    @Test
    void acceptsHostNamesWithUnderscoresAsDockerComposeNamesThem() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://atelier:s3cret@atelier_db:5432/atelier");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://atelier_db:5432/atelier");
        assertThat(url.username()).isEqualTo("atelier");
        assertThat(url.password()).isEqualTo("s3cret");
    }

    @Test
    void acceptsAUrlWithoutCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://127.0.0.1:5432/atelier");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/atelier");
        assertThat(url.username()).isNull();
        assertThat(url.password()).isNull();
    }

    @Test
    void acceptsAUserWithoutPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://postgres@127.0.0.1/atelier");
        assertThat(url.username()).isEqualTo("postgres");
        assertThat(url.password()).isNull();
    }

    @Test
    void passesAJdbcUrlThrough() {
        String jdbc = "jdbc:postgresql://db.example.com:5432/atelier?user=atelier&password=s3cret";
        DatabaseUrl url = DatabaseUrl.parse("  " + jdbc + " ");
        assertThat(url.jdbcUrl()).isEqualTo(jdbc);
        assertThat(url.username()).isNull();
        assertThat(url.password()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "mysql://atelier:hunter2secret@db.example.com/atelier", "http://atelier:hunter2secret@db.example.com/atelier",
            "atelier:hunter2secret@db.example.com/atelier" })
    void refusesOtherSchemesWithoutShowingThePassword(String value) {
        assertThatIllegalStateException().isThrownBy(() -> DatabaseUrl.parse(value))
            .withMessageContaining("postgres://")
            .withMessageNotContaining("hunter2secret");
    }

    @ParameterizedTest
    @ValueSource(strings = { "postgres://atelier:hunter2secret@db.example.com", "postgres://atelier:hunter2secret@db.example.com:5432/",
            "postgres://atelier:hunter2secret@/atelier" })
    void refusesAUrlWithoutHostOrDatabaseName(String value) {
        assertThatIllegalStateException().isThrownBy(() -> DatabaseUrl.parse(value))
            .withMessageContaining("database name")
            .withMessageNotContaining("hunter2secret");
    }

    @Test
    void refusesAMalformedUrlWithoutShowingThePassword() {
        assertThatIllegalStateException().isThrownBy(() -> DatabaseUrl.parse("postgres://atelier:hunter2 secret@db.example.com/atelier"))
            .withMessageContaining("postgres://user:password@host:port/database")
            .withMessageNotContaining("hunter2")
            .satisfies(ex -> assertThat(ex.getCause()).isNull());
    }

    @Test
    void neverShowsThePasswordWhenPrinted() {
        assertThat(DatabaseUrl.parse("postgres://atelier:hunter2secret@db.example.com/atelier")).hasToString(
                "DatabaseUrl[jdbc:postgresql://db.example.com/atelier]");
    }

}
