package app.atelier.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses the database before anything connects: {@code spring.datasource.url} when given, else {@code DATABASE_URL},
 * else a SQLite file in the data directory, which is created here because SQLite cannot create its parent folder.
 * PostgreSQL connections plan every statement for its own values ({@link #POSTGRES_INIT_SQL}).
 */
public class DatabaseEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String SQLITE_OPTIONS = "?journal_mode=WAL&busy_timeout=10000&foreign_keys=true&transaction_mode=IMMEDIATE";

    /**
     * After five runs of a statement, PostgreSQL may switch to a generic plan made for no values in particular, which
     * assumes every account owns as many images as the average one: for a big gallery's search it read every match
     * and sorted them (45 ms instead of 1; docs/benchmarks.md). Planning for the values costs well under a millisecond.
     */
    public static final String POSTGRES_INIT_SQL = "SET plan_cache_mode = force_custom_plan";

    public static final String INIT_SQL_PROPERTY = "spring.datasource.hikari.connection-init-sql";

    private final Log log;

    public DatabaseEnvironment(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(DatabaseEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path dataDir = Path.of(environment.getProperty("atelier.data-dir", "./data")).toAbsolutePath().normalize();
        createDirectory(dataDir);
        Map<String, Object> properties = new HashMap<>();
        String databaseUrl = environment.getProperty("DATABASE_URL");
        if (environment.containsProperty("spring.datasource.url")) {
            // chosen already
        }
        else if (databaseUrl != null && !databaseUrl.isBlank()) {
            DatabaseUrl parsed = DatabaseUrl.parse(databaseUrl);
            properties.put("spring.datasource.url", parsed.jdbcUrl());
            if (parsed.username() != null) {
                properties.put("spring.datasource.username", parsed.username());
            }
            if (parsed.password() != null) {
                properties.put("spring.datasource.password", parsed.password());
            }
            log.info("Using the PostgreSQL database from DATABASE_URL");
        }
        else {
            properties.put("spring.datasource.url", "jdbc:sqlite:" + dataDir.resolve("atelier.db") + SQLITE_OPTIONS);
            log.info("Using the SQLite database " + dataDir.resolve("atelier.db"));
        }
        String url = environment.getProperty("spring.datasource.url", (String) properties.getOrDefault("spring.datasource.url", ""));
        if (url.startsWith("jdbc:postgresql:")) {
            properties.put(INIT_SQL_PROPERTY, POSTGRES_INIT_SQL);
        }
        if (!properties.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource("atelierDatabase", properties));
        }
    }

    private static void createDirectory(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDir + " (atelier.data-dir)", ex);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

}
