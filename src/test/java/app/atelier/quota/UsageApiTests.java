package app.atelier.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.atelier.support.MutableClock;
import app.atelier.support.TestClockConfiguration;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.support.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/usage} as api-v1.md describes it. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
class UsageApiTests {

    static final String PASSWORD = "saffron pebble orchard";

    static final Set<String> USAGE_FIELDS = Set.of("tier", "dailyLimit", "usedToday", "remainingToday", "resetsAt", "perMinuteLimit",
            "totalImages", "days");

    private static final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Quotas quotas;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Test
    void aNewAccountHasItsWholeQuotaAndThirtyEmptyDays() {
        User ada = user();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);

        JsonNode usage = usage(ada);

        assertThat(usage.path("tier").asString()).isEqualTo("free");
        assertThat(usage.path("dailyLimit").asInt()).isEqualTo(20);
        assertThat(usage.path("usedToday").asInt()).isZero();
        assertThat(usage.path("remainingToday").asInt()).isEqualTo(20);
        assertThat(Instant.parse(usage.path("resetsAt").asString())).isEqualTo(today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        assertThat(usage.path("perMinuteLimit").asInt()).isEqualTo(5);
        assertThat(usage.path("totalImages").asLong()).isZero();
        List<JsonNode> days = usage.path("days").valueStream().toList();
        assertThat(days).hasSize(30);
        assertThat(days).allSatisfy(day -> {
            assertThat(Set.copyOf(day.propertyNames())).containsExactlyInAnyOrder("date", "images");
            assertThat(day.path("images").asInt()).isZero();
        });
        assertThat(days.get(0).path("date").asString()).isEqualTo(today.minusDays(29).toString());
        assertThat(days.get(29).path("date").asString()).isEqualTo(today.toString());
    }

    @Test
    void countsDeliveredAndReservedImagesTodayAndDeliveredImagesPerDay() {
        User ada = user();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        ledger(ada, today.minusDays(45), 7);
        ledger(ada, today.minusDays(29), 2);
        ledger(ada, today.minusDays(3), 5);
        quotas.commit(quotas.reserve(ada.id(), "free", 4), 3);
        quotas.reserve(ada.id(), "free", 2); // a job still running

        JsonNode usage = usage(ada);

        assertThat(usage.path("usedToday").asInt()).isEqualTo(5);
        assertThat(usage.path("remainingToday").asInt()).isEqualTo(15);
        assertThat(usage.path("totalImages").asLong()).isEqualTo(17);
        List<JsonNode> days = usage.path("days").valueStream().toList();
        assertThat(days.get(0).path("date").asString()).isEqualTo(today.minusDays(29).toString());
        assertThat(days.get(0).path("images").asInt()).isEqualTo(2);
        assertThat(days.get(26).path("date").asString()).isEqualTo(today.minusDays(3).toString());
        assertThat(days.get(26).path("images").asInt()).isEqualTo(5);
        assertThat(days.get(29).path("images").asInt()).as("delivered only").isEqualTo(3);
        assertThat(days.stream().mapToInt(day -> day.path("images").asInt()).sum()).isEqualTo(10);
    }

    @Test
    void showsTheLimitsOfTheAccountsTierAndAnAdminOverride() {
        User ada = user();
        jdbc.sql("UPDATE accounts SET tier = 'premium' WHERE id = :id").param("id", ada.id()).update();
        assertThat(usage(ada).path("tier").asString()).isEqualTo("premium");
        assertThat(usage(ada).path("dailyLimit").asInt()).isEqualTo(100);

        quotas.setOverride(ada.id(), 7);
        assertThat(usage(ada).path("dailyLimit").asInt()).isEqualTo(7);
        assertThat(usage(ada).path("remainingToday").asInt()).isEqualTo(7);

        jdbc.sql("UPDATE accounts SET tier = 'gold' WHERE id = :id").param("id", ada.id()).update();
        quotas.setOverride(ada.id(), null);
        assertThat(usage(ada).path("tier").asString()).as("an unconfigured tier has the limits of free").isEqualTo("free");
        assertThat(usage(ada).path("dailyLimit").asInt()).isEqualTo(20);
    }

    @Test
    void showsEachUserOnlyTheirOwnUsage() {
        User ada = user();
        User bob = user();
        quotas.commit(quotas.reserve(ada.id(), "free", 3), 3);

        assertThat(usage(ada).path("totalImages").asLong()).isEqualTo(3);
        assertThat(usage(bob).path("totalImages").asLong()).isZero();
        assertThat(usage(bob).path("usedToday").asInt()).isZero();
    }

    @Test
    void refusesCallersWithoutAValidToken() {
        MvcTestResult anonymous = mvc.get().uri("/api/v1/usage").exchange();
        MvcTestResult wrongToken = mvc.get().uri("/api/v1/usage").header(HttpHeaders.AUTHORIZATION, "Bearer atl_nope").exchange();

        for (MvcTestResult result : List.of(anonymous, wrongToken)) {
            assertThat(result).hasStatus(401).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("unauthorized");
        }
    }

    private void ledger(User user, LocalDate day, int committed) {
        jdbc.sql("INSERT INTO quota_days (account_id, day, reserved, committed) VALUES (:account, :day, 0, :committed)")
            .param("account", user.id())
            .param("day", day.toString())
            .param("committed", committed)
            .update();
    }

    private JsonNode usage(User user) {
        MvcTestResult result = mvc.get().uri("/api/v1/usage").header(HttpHeaders.AUTHORIZATION, "Bearer " + user.token()).exchange();
        assertThat(result).hasStatus(200).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        JsonNode usage = json.readTree(result.getResponse().getContentAsByteArray());
        assertThat(Set.copyOf(usage.propertyNames())).isEqualTo(USAGE_FIELDS);
        return usage;
    }

    record User(long id, String token) {
    }

    private User user() {
        String name = Unique.name("use");
        String address = Unique.address();
        assertThat(mvc.post().uri("/api/v1/accounts").remoteAddress(address).contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\":\"%s\",\"email\":\"%s\",\"password\":\"%s\",\"acceptTerms\":true}".formatted(name, Unique.email(name),
                    PASSWORD))
            .exchange()).hasStatus(201);
        MvcTestResult token = mvc.post().uri("/api/v1/tokens").remoteAddress(address).header(HttpHeaders.AUTHORIZATION, basic(name, PASSWORD))
            .exchange();
        assertThat(token).hasStatus(201);
        String bearer = json.readTree(token.getResponse().getContentAsByteArray()).path("token").asString();
        MvcTestResult me = mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer).exchange();
        return new User(json.readTree(me.getResponse().getContentAsByteArray()).path("id").asLong(), bearer);
    }

}
