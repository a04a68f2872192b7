package app.atelier.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import app.atelier.AtelierApplication;
import app.atelier.support.PostgresTestDatabase;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts the real application the way a host does it: nothing but a DATABASE_URL in the environment. */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseUrlStartupTests {

    private static final String JDBC_PREFIX = "jdbc:postgresql://";

    @TempDir
    Path dataDir;

    @Test
    void runsOnThePostgresqlDatabaseNamedByDatabaseUrl(CapturedOutput output) throws Exception {
        String jdbcUrl = PostgresTestDatabase.create();
        assertThat(jdbcUrl).startsWith(JDBC_PREFIX);
        // the local server trusts its clients, so the password is only there to show it is decoded and never logged
        String databaseUrl = "postgres://" + PostgresTestDatabase.USER + ":hunter2%2Bsecret@" + jdbcUrl.substring(JDBC_PREFIX.length());
        try (ConfigurableApplicationContext context = new SpringApplication(AtelierApplication.class).run("--DATABASE_URL=" + databaseUrl,
                "--server.port=0", "--atelier.data-dir=" + dataDir)) {
            assertThat(context.getEnvironment().getProperty("spring.datasource.url")).isEqualTo(jdbcUrl);
            assertThat(context.getEnvironment().getProperty("spring.datasource.password")).isEqualTo("hunter2+secret");
            try (Connection connection = context.getBean(DataSource.class).getConnection()) {
                assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
                assertThat(connection.getMetaData().getURL()).isEqualTo(jdbcUrl);
                try (ResultSet mode = connection.createStatement().executeQuery("SHOW plan_cache_mode")) {
                    assertThat(mode.next()).isTrue();
                    assertThat(mode.getString(1)).as("every statement planned for its values").isEqualTo("force_custom_plan");
                }
            }
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            HttpResponse<String> health = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl, PostgresTestDatabase.USER, "");
                ResultSet tables = connection.getMetaData().getTables(null, "public", "accounts", new String[] { "TABLE" })) {
            assertThat(tables.next()).as("the accounts table in the DATABASE_URL database").isTrue();
        }
        assertThat(dataDir.resolve("atelier.db")).doesNotExist();
        assertThat(output).contains("DATABASE_URL").doesNotContain("hunter2");
    }

}
