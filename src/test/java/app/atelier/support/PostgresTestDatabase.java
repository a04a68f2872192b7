package app.atelier.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throwaway databases on the real PostgreSQL server (127.0.0.1:5432, user postgres, trust auth; override with
 * ATELIER_TEST_POSTGRES_URL and ATELIER_TEST_POSTGRES_USER). Each call creates a fresh database, dropped when the
 * JVM ends. A missing server fails the test with instructions; it never skips.
 */
public final class PostgresTestDatabase {

    static final String SERVER_URL = System.getenv().getOrDefault("ATELIER_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/");

    public static final String USER = System.getenv().getOrDefault("ATELIER_TEST_POSTGRES_USER", "postgres");

    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PostgresTestDatabase::dropAll, "drop-test-databases"));
    }

    private PostgresTestDatabase() {
    }

    /** Creates a new empty database and returns its JDBC URL. */
    public static String create() {
        String name = "atelier_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE DATABASE " + name);
        CREATED.add(name);
        return SERVER_URL + name;
    }

    private static void dropAll() {
        for (String name : CREATED) {
            try {
                execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
            catch (RuntimeException ex) {
                // the server may already be gone at shutdown; nothing else to do
            }
        }
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER_URL + "postgres", USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("""
                    PostgreSQL is needed for these tests and is not reachable at %s as user %s (%s).
                    Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
                    """.formatted(SERVER_URL, USER, ex.getMessage()), ex);
        }
    }

}
