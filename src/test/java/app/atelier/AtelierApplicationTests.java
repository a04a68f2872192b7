package app.atelier;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@AutoConfigureMockMvc
class AtelierApplicationTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void startsOnSqliteByDefault() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("SQLite");
            assertThat(connection.getMetaData().getURL()).startsWith("jdbc:sqlite:").contains("atelier.db");
        }
    }

    @Test
    void migratesTheDatabaseOnStart() {
        assertThat(jdbc.sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'accounts'").query(String.class).list())
            .containsExactly("accounts");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM accounts").query(Long.class).single()).isNotNegative();
        assertThat(jdbc.sql("SELECT success FROM flyway_schema_history WHERE version = '1'").query(Boolean.class).single()).isTrue();
    }

    @Test
    void reportsItselfHealthy() {
        MvcTestResult health = mvc.get().uri("/actuator/health").exchange();
        assertThat(health).hasStatus(200);
        assertThat(new String(health.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"UP\"}");
    }

}
