package app.atelier.support;

import java.nio.file.Path;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Fresh, migrated databases for data-layer tests, on both vendors (on PostgreSQL, a fresh schema in a shared
 * database). Use as {@code @ParameterizedTest @EnumSource(TestDatabases.class)} and call {@link #jdbc()} in each test.
 */
public enum TestDatabases {

    SQLITE, POSTGRESQL;

    private static @Nullable String sharedPostgres;

    /** A new empty database of this vendor with every Flyway migration applied. */
    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource());
    }

    public DataSource dataSource() {
        return dataSource("latest");
    }

    /** A new empty database of this vendor migrated up to the given Flyway version, to test the migrations after it. */
    public DataSource dataSource(String migrationTarget) {
        String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        DataSource dataSource = switch (this) {
            case SQLITE -> {
                var single = new SingleConnectionDataSource(sqliteUrl(TestDataDirectory.temporaryDirectory().resolve("atelier.db")), true);
                single.setAutoCommit(true);
                yield single;
            }
            case POSTGRESQL -> new DriverManagerDataSource(sharedPostgres() + "?currentSchema=" + schema, PostgresTestDatabase.USER, "");
        };
        var flyway = Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration/" + (this == SQLITE ? "sqlite" : "postgresql"))
            .target(migrationTarget);
        if (this == POSTGRESQL) {
            flyway.schemas(schema);
        }
        flyway.load().migrate();
        return dataSource;
    }

    /**
     * One database for the whole run, holding a fresh schema per call: creating a schema is cheap, while each
     * database costs a checkpoint to drop, and dropping dozens at exit outlasts Surefire's wait for the fork to end.
     */
    private static synchronized String sharedPostgres() {
        if (sharedPostgres == null) {
            sharedPostgres = PostgresTestDatabase.create();
        }
        return sharedPostgres;
    }

    static String sqliteUrl(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath() + "?journal_mode=WAL&busy_timeout=10000&foreign_keys=true&transaction_mode=IMMEDIATE";
    }

}
