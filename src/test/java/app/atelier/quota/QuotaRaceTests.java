package app.atelier.quota;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import app.atelier.quota.QuotaProperties.Configured;
import app.atelier.support.MutableClock;
import app.atelier.support.TestDatabases;
import app.atelier.web.Problem;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.AbstractDriverBasedDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaRaceTests {

    private static final int SUBMITS = 50;

    /**
     * Each submit runs in its own transaction on its own pooled connection, as {@code Generations.submit} will, so the
     * reservations really race in the database.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void fiftyConcurrentSubmitsWithFiveImagesLeftGetExactlyFive(TestDatabases database) throws Exception {
        var plain = (AbstractDriverBasedDataSource) database.dataSource();
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(plain.getUrl());
            pool.setUsername(plain.getUsername());
            pool.setPassword(plain.getPassword());
            pool.setMaximumPoolSize(10);
            JdbcClient jdbc = JdbcClient.create(pool);
            Quotas quotas = new Quotas(jdbc, new MutableClock(), new QuotaProperties(Map.of("free", new Configured(20, 1000)), ZoneId.of("UTC")));
            TransactionTemplate transaction = new TransactionTemplate(new JdbcTransactionManager(pool));
            long ada = QuotasTests.account(jdbc, "ada");
            quotas.reserve(ada, "free", 15);
            ExecutorService executor = Executors.newFixedThreadPool(SUBMITS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> submits = new ArrayList<>();
                for (int i = 0; i < SUBMITS; i++) {
                    submits.add(executor.submit(() -> {
                        start.await();
                        try {
                            transaction.executeWithoutResult(status -> quotas.reserve(ada, "free", 1));
                            return "reserved";
                        }
                        catch (Problem ex) {
                            return ex.code();
                        }
                    }));
                }
                start.countDown();
                List<String> outcomes = new ArrayList<>();
                for (Future<String> submit : submits) {
                    outcomes.add(submit.get(120, TimeUnit.SECONDS));
                }
                assertThat(outcomes).filteredOn("reserved"::equals).hasSize(5);
                assertThat(outcomes).filteredOn("quota_exhausted"::equals).hasSize(45);
                assertThat(quotas.usage(ada, "free").usedToday()).isEqualTo(20);
                assertThat(jdbc.sql("SELECT reserved FROM quota_days WHERE account_id = :account").param("account", ada).query(Integer.class).single())
                    .isEqualTo(20);
            }
            finally {
                executor.shutdownNow();
            }
        }
    }

}
