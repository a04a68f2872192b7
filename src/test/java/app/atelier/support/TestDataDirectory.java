package app.atelier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.atelier.platform.DatabaseEnvironment;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives every Spring test context its own data directory and its own database: a fresh SQLite file, or a fresh
 * PostgreSQL database when the test sets {@code atelier.test.database=postgresql}. Tests never share state through
 * the database unless they share a context. Background cookie rotation is off unless a test sets
 * {@code atelier.credentials.rotation.enabled}.
 */
class TestDataDirectory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer();
    }

    static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            ConfigurableEnvironment environment = context.getEnvironment();
            Path dataDir = temporaryDirectory();
            Map<String, Object> properties = new HashMap<>();
            properties.put("atelier.data-dir", dataDir.toString());
            if ("postgresql".equals(environment.getProperty("atelier.test.database"))) {
                properties.put("spring.datasource.url", PostgresTestDatabase.create());
                properties.put("spring.datasource.username", PostgresTestDatabase.USER);
                properties.put("spring.datasource.password", "");
                properties.put(DatabaseEnvironment.INIT_SQL_PROPERTY, DatabaseEnvironment.POSTGRES_INIT_SQL);
            }
            else {
                properties.put("spring.datasource.url", TestDatabases.sqliteUrl(dataDir.resolve("atelier.db")));
            }
            // The background job would rotate credentials under a test's feet; tests that want it switch it on.
            if (environment.getProperty("atelier.credentials.rotation.enabled") == null) {
                properties.put("atelier.credentials.rotation.enabled", "false");
            }
            environment.getPropertySources().addFirst(new MapPropertySource("atelierTestDatabase", properties));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }

    }

    static Path temporaryDirectory() {
        try {
            Path root = Files.createDirectories(Path.of("target", "test-data"));
            return Files.createTempDirectory(root.toAbsolutePath(), "atelier-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
