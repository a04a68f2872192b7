package app.atelier.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import app.atelier.account.OneTimeTokens.Purpose;
import app.atelier.support.MutableClock;
import app.atelier.support.TestDatabases;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.AbstractDriverBasedDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static app.atelier.account.ApiTokensTests.account;
import static app.atelier.account.ApiTokensTests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

class OneTimeTokensTests {

    private static final Duration VALIDITY = Duration.ofMinutes(30);

    private final MutableClock clock = new MutableClock();

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void peeksWithoutSpendingAndConsumesOnce(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        OneTimeTokens tokens = new OneTimeTokens(jdbc, clock);
        long ada = account(jdbc, "ada");
        String token = tokens.issue(ada, Purpose.PASSWORD_RESET, VALIDITY);
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(tokens.peek(token, Purpose.PASSWORD_RESET)).contains(ada);
        assertThat(tokens.peek(token, Purpose.PASSWORD_RESET)).contains(ada);
        assertThat(tokens.consume(token, Purpose.PASSWORD_RESET)).contains(ada);
        assertThat(tokens.consume(token, Purpose.PASSWORD_RESET)).isEmpty();
        assertThat(tokens.peek(token, Purpose.PASSWORD_RESET)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aTokenServesOnlyItsOwnPurpose(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        OneTimeTokens tokens = new OneTimeTokens(jdbc, clock);
        long ada = account(jdbc, "ada");
        String token = tokens.issue(ada, Purpose.EMAIL_VERIFICATION, VALIDITY);
        assertThat(tokens.peek(token, Purpose.PASSWORD_RESET)).isEmpty();
        assertThat(tokens.consume(token, Purpose.PASSWORD_RESET)).isEmpty();
        assertThat(tokens.consume(token, Purpose.EMAIL_VERIFICATION)).contains(ada);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void refusesUnknownTokens(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        OneTimeTokens tokens = new OneTimeTokens(jdbc, clock);
        String token = tokens.issue(account(jdbc, "ada"), Purpose.PASSWORD_RESET, VALIDITY);
        assertThat(tokens.peek("A".repeat(43), Purpose.PASSWORD_RESET)).isEmpty();
        assertThat(tokens.consume(token.substring(1), Purpose.PASSWORD_RESET)).isEmpty();
        assertThat(tokens.consume("", Purpose.PASSWORD_RESET)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void expiresAfterItsValidity(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        OneTimeTokens tokens = new OneTimeTokens(jdbc, clock);
        long ada = account(jdbc, "ada");
        String token = tokens.issue(ada, Purpose.PASSWORD_RESET, VALIDITY);
        clock.advance(VALIDITY.minusMillis(1));
        assertThat(tokens.peek(token, Purpose.PASSWORD_RESET)).contains(ada);
        clock.advance(Duration.ofMillis(1));
        assertThat(tokens.peek(token, Purpose.PASSWORD_RESET)).isEmpty();
        assertThat(tokens.consume(token, Purpose.PASSWORD_RESET)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void aNewerTokenVoidsOlderOnesOfTheSamePurposeAndAccount(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        OneTimeTokens tokens = new OneTimeTokens(jdbc, clock);
        long ada = account(jdbc, "ada");
        long bob = account(jdbc, "bob");
        String older = tokens.issue(ada, Purpose.PASSWORD_RESET, VALIDITY);
        String verification = tokens.issue(ada, Purpose.EMAIL_VERIFICATION, VALIDITY);
        String bobs = tokens.issue(bob, Purpose.PASSWORD_RESET, VALIDITY);
        clock.advance(Duration.ofSeconds(1));
        String newer = tokens.issue(ada, Purpose.PASSWORD_RESET, VALIDITY);
        assertThat(tokens.consume(older, Purpose.PASSWORD_RESET)).isEmpty();
        assertThat(tokens.consume(newer, Purpose.PASSWORD_RESET)).contains(ada);
        assertThat(tokens.consume(verification, Purpose.EMAIL_VERIFICATION)).contains(ada);
        assertThat(tokens.consume(bobs, Purpose.PASSWORD_RESET)).contains(bob);
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void storesOnlyHashes(TestDatabases database) {
        JdbcClient jdbc = database.jdbc();
        OneTimeTokens tokens = new OneTimeTokens(jdbc, clock);
        long ada = account(jdbc, "ada");
        List<String> issued = List.of(tokens.issue(ada, Purpose.PASSWORD_RESET, VALIDITY),
                tokens.issue(ada, Purpose.EMAIL_VERIFICATION, VALIDITY));
        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM one_time_tokens").query().listOfRows();
        assertThat(rows).extracting(row -> row.get("token_hash")).containsExactlyInAnyOrderElementsOf(issued.stream().map(ApiTokensTests::sha256).toList());
        for (String token : issued) {
            assertThat(rows).flatMap(Map::values).map(Objects::toString).noneMatch(value -> value.contains(token));
        }
    }

    /**
     * Each attempt runs in its own transaction on its own pooled connection, as behind the {@code @Transactional} proxy
     * in the application, so the attempts really race in the database.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void concurrentConsumersSpendATokenExactlyOnce(TestDatabases database) throws Exception {
        int threads = 8;
        var plain = (AbstractDriverBasedDataSource) database.dataSource();
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(plain.getUrl());
            pool.setUsername(plain.getUsername());
            pool.setPassword(plain.getPassword());
            pool.setMaximumPoolSize(threads);
            JdbcClient jdbc = JdbcClient.create(pool);
            OneTimeTokens tokens = new OneTimeTokens(jdbc, clock);
            TransactionTemplate transaction = new TransactionTemplate(new JdbcTransactionManager(pool));
            long ada = account(jdbc, "ada");
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                for (int round = 0; round < 5; round++) {
                    String token = tokens.issue(ada, Purpose.PASSWORD_RESET, VALIDITY);
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<Optional<Long>>> attempts = new ArrayList<>();
                    for (int i = 0; i < threads; i++) {
                        attempts.add(executor.submit(() -> {
                            start.await();
                            return transaction.execute(status -> tokens.consume(token, Purpose.PASSWORD_RESET));
                        }));
                    }
                    start.countDown();
                    List<Optional<Long>> results = new ArrayList<>();
                    for (Future<Optional<Long>> attempt : attempts) {
                        results.add(attempt.get(60, TimeUnit.SECONDS));
                    }
                    assertThat(results).filteredOn(Optional::isPresent).as("round " + round).containsExactly(Optional.of(ada));
                }
            }
            finally {
                executor.shutdownNow();
            }
        }
    }

}
