package app.atelier.gallery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

import app.atelier.platform.DatabaseEnvironment;
import app.atelier.platform.Dialect;
import app.atelier.storage.TestImageStores;
import app.atelier.web.PublicUrl;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The gallery at scale (docs/benchmarks.md, "Gallery at scale"): seeds one million images, a tenth of them one
 * account's, into a fresh SQLite file and a fresh PostgreSQL database migrated by Flyway as the application does, then
 * times {@link Images#list} for a 50-image page of that account in-process: warm-up first, then every case many times
 * in turn, reported as p50/p95/p99 milliseconds. Not a test (no JUnit, not named *Tests): run it with
 * {@code bench/gallery-scale.sh}, which documents its options.
 */
final class GalleryScaleBenchmark {

    private static final int PAGE = 50;

    private static final double TARGET_MS = 15;

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = options(arguments);
        String databases = options.getOrDefault("database", "both");
        int images = Integer.parseInt(options.getOrDefault("images", "1000000"));
        int heavy = Integer.parseInt(options.getOrDefault("heavy", "100000"));
        int accounts = Integer.parseInt(options.getOrDefault("users", "1000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "30"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "200"));
        boolean reuse = Boolean.parseBoolean(options.getOrDefault("reuse", "false"));
        String only = options.get("case");
        Path folder = Path.of(options.getOrDefault("dir", "target/benchmarks/gallery")).toAbsolutePath();
        Files.createDirectories(folder);

        StringBuilder report = new StringBuilder();
        report.append("Gallery at scale: ").append(images).append(" images, ").append(heavy).append(" of them one account's, ")
            .append(accounts).append(" accounts; ").append(warmup).append(" warm-up and ").append(runs)
            .append(" timed runs per case; Images.list in-process, ").append(PAGE).append(" images a page; ")
            .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(System.getProperty("java.version"))
            .append(".\n\n");
        for (String database : databases.equals("both") ? List.of("sqlite", "postgresql") : List.of(databases)) {
            try (HikariDataSource dataSource = open(database, folder, reuse)) {
                boolean postgres = database.equals("postgresql");
                long heavyAccount = seedIfNeeded(dataSource, postgres, images, heavy, accounts, reuse);
                report.append(measure(database, dataSource, heavyAccount, warmup, runs, only)).append('\n');
            }
        }
        System.out.println();
        System.out.println(report);
        Files.writeString(folder.resolve("report.md"), report);
        System.out.println("Written to " + folder.resolve("report.md"));
    }

    /** A pool like the application's (HikariCP over the same JDBC URL options); fresh data unless reused. */
    private static HikariDataSource open(String database, Path folder, boolean reuse) throws IOException, SQLException {
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(2);
        if (database.equals("sqlite")) {
            Path file = folder.resolve("atelier.db");
            if (!reuse) {
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Files.deleteIfExists(Path.of(file + suffix));
                }
            }
            config.setJdbcUrl("jdbc:sqlite:" + file + "?journal_mode=WAL&busy_timeout=10000&foreign_keys=true&transaction_mode=IMMEDIATE");
        }
        else if (database.equals("postgresql")) {
            String server = System.getenv().getOrDefault("ATELIER_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/");
            String user = System.getenv().getOrDefault("ATELIER_TEST_POSTGRES_USER", "postgres");
            String name = "atelier_bench_gallery";
            if (!reuse) {
                try (Connection connection = DriverManager.getConnection(server + "postgres", user, "");
                        Statement statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                    statement.execute("CREATE DATABASE " + name);
                }
            }
            config.setJdbcUrl(server + name + "?reWriteBatchedInserts=true");
            config.setConnectionInitSql(DatabaseEnvironment.POSTGRES_INIT_SQL);
            config.setUsername(user);
            config.setPassword("");
        }
        else {
            throw new IllegalArgumentException("--database is sqlite, postgresql or both");
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        // As the application migrates at startup (spring.flyway.locations=classpath:db/migration/{vendor}).
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + database).load().migrate();
        return dataSource;
    }

    private static long seedIfNeeded(DataSource dataSource, boolean postgres, int images, int heavy, int accounts, boolean reuse)
            throws SQLException {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        if (reuse) {
            Long existing = jdbc.sql("SELECT MIN(id) FROM accounts WHERE username = 'bench1'").query(Long.class).optional().orElse(null);
            if (existing != null) {
                System.out.println("Reusing the seeded data");
                return existing;
            }
        }
        long started = System.nanoTime();
        long heavyAccount;
        try (Connection connection = dataSource.getConnection()) {
            heavyAccount = new ScaleSeed(20261126L, images, heavy, accounts).write(connection, postgres,
                    written -> System.out.printf(Locale.ROOT, "  %,d images written (%s)%n", written, elapsed(started)));
        }
        long analyze = System.nanoTime();
        if (postgres) {
            // What autovacuum does on a live server soon after a bulk load: statistics and the visibility map.
            jdbc.sql("VACUUM ANALYZE").update();
        }
        else {
            jdbc.sql("PRAGMA wal_checkpoint(TRUNCATE)").query().singleRow();
        }
        System.out.printf(Locale.ROOT, "Seeded in %s (of which %s vacuum/checkpoint)%n", elapsed(started), elapsed(analyze));
        return heavyAccount;
    }

    private static String measure(String database, HikariDataSource dataSource, long account, int warmup, int runs,
            @Nullable String only) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Dialect dialect = new Dialect(dataSource);
        ImageRepository repository = new ImageRepository(jdbc, new PublicUrl("https://atelier.example"), Clock.systemUTC(), dialect);
        Images images = new Images(repository, TestImageStores.inFolder(Path.of("target/benchmarks/gallery/store")), Clock.systemUTC());

        long total = jdbc.sql("SELECT COUNT(*) FROM images").query(Long.class).single();
        long owned = jdbc.sql("SELECT COUNT(*) FROM images WHERE account_id = :a").param("a", account).query(Long.class).single();
        long skipped = owned / 2;
        long deepId = jdbc.sql("SELECT id FROM images WHERE account_id = :a ORDER BY id DESC LIMIT 1 OFFSET :skip")
            .param("a", account)
            .param("skip", skipped - 1)
            .query(Long.class)
            .single();
        String common = ScaleSeed.WORDS[2];
        String second = ScaleSeed.WORDS[40];
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        long small = jdbc.sql("SELECT account_id FROM images WHERE account_id <> :a GROUP BY account_id ORDER BY account_id LIMIT 1")
            .param("a", account)
            .query(Long.class)
            .single();
        LocalDate halfYearAgo = today.minusMonths(6);
        String two = common + " " + second;

        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("newest, first page", listing(() -> images.list(account, ImageQuery.ALL, null, PAGE)));
        cases.put(String.format(Locale.ROOT, "newest, page %,d (cursor)", skipped / PAGE + 1),
                listing(() -> images.list(account, ImageQuery.ALL, ImageCursor.keyset(deepId), PAGE)));
        cases.put("style = watercolour", listing(() -> images.list(account, filter("watercolour", null, null, false, null, null), null, PAGE)));
        cases.put("aspectRatio = 21:9", listing(() -> images.list(account, filter(null, "21:9", null, false, null, null), null, PAGE)));
        cases.put("provider = gemini-web", listing(() -> images.list(account, filter(null, null, "gemini-web", false, null, null), null, PAGE)));
        cases.put("favourites", listing(() -> images.list(account, filter(null, null, null, true, null, null), null, PAGE)));
        cases.put("from/to: one month, half a year ago",
                listing(() -> images.list(account, filter(null, null, null, false, halfYearAgo.minusMonths(1), halfYearAgo), null, PAGE)));
        cases.put("from: a year ago (every image)",
                listing(() -> images.list(account, filter(null, null, null, false, today.minusYears(1), null), null, PAGE)));
        cases.put("to: ten months ago", listing(() -> images.list(account, filter(null, null, null, false, null, today.minusMonths(10)), null, PAGE)));
        cases.put("from: last 7 days", listing(() -> images.list(account, filter(null, null, null, false, today.minusDays(7), null), null, PAGE)));
        cases.put("q = common word \"" + common + "\"", searching(common, account, () -> images.list(account, search(common, false), null, PAGE)));
        cases.put("q = rare word \"" + ScaleSeed.RARE_WORD + "\"",
                searching(ScaleSeed.RARE_WORD, account, () -> images.list(account, search(ScaleSeed.RARE_WORD, false), null, PAGE)));
        cases.put("q = two words \"" + two + "\"", searching(two, account, () -> images.list(account, search(two, false), null, PAGE)));
        cases.put("q = prefix \"mou\"", searching("mou", account, () -> images.list(account, search("mou", false), null, PAGE)));
        cases.put("q = two letters \"st\"", searching("st", account, () -> images.list(account, search("st", false), null, PAGE)));
        cases.put("q = one letter \"s\"", searching("s", account, () -> images.list(account, search("s", false), null, PAGE)));
        Supplier<String> deepSearch = cursorAfter(images, account, search(common, false), 20);
        cases.put("q = \"" + common + "\", page 21 (cursor)",
                searching(common, account, () -> images.list(account, search(common, false), deepSearch.get(), PAGE)));
        cases.put("q = \"" + common + "\" + style = watercolour", searching(common, account,
                () -> images.list(account, new ImageQuery(common, "watercolour", null, null, false, null, null, false), null, PAGE)));
        cases.put("q = \"" + common + "\" + from/to: one month, half a year ago", searching(common, account,
                () -> images.list(account, new ImageQuery(common, null, null, null, false, halfYearAgo.minusMonths(1), halfYearAgo, false), null, PAGE)));
        cases.put("q = \"" + ScaleSeed.RARE_WORD + "\" + from/to: one month, half a year ago", searching(ScaleSeed.RARE_WORD, account,
                () -> images.list(account, new ImageQuery(ScaleSeed.RARE_WORD, null, null, null, false, halfYearAgo.minusMonths(1), halfYearAgo, false),
                        null, PAGE)));
        cases.put("another account (about 900 images), q = \"" + common + "\"",
                searching(common, small, () -> images.list(small, search(common, false), null, PAGE)));
        cases.put("sort = relevance, q = \"" + common + "\"", searching(common, account, () -> images.list(account, search(common, true), null, PAGE)));
        Supplier<String> thirdBestPage = cursorAfter(images, account, search(common, true), 2);
        cases.put("sort = relevance, q = \"" + common + "\", page 3 (cursor)",
                searching(common, account, () -> images.list(account, search(common, true), thirdBestPage.get(), PAGE)));
        Supplier<String> pastRanked = cursorAfter(images, account, search(common, true), 20);
        cases.put("sort = relevance, q = \"" + common + "\", page 21 (cursor, past the ranked matches)",
                searching(common, account, () -> images.list(account, search(common, true), pastRanked.get(), PAGE)));
        cases.put("sort = relevance, q = two words \"" + two + "\"", searching(two, account, () -> images.list(account, search(two, true), null, PAGE)));
        cases.put("sort = relevance, q = rare word \"" + ScaleSeed.RARE_WORD + "\"",
                searching(ScaleSeed.RARE_WORD, account, () -> images.list(account, search(ScaleSeed.RARE_WORD, true), null, PAGE)));

        StringBuilder table = new StringBuilder();
        table.append("### ").append(database.equals("sqlite") ? "SQLite " + sqliteVersion(jdbc) : "PostgreSQL " + postgresVersion(jdbc))
            .append("\n\n")
            .append(String.format(Locale.ROOT, "%,d images in total, %,d of the measured account's.%n%n", total, owned))
            .append("| case | matches | page | p50 ms | p95 ms | p99 ms | target |\n|---|---:|---:|---:|---:|---:|---|\n");
        for (Map.Entry<String, Case> entry : cases.entrySet()) {
            if (only != null && !entry.getKey().contains(only)) {
                continue;
            }
            Supplier<ImagePage> run = entry.getValue().run();
            int size = 0;
            for (int i = 0; i < warmup; i++) {
                size = run.get().items().size();
            }
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                long started = System.nanoTime();
                run.get();
                nanos[i] = System.nanoTime() - started;
            }
            Arrays.sort(nanos);
            double p50 = millis(percentile(nanos, 50));
            String row = String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.2f | %s |", entry.getKey(),
                    matches(jdbc, dialect, entry.getValue()), size, p50, millis(percentile(nanos, 95)),
                    millis(percentile(nanos, 99)), p50 < TARGET_MS ? "ok" : "**missed**");
            System.out.println(database + " " + row);
            table.append(row).append('\n');
        }
        return table.toString();
    }

    /** A case: what it runs, and for a search the words and whose images, to count the matches for the reader. */
    private record Case(@Nullable String words, long account, Supplier<ImagePage> run) {
    }

    private static Case listing(Supplier<ImagePage> run) {
        return new Case(null, 0, run);
    }

    private static Case searching(String words, long account, Supplier<ImagePage> run) {
        return new Case(words, account, run);
    }

    /** How many of the account's images a search case matches (without its filters), not timed; blank for other cases. */
    private static String matches(JdbcClient jdbc, Dialect dialect, Case measured) {
        if (measured.words() == null) {
            return "";
        }
        PromptSearch search = PromptSearch.of(measured.words()).orElseThrow();
        long count = dialect.postgres()
                ? jdbc.sql("SELECT COUNT(*) FROM images WHERE prompt_search @@ " + search.postgresQuery(measured.account()))
                    .query(Long.class)
                    .single()
                : jdbc.sql("SELECT COUNT(*) FROM images_search WHERE images_search MATCH :m")
                    .param("m", search.fts5Match(measured.account()))
                    .query(Long.class)
                    .single();
        return String.format(Locale.ROOT, "%,d", count);
    }

    private static Supplier<String> cursorAfter(Images images, long account, ImageQuery query, int pages) {
        String[] cursor = new String[1];
        return () -> {
            if (cursor[0] == null) {
                String next = null;
                for (int i = 0; i < pages; i++) {
                    next = images.list(account, query, next, PAGE).nextCursor();
                }
                cursor[0] = next;
            }
            return cursor[0];
        };
    }

    private static ImageQuery filter(@Nullable String style, @Nullable String ratio, @Nullable String provider, boolean favourites,
            @Nullable LocalDate from, @Nullable LocalDate to) {
        return new ImageQuery(null, style, ratio, provider, favourites, from, to, false);
    }

    private static ImageQuery search(String q, boolean bestMatchFirst) {
        return new ImageQuery(q, null, null, null, false, null, null, bestMatchFirst);
    }

    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static String elapsed(long startedNanos) {
        Duration duration = Duration.ofNanos(System.nanoTime() - startedNanos);
        return String.format(Locale.ROOT, "%d:%02d", duration.toMinutes(), duration.toSecondsPart());
    }

    private static String sqliteVersion(JdbcClient jdbc) {
        return jdbc.sql("SELECT sqlite_version()").query(String.class).single();
    }

    private static String postgresVersion(JdbcClient jdbc) {
        return jdbc.sql("SHOW server_version").query(String.class).single();
    }

    private static Map<String, String> options(String[] arguments) {
        Map<String, String> options = new HashMap<>();
        for (String argument : arguments) {
            if (!argument.startsWith("--")) {
                throw new IllegalArgumentException("Options look like --name=value: " + argument);
            }
            String[] parts = argument.substring(2).split("=", 2);
            options.put(parts[0], parts.length == 2 ? parts[1] : "true");
        }
        return options;
    }

    private GalleryScaleBenchmark() {
    }

}
