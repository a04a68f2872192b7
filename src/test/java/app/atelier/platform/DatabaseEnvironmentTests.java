package app.atelier.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class DatabaseEnvironmentTests {

    private final DatabaseEnvironment postProcessor = new DatabaseEnvironment(Supplier::get);

    @TempDir
    Path temp;

    @Test
    void choosesASqliteFileInTheDataDirectoryWhenNothingIsSet() {
        Path dataDir = temp.resolve("not/yet/there");
        MockEnvironment environment = new MockEnvironment().withProperty("atelier.data-dir", dataDir.toString());
        process(environment);
        assertThat(dataDir).isDirectory();
        String url = environment.getProperty("spring.datasource.url");
        assertThat(url).startsWith("jdbc:sqlite:" + dataDir.resolve("atelier.db") + "?")
            .contains("journal_mode=WAL")
            .contains("busy_timeout=")
            .contains("foreign_keys=true");
        assertThat(environment.getProperty("spring.datasource.username")).isNull();
        assertThat(environment.getProperty(DatabaseEnvironment.INIT_SQL_PROPERTY)).as("only for PostgreSQL").isNull();
    }

    @Test
    void plansEveryPostgresqlStatementForItsValuesUnlessConnectionsAreInitialisedOtherwise() {
        MockEnvironment fromDatabaseUrl = new MockEnvironment().withProperty("atelier.data-dir", temp.toString())
            .withProperty("DATABASE_URL", "postgres://atelier@db.example.com/atelier");
        process(fromDatabaseUrl);
        assertThat(fromDatabaseUrl.getProperty(DatabaseEnvironment.INIT_SQL_PROPERTY)).isEqualTo(DatabaseEnvironment.POSTGRES_INIT_SQL);

        MockEnvironment explicit = new MockEnvironment().withProperty("atelier.data-dir", temp.toString())
            .withProperty("spring.datasource.url", "jdbc:postgresql://explicit.example.com/atelier");
        process(explicit);
        assertThat(explicit.getProperty(DatabaseEnvironment.INIT_SQL_PROPERTY)).isEqualTo(DatabaseEnvironment.POSTGRES_INIT_SQL);

        MockEnvironment own = new MockEnvironment().withProperty("atelier.data-dir", temp.toString())
            .withProperty("spring.datasource.url", "jdbc:postgresql://explicit.example.com/atelier")
            .withProperty(DatabaseEnvironment.INIT_SQL_PROPERTY, "SET search_path = atelier");
        process(own);
        assertThat(own.getProperty(DatabaseEnvironment.INIT_SQL_PROPERTY)).isEqualTo("SET search_path = atelier");
    }

    @Test
    void usesSqliteWhenDatabaseUrlIsBlank() {
        MockEnvironment environment = new MockEnvironment().withProperty("atelier.data-dir", temp.toString())
            .withProperty("DATABASE_URL", " ");
        process(environment);
        assertThat(environment.getProperty("spring.datasource.url")).startsWith("jdbc:sqlite:" + temp.resolve("atelier.db"));
    }

    @Test
    void usesPostgresqlFromDatabaseUrlWithoutLoggingThePassword(CapturedOutput output) {
        MockEnvironment environment = new MockEnvironment().withProperty("atelier.data-dir", temp.toString())
            .withProperty("DATABASE_URL", "postgres://atelier:hunter2%2Bsecret@db.example.com:5433/atelier?sslmode=require");
        process(environment);
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.example.com:5433/atelier?sslmode=require");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("atelier");
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("hunter2+secret");
        assertThat(temp).isDirectory();
        assertThat(output).contains("DATABASE_URL").doesNotContain("hunter2");
    }

    @Test
    void keepsAnExplicitDatasourceUrlOverDatabaseUrl() {
        MockEnvironment environment = new MockEnvironment().withProperty("atelier.data-dir", temp.toString())
            .withProperty("spring.datasource.url", "jdbc:postgresql://explicit.example.com/atelier")
            .withProperty("DATABASE_URL", "postgres://atelier:s3cret@db.example.com/other");
        process(environment);
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://explicit.example.com/atelier");
        assertThat(environment.getProperty("spring.datasource.username")).isNull();
        assertThat(environment.getProperty("spring.datasource.password")).isNull();
    }

    @Test
    void keepsAnExplicitDatasourceUrlOverSqlite() {
        MockEnvironment environment = new MockEnvironment().withProperty("atelier.data-dir", temp.toString())
            .withProperty("spring.datasource.url", "jdbc:sqlite:/elsewhere/app.db");
        process(environment);
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:sqlite:/elsewhere/app.db");
    }

    @Test
    void letsOtherPropertySourcesOverrideTheCredentialsFromDatabaseUrl() {
        MockEnvironment environment = new MockEnvironment().withProperty("atelier.data-dir", temp.toString())
            .withProperty("DATABASE_URL", "postgres://atelier:s3cret@db.example.com/atelier")
            .withProperty("spring.datasource.username", "override");
        process(environment);
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.example.com/atelier");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("override");
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("s3cret");
    }

    @Test
    void createsTheDataDirectoryEvenWithAnExplicitDatasource() {
        Path dataDir = temp.resolve("data");
        process(new MockEnvironment().withProperty("atelier.data-dir", dataDir.toString())
            .withProperty("spring.datasource.url", "jdbc:postgresql://explicit.example.com/atelier"));
        assertThat(Files.isDirectory(dataDir)).isTrue();
    }

    private void process(MockEnvironment environment) {
        postProcessor.postProcessEnvironment(environment, new SpringApplication());
    }

}
