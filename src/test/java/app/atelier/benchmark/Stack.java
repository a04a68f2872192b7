package app.atelier.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The processes of one benchmark run, all on 127.0.0.1: the fake Gemini API in its own JVM, Atelier from its jar in
 * another, with a throwaway data directory (and a throwaway PostgreSQL database when asked). Closing stops both and
 * removes what was created; a shutdown hook does the same when the benchmark is interrupted.
 */
final class Stack implements AutoCloseable {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final Options options;

    private final Path dataDir;

    private final Path logs;

    private final List<Process> processes = new ArrayList<>();

    private final Thread cleanup = new Thread(this::stopAll, "benchmark-cleanup");

    private @Nullable String database;

    private @Nullable Process app;

    final String fakeUrl;

    final String appUrl;

    private Stack(Options options) throws IOException {
        this.options = options;
        this.dataDir = Files.createTempDirectory("atelier-bench-");
        this.logs = Path.of("target", "benchmarks", "logs");
        Files.createDirectories(logs);
        this.fakeUrl = "http://127.0.0.1:" + freePort();
        this.appUrl = "http://127.0.0.1:" + freePort();
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Starts the fake (answering after {@code answerDelay}) and Atelier with the extra properties, and waits for health. */
    static Stack start(Options options, String name, String answerDelay, List<String> appProperties) throws Exception {
        Stack stack = new Stack(options);
        try {
            stack.startFake(name, answerDelay);
            stack.startApp(name, appProperties);
            return stack;
        }
        catch (Exception | Error ex) {
            stack.close();
            throw ex;
        }
    }

    long appPid() {
        return running(app).pid();
    }

    /** The JDK tool (jcmd, jstat) of the JDK that runs Atelier. */
    String tool(String name) {
        try {
            return Path.of(options.appJava()).toRealPath().getParent().resolve(name).toString();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Runs a JDK tool against Atelier's JVM and returns its output. */
    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(tool("jcmd"), String.valueOf(appPid())));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return output;
    }

    /** Heap in use right after a full GC, in MB. */
    double heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        // "total 524288K, used 49730K" up to JDK 21, "total reserved 524288K, committed 389120K, used 8946K" since
        Matcher used = Pattern.compile("heap\\s+total[^\\n]*?used (\\d+)K").matcher(jcmd("GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
    }

    /** Live platform threads of Atelier's JVM. */
    int liveThreads() throws IOException, InterruptedException {
        Matcher live = Pattern.compile("java\\.threads\\.live=(\\d+)").matcher(jcmd("PerfCounter.print"));
        return live.find() ? Integer.parseInt(live.group(1)) : -1;
    }

    /** All threads, virtual ones included, from a JSON thread dump (JDK 21+); -1 when the JVM cannot write one. */
    int allThreads() throws IOException, InterruptedException {
        Path dump = dataDir.resolve("threads-" + UUID.randomUUID() + ".json");
        jcmd("Thread.dump_to_file", "-format=json", dump.toString());
        if (!Files.exists(dump)) {
            return -1;
        }
        Matcher thread = Pattern.compile("\"tid\"\\s*:").matcher(Files.readString(dump));
        Files.delete(dump);
        int count = 0;
        while (thread.find()) {
            count++;
        }
        return count;
    }

    String appJavaVersion() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(options.appJava(), "-version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        Matcher runtime = Pattern.compile("(?m)^(.*Runtime Environment.*)$").matcher(output);
        return runtime.find() ? runtime.group(1).replace("Runtime Environment", "").replaceAll("\\s+", " ").strip()
                : output.lines().findFirst().orElse("?");
    }

    private void startFake(String name, String answerDelay) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process fake = launch(List.of(java, "-Xmx1g", "-Dsun.net.httpserver.nodelay=true", "-Dfake.answer-delay=" + answerDelay, "-Dfake.reuse-images=true",
                "-Dfake.image-side=" + options.imageSide(), "-cp", System.getProperty("java.class.path"),
                "app.atelier.provider.gemini.api.FakeGeminiApi", fakeUrl.substring(fakeUrl.lastIndexOf(':') + 1)), List.of(),
                logs.resolve(name + "-fake.log"));
        AtelierClient probe = new AtelierClient(fakeUrl);
        waitUntil(Duration.ofSeconds(60), fake, () -> {
            try {
                probe.getJson(fakeUrl + "/_fake/stats");
                return true;
            }
            catch (IOException | RuntimeException ex) {
                return false;
            }
        }, "the fake Gemini API");
    }

    private void startApp(String name, List<String> appProperties) throws Exception {
        List<String> command = new ArrayList<>(List.of(options.appJava(), "-Xmx" + options.heap()));
        if (options.jfr()) {
            command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + logs.toAbsolutePath().resolve(name + ".jfr"));
        }
        command.addAll(List.of("-jar", options.jar(),
                "--server.port=" + appUrl.substring(appUrl.lastIndexOf(':') + 1), "--server.address=127.0.0.1",
                "--atelier.data-dir=" + dataDir.resolve("data"), "--atelier.gemini.api.base-url=" + fakeUrl,
                // the benchmark registers its accounts from one address, and generates far more than a free account may
                "--atelier.accounts.registration-throttle.max-attempts=100000",
                "--atelier.quota.tiers.free.daily-images=10000000", "--atelier.quota.tiers.free.per-minute=10000000"));
        command.addAll(appProperties);
        List<String> environment = new ArrayList<>();
        if (options.postgresql()) {
            database = "atelier_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            sql("CREATE DATABASE " + database);
            environment.add("DATABASE_URL=postgres://postgres@127.0.0.1:5432/" + database);
        }
        app = launch(command, environment, logs.resolve(name + "-app.log"));
        AtelierClient probe = new AtelierClient(appUrl);
        waitUntil(Duration.ofSeconds(180), app, probe::healthy, "Atelier (see " + logs.resolve(name + "-app.log") + ")");
    }

    private Process launch(List<String> command, List<String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("DATABASE_URL");
        for (String variable : environment) {
            int equals = variable.indexOf('=');
            builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        catch (IllegalStateException ex) {
            // already shutting down: the hook runs stopAll anyway
        }
    }

    private synchronized void stopAll() {
        // Atelier first (it finishes its requests and requeues nothing: every job has ended), then the fake.
        List<Process> newestFirst = new ArrayList<>(processes);
        Collections.reverse(newestFirst);
        for (Process process : newestFirst) {
            process.destroy();
            try {
                if (!process.waitFor(45, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            catch (InterruptedException ex) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        if (database != null) {
            try {
                sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            catch (SQLException ex) {
                System.err.println("Could not drop the benchmark database " + database + ": " + ex.getMessage());
            }
            database = null;
        }
        deleteQuietly(dataDir);
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "");
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private static void waitUntil(Duration timeout, Process process, Check check, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!check.ok()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " stopped with exit code " + process.exitValue());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " did not come up within " + timeout);
            }
            Thread.sleep(250);
        }
    }

    private static Process running(@Nullable Process process) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("Atelier is not running");
        }
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            System.err.println("Could not remove " + root + ": " + ex.getMessage());
        }
    }

    @FunctionalInterface
    private interface Check {

        boolean ok() throws InterruptedException;

    }

    /** The command line: {@code --name=value} pairs. */
    record Options(String scenario, String jar, String appJava, String database, String heap, int imageSide, int warmup,
            int sequential, int clients, int perClient, int users, int perUser, String delay, int submitters, boolean jfr) {

        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            for (String arg : args) {
                if (!arg.startsWith("--") || !arg.contains("=")) {
                    throw new IllegalArgumentException("Arguments are --name=value, not " + arg);
                }
                values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
            Options options = new Options(values.getOrDefault("scenario", "all"), required(values, "jar"),
                    values.getOrDefault("app-java", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                    values.getOrDefault("database", "sqlite").toLowerCase(Locale.ROOT), values.getOrDefault("heap", "512m"),
                    Integer.parseInt(values.getOrDefault("image-side", "1024")), Integer.parseInt(values.getOrDefault("warmup", "100")),
                    Integer.parseInt(values.getOrDefault("sequential", "300")), Integer.parseInt(values.getOrDefault("clients", "8")),
                    Integer.parseInt(values.getOrDefault("per-client", "50")), Integer.parseInt(values.getOrDefault("users", "50")),
                    Integer.parseInt(values.getOrDefault("per-user", "20")), values.getOrDefault("delay", "20s"),
                    Integer.parseInt(values.getOrDefault("submitters", "16")), Boolean.parseBoolean(values.getOrDefault("jfr", "false")));
            if (!List.of("sqlite", "postgresql").contains(options.database())) {
                throw new IllegalArgumentException("--database is sqlite or postgresql");
            }
            if (!List.of("all", "overhead", "wait").contains(options.scenario())) {
                throw new IllegalArgumentException("--scenario is overhead, wait or all");
            }
            return options;
        }

        boolean postgresql() {
            return database.equals("postgresql");
        }

        private static String required(Map<String, String> values, String name) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("--" + name + "=… is required");
            }
            return value;
        }

    }

}
