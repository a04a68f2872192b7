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
 */
public class DatabaseEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String SQLITE_OPTIONS = "?journal_mode=WAL&busy_timeout=10000&foreign_keys=true&transaction_mode=IMMEDIATE";

    private final Log log;

    public DatabaseEnvironment(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(DatabaseEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path dataDir = Path.of(environment.getProperty("atelier.data-dir", "./data")).toAbsolutePath().normalize();
        createDirectory(dataDir);
        if (environment.containsProperty("spring.datasource.url")) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        String databaseUrl = environment.getProperty("DATABASE_URL");
        if (databaseUrl != null && !databaseUrl.isBlank()) {
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
        environment.getPropertySources().addLast(new MapPropertySource("atelierDatabase", properties));
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
