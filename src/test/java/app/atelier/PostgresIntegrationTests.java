package app.atelier;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.support.Requests.basic;
import static app.atelier.support.Requests.from;
import static org.assertj.core.api.Assertions.assertThat;

// The second property keeps this context (and so its database) to this class, so the first account here is the first ever.
@SpringBootTest(properties = { "atelier.test.database=postgresql", "spring.application.name=atelier-postgres-integration" })
@AutoConfigureMockMvc
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresIntegrationTests {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static final String PASSWORD = "violet otter marmalade";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    @Order(1)
    void runsOnAMigratedPostgresqlDatabase() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(connection.getMetaData().getURL()).startsWith("jdbc:postgresql://").contains("atelier_test_");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM accounts").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT success FROM flyway_schema_history WHERE version = '1'").query(Boolean.class).single()).isTrue();
    }

    @Test
    @Order(2)
    void makesTheFirstAccountAnAdminAndLaterOnesUsers() {
        MvcTestResult first = register("pgadmin", "pgadmin@example.com");
        assertThat(first).hasStatus(201);
        assertThat(first).bodyJson().extractingPath("$.role").isEqualTo("admin");
        MvcTestResult second = register("pguser", "pguser@example.com");
        assertThat(second).hasStatus(201);
        assertThat(second).bodyJson().extractingPath("$.role").isEqualTo("user");
    }

    @Test
    @Order(3)
    void refusesATakenUsernameWhateverItsCase() {
        assertThat(register("pgtaken", "pgtaken@example.com")).hasStatus(201);
        MvcTestResult taken = register("PGTaken", "pgtaken-other@example.com");
        assertThat(taken).hasStatus(409);
        assertThat(taken).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(taken).bodyJson().extractingPath("$.code").isEqualTo("username_taken");
        MvcTestResult emailTaken = register("pgtaken2", "PGTAKEN@example.com");
        assertThat(emailTaken).hasStatus(409);
        assertThat(emailTaken).bodyJson().extractingPath("$.code").isEqualTo("email_taken");
    }

    @Test
    @Order(4)
    void createsATokenWithBasicAuthUsesItAndRevokesIt() {
        assertThat(register("pgtoken", "pgtoken@example.com")).hasStatus(201);
        MvcTestResult created = mvc.post().uri("/api/v1/tokens").with(from("192.0.2.200"))
            .header(HttpHeaders.AUTHORIZATION, basic("pgtoken@example.com", PASSWORD))
            .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"cli\"}").exchange();
        assertThat(created).hasStatus(201);
        assertThat(created).bodyJson().extractingPath("$.name").isEqualTo("cli");
        String token = body(created).replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        long id = Long.parseLong(body(created).replaceAll(".*\"id\":(\\d+).*", "$1"));
        assertThat(token).startsWith("atl_");

        MvcTestResult me = mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
        assertThat(me).hasStatus(200);
        assertThat(me).bodyJson().extractingPath("$.username").isEqualTo("pgtoken");
        assertThat(me).bodyJson().extractingPath("$.role").isEqualTo("user");
        assertThat(jdbc.sql("SELECT last_used_at FROM api_tokens WHERE id = ?").param(id).query(Long.class).single()).isNotNull();

        assertThat(mvc.delete().uri("/api/v1/tokens/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange())
            .hasStatus(204);
        MvcTestResult refused = mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
        assertThat(refused).hasStatus(401);
        assertThat(refused).bodyJson().extractingPath("$.code").isEqualTo("unauthorized");
    }

    @Test
    @Order(5)
    void reportsItselfHealthy() {
        MvcTestResult health = mvc.get().uri("/actuator/health").exchange();
        assertThat(health).hasStatus(200);
        assertThat(body(health)).isEqualTo("{\"status\":\"UP\"}");
    }

    private MvcTestResult register(String username, String email) {
        return mvc.post().uri("/api/v1/accounts").with(from("10.2." + SEQUENCE.incrementAndGet() + ".1"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("""
                    {"username":"%s","email":"%s","password":"%s","acceptTerms":true}""".formatted(username, email, PASSWORD))
            .exchange();
    }

    private static String body(MvcTestResult result) {
        return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
    }

}
