package app.atelier.support;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Fresh, migrated databases for data-layer tests, on both vendors. Use as
 * {@code @ParameterizedTest @EnumSource(TestDatabases.class)} and call {@link #jdbc()} in each test.
 */
public enum TestDatabases {

    SQLITE, POSTGRESQL;

    /** A new empty database of this vendor with every Flyway migration applied. */
    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource());
    }

    public DataSource dataSource() {
        DataSource dataSource = switch (this) {
            case SQLITE -> {
                var single = new SingleConnectionDataSource(sqliteUrl(TestDataDirectory.temporaryDirectory().resolve("atelier.db")), true);
                single.setAutoCommit(true);
                yield single;
            }
            case POSTGRESQL -> new DriverManagerDataSource(PostgresTestDatabase.create(), PostgresTestDatabase.USER, "");
        };
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration/" + (this == SQLITE ? "sqlite" : "postgresql"))
            .load()
            .migrate();
        return dataSource;
    }

    static String sqliteUrl(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath() + "?journal_mode=WAL&busy_timeout=10000&foreign_keys=true&transaction_mode=IMMEDIATE";
    }

}
