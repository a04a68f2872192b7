package app.atelier.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import app.atelier.benchmark.AtelierClient.User;
import app.atelier.benchmark.Stack.Options;

/**
 * Measures the generation pipeline end to end, over HTTP, against the fake Gemini API (see {@code docs/benchmarks.md};
 * run it with {@code bench/generation.sh}). Two scenarios:
 * <ul>
 * <li>{@code overhead}: the fake answers at once; how long Atelier takes from submit to succeeded, one generation at
 * a time and with several clients at once;</li>
 * <li>{@code wait}: the fake answers after {@code --delay}; {@code --users} × {@code --per-user} generations wait on
 * it at once, while another signed-in user keeps loading pages.</li>
 * </ul>
 * Prints a Markdown report and writes it to {@code target/benchmarks/}.
 */
public final class GenerationBenchmark {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Options options;

    private final StringBuilder report = new StringBuilder();

    private GenerationBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        GenerationBenchmark benchmark = new GenerationBenchmark(Options.parse(args));
        benchmark.run();
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        line("## Generation benchmark, " + DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(ChronoUnit.SECONDS)));
        line("");
        line("- Machine: " + machine());
        line("- Load average before: " + Files.readString(Path.of("/proc/loadavg")).strip());
        line("- fsync of a 4 KB file in the temporary folder (where the data directory goes): " + fsync());
        line("- Database: " + (options.postgresql() ? "PostgreSQL (local server, a fresh database)" : "SQLite (default, a fresh data directory)"));
        line("- Fake images: " + options.imageSide() + " px on the long side (PNG), made unique per answer");
        line("- Atelier JVM: -Xmx" + options.heap() + ", otherwise defaults");
        line("");
        if (!options.scenario().equals("wait")) {
            overhead();
        }
        if (!options.scenario().equals("overhead")) {
            waiting();
        }
        line("- Load average after: " + Files.readString(Path.of("/proc/loadavg")).strip());
        Path out = Path.of("target", "benchmarks", "generation-" + STAMP.format(started) + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println();
        System.out.println("Report written to " + out);
    }

    /** Scenario (a): the time Atelier adds to a generation whose upstream answers at once. */
    private void overhead() throws Exception {
        try (Stack stack = Stack.start(options, "overhead", "0s", List.of())) {
            line("### Overhead per generation (upstream answers at once), JDK " + stack.appJavaVersion());
            line("");
            AtelierClient client = new AtelierClient(stack.appUrl);
            List<User> users = new ArrayList<>();
            for (int i = 0; i < options.clients(); i++) {
                users.add(client.register("bench-a" + i, "bench-key-a" + i));
            }
            progress("Warming up with " + options.warmup() + " generations");
            loop(client, users, Math.max(1, options.warmup() / 2 / users.size()));
            loop(client, users.subList(0, 1), options.warmup() / 2);
            progress("Sequential: " + options.sequential() + " generations, one at a time");
            Run sequential = loop(client, users.subList(0, 1), options.sequential());
            progress("Concurrent: " + options.clients() + " clients × " + options.perClient() + " generations");
            Run concurrent = loop(client, users, options.perClient());
            line("count = 1 per generation. *server* = `finishedAt − createdAt` of the API (submit to succeeded, as Atelier "
                    + "records it); *client* = from sending the POST to receiving the terminal `status` event on "
                    + "`/api/v1/generations/{id}/events` (SSE, opened right after the 202); *POST* = the submit round trip; "
                    + "*queued* = `startedAt − createdAt`, *running* = `finishedAt − startedAt`. Milliseconds.");
            line("");
            line("| run | measure | n | p50 | p90 | p99 | max |");
            line("|---|---|---|---|---|---|---|");
            sequential.rows("sequential (1 client)");
            concurrent.rows("concurrent (" + options.clients() + " clients)");
            line("");
            line("Throughput: sequential " + sequential.throughput() + ", concurrent " + concurrent.throughput()
                    + ". Failed generations: " + (sequential.failed.get() + concurrent.failed.get()) + ".");
            line("");
        }
    }

    /** Each user's own client submits {@code each} generations one after another, waiting for each to end. */
    private Run loop(AtelierClient client, List<User> users, int each) throws Exception {
        Run run = new Run();
        ExecutorService threads = Executors.newFixedThreadPool(users.size());
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (User user : users) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        long sent = System.nanoTime();
                        JsonNode accepted = client.submit(user, "a lighthouse at dusk, study " + i);
                        long answered = System.nanoTime();
                        JsonNode ended = client.awaitEnd(user, accepted.path("id").asLong());
                        long seen = System.nanoTime();
                        run.record(ended, millis(answered - sent), millis(seen - sent));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        finally {
            threads.shutdownNow();
        }
        run.wall = millis(System.nanoTime() - start);
        return run;
    }

    /** Scenario (b): many generations waiting on a slow upstream at once, and another user's pages meanwhile. */
    private void waiting() throws Exception {
        int total = options.users() * options.perUser();
        try (Stack stack = Stack.start(options, "wait", options.delay(), List.of("--atelier.generation.concurrency=" + total))) {
            String jdk = stack.appJavaVersion();
            line("### " + total + " generations waiting on a " + options.delay() + " upstream, JDK " + jdk);
            line("");
            AtelierClient client = new AtelierClient(stack.appUrl);
            progress("Registering " + options.users() + " users and an observer");
            List<User> users = new ArrayList<>();
            for (int i = 0; i < options.users(); i++) {
                users.add(client.register("bench-w" + i, "bench-key-w" + i));
            }
            User observer = client.register("bench-observer", "bench-key-obs");
            String session = client.signIn(observer);
            Observer pages = new Observer(client, observer, session);
            Thread observing = new Thread(pages, "observer");
            observing.setDaemon(true);
            observing.start();
            Thread.sleep(3000);
            pages.pause();
            int idleThreads = stack.liveThreads();
            int idleAll = stack.allThreads();
            double idleHeap = stack.heapAfterGc();
            pages.resume();
            FakeWatch fake = new FakeWatch(client, stack.fakeUrl);
            Thread watching = new Thread(fake, "fake-watch");
            watching.setDaemon(true);
            watching.start();
            HeapWatch heap = new HeapWatch(stack.tool("jstat"), stack.appPid());
            Thread.sleep(5000);

            progress("Submitting " + total + " generations (" + options.users() + " users × " + options.perUser() + ") from "
                    + options.submitters() + " threads");
            long submitStart = System.currentTimeMillis();
            Latencies posts = new Latencies();
            AtomicInteger refused = new AtomicInteger();
            ExecutorService submitters = Executors.newFixedThreadPool(options.submitters());
            List<Future<?>> submitted = new ArrayList<>();
            for (int k = 0; k < total; k++) {
                User user = users.get(k % users.size());
                int number = k;
                submitted.add(submitters.submit(() -> {
                    long sent = System.nanoTime();
                    try {
                        client.submit(user, "a harbour in the fog, plate " + number);
                        posts.add(millis(System.nanoTime() - sent));
                    }
                    catch (IOException | RuntimeException ex) {
                        if (refused.incrementAndGet() <= 3) {
                            System.err.println("Submit failed: " + ex.getMessage());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : submitted) {
                future.get();
            }
            submitters.shutdown();
            long submitEnd = System.currentTimeMillis();

            progress("Waiting until the fake holds all " + total + " calls");
            long deadline = System.currentTimeMillis() + 60_000;
            while (fake.inFlight.get() < total - refused.get() && fake.answered.get() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            long allWaitingAt = System.currentTimeMillis();
            boolean measuredWhileWaiting = fake.answered.get() == 0;
            int waitingNow = fake.inFlight.get();
            pages.pause();
            int threads = stack.liveThreads();
            int all = stack.allThreads();
            double heapWaiting = stack.heapAfterGc();
            int waitingAfter = fake.inFlight.get();
            boolean stillNoneAnswered = fake.answered.get() == 0;
            pages.resume();
            progress("Measured with " + waitingNow + " waiting: heap after GC " + mb(heapWaiting) + ", " + threads
                    + " platform threads" + (all >= 0 ? ", " + all + " threads in all" : ""));

            progress("Waiting for the answers and the end of every generation");
            deadline = System.currentTimeMillis() + durationMillis(options.delay()) + 300_000;
            while (fake.answered.get() < total - refused.get() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            List<JsonNode> generations = new ArrayList<>();
            String unfinished = "";
            while (true) {
                try {
                    generations.clear();
                    for (User user : users) {
                        generations.addAll(client.history(user));
                    }
                    long open = generations.stream().filter(g -> !AtelierClient.terminal(g.path("status").asString())).count();
                    if (open == 0) {
                        unfinished = "";
                        break;
                    }
                    unfinished = open + " generations had not ended when the benchmark gave up";
                }
                catch (IOException | RuntimeException ex) {
                    unfinished = "the generation lists did not load: " + ex;
                }
                if (System.currentTimeMillis() > deadline) {
                    break;
                }
                Thread.sleep(1000);
            }
            long allDone = System.currentTimeMillis();
            Thread.sleep(2000);
            pages.stop();
            fake.stop();
            heap.stop();
            observing.join(10_000);

            Map<String, Integer> statuses = new TreeMap<>();
            Latencies serverTimes = new Latencies();
            Latencies queuedTimes = new Latencies();
            long firstCreated = Long.MAX_VALUE;
            long lastFinished = 0;
            for (JsonNode generation : generations) {
                String status = generation.path("status").asString();
                String code = generation.path("error").path("code").asString("");
                statuses.merge(code.isEmpty() ? status : status + " (" + code + ")", 1, Integer::sum);
                long created = Instant.parse(generation.path("createdAt").asString()).toEpochMilli();
                firstCreated = Math.min(firstCreated, created);
                if (!generation.path("finishedAt").isNull()) {
                    long finished = Instant.parse(generation.path("finishedAt").asString()).toEpochMilli();
                    lastFinished = Math.max(lastFinished, finished);
                    serverTimes.add(finished - created);
                }
                if (!generation.path("startedAt").isNull()) {
                    queuedTimes.add(Instant.parse(generation.path("startedAt").asString()).toEpochMilli() - created);
                }
            }
            long firstAnswer = fake.firstAnswerAt.get() == 0 ? allDone : fake.firstAnswerAt.get();

            line("| measure | value |");
            line("|---|---|");
            line("| generations submitted | " + total + " (" + options.users() + " users × " + options.perUser() + ", count = 1), "
                    + refused.get() + " refused |");
            line("| submit (POST) round trip, p50 / p99 / max | " + Latencies.ms(posts.percentile(50)) + " / "
                    + Latencies.ms(posts.percentile(99)) + " / " + Latencies.ms(posts.percentile(100)) + " ms ("
                    + options.submitters() + " submitting threads, all " + total + " sent in "
                    + Latencies.ms(submitEnd - submitStart) + " ms) |");
            line("| most calls waiting on the fake at once | " + fake.mostInFlight() + " (" + waitingNow
                    + " when measured below" + (measuredWhileWaiting ? "" : ", but answers had already begun") + ") |");
            line("| heap used after a full GC: idle → " + waitingNow + " waiting | " + mb(idleHeap) + " → " + mb(heapWaiting)
                    + (stillNoneAnswered && waitingAfter >= waitingNow ? "" : " (answers began during the measurement)")
                    + " of " + options.heap() + " |");
            line("| heap used at its peak (jstat every 0.5 s, before GC) | " + mb(heap.peakUsedMb()) + " |");
            line("| live platform threads: idle → waiting | " + idleThreads + " → " + threads + " |");
            if (all >= 0) {
                line("| all threads incl. virtual: idle → waiting | " + idleAll + " → " + all + " |");
            }
            line("| GC since Atelier started | " + heap.gcSummary() + " |");
            line("| outcome | " + statuses + (unfinished.isEmpty() ? "" : "; " + unfinished) + " |");
            line("| server time (finishedAt − createdAt) p50 / p99 / max | " + Latencies.ms(serverTimes.percentile(50)) + " / "
                    + Latencies.ms(serverTimes.percentile(99)) + " / " + Latencies.ms(serverTimes.percentile(100)) + " ms |");
            line("| queued (startedAt − createdAt) p50 / p99 / max | " + Latencies.ms(queuedTimes.percentile(50)) + " / "
                    + Latencies.ms(queuedTimes.percentile(99)) + " / " + Latencies.ms(queuedTimes.percentile(100)) + " ms |");
            line("| first submit → last generation finished | " + Latencies.ms(lastFinished - firstCreated) + " ms |");
            line("");
            line("Another signed-in user (`bench-observer`, no generations of its own) meanwhile loads, one after another with "
                    + Observer.PAUSE_MS + " ms between requests, `GET /api/v1/generations` (token), `/` and `/credentials` "
                    + "(session cookie). The observer pauses while the benchmark reads threads and heap (a forced full GC). "
                    + "Milliseconds:");
            line("");
            line("| window | n | p50 | p90 | p99 | max | errors |");
            line("|---|---|---|---|---|---|---|");
            pages.row("idle, before submitting", 0, submitStart);
            pages.row("submitting", submitStart, submitEnd);
            pages.row("all submitted, waiting on the upstream", submitEnd, firstAnswer);
            pages.row("answers arriving, generations finishing", firstAnswer, allDone);
            pages.row("whole run (submit → all finished)", submitStart, allDone);
            line("");
            line("Slowest page requests: " + pages.slowest(5) + ".");
            line("");
            if (!measuredWhileWaiting || allWaitingAt > firstAnswer) {
                line("Note: the upstream began answering before all submitted generations were waiting.");
                line("");
            }
        }
    }

    private static long durationMillis(String delay) {
        return delay.endsWith("ms") ? Long.parseLong(delay.substring(0, delay.length() - 2))
                : Long.parseLong(delay.substring(0, delay.length() - 1)) * 1000;
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static String mb(double megabytes) {
        return Double.isNaN(megabytes) ? "?" : Math.round(megabytes) + " MB";
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }

    private static void progress(String text) {
        System.err.println("… " + text);
    }

    /** The disk's price of durability: Atelier forces every image file and its folder, and SQLite each commit. */
    private static String fsync() throws IOException {
        Path file = Files.createTempFile("atelier-bench-fsync", ".bin");
        Latencies forces = new Latencies();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocate(4096);
            for (int i = 0; i < 50; i++) {
                block.clear();
                channel.write(block, 0);
                long start = System.nanoTime();
                channel.force(true);
                forces.add(millis(System.nanoTime() - start));
            }
        }
        finally {
            Files.delete(file);
        }
        return "p50 " + Latencies.ms(forces.percentile(50)) + " ms, p90 " + Latencies.ms(forces.percentile(90)) + " ms (50 tries)";
    }

    private static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
            .stream()
            .filter(l -> l.startsWith("model name"))
            .findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).strip())
            .orElse("unknown CPU");
        long memoryKb = Files.readAllLines(Path.of("/proc/meminfo"))
            .stream()
            .filter(l -> l.startsWith("MemTotal"))
            .findFirst()
            .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
            .orElse(0L);
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + Math.round(memoryKb / 1024.0 / 1024.0)
                + " GB RAM, " + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    /** The latencies of one run of the overhead scenario. */
    private final class Run {

        final Latencies server = new Latencies();

        final Latencies client = new Latencies();

        final Latencies post = new Latencies();

        final Latencies queued = new Latencies();

        final Latencies running = new Latencies();

        final AtomicInteger failed = new AtomicInteger();

        double wall;

        void record(JsonNode generation, double postMs, double clientMs) {
            if (!generation.path("status").asString().equals("succeeded")) {
                if (failed.incrementAndGet() <= 3) {
                    System.err.println("Generation did not succeed: " + generation);
                }
                return;
            }
            long created = Instant.parse(generation.path("createdAt").asString()).toEpochMilli();
            long started = Instant.parse(generation.path("startedAt").asString()).toEpochMilli();
            long finished = Instant.parse(generation.path("finishedAt").asString()).toEpochMilli();
            server.add(finished - created);
            queued.add(started - created);
            running.add(finished - started);
            client.add(clientMs);
            post.add(postMs);
        }

        void rows(String name) {
            line("| " + name + " | **server** | " + server.cells() + " |");
            line("| | client | " + client.cells() + " |");
            line("| | POST | " + post.cells() + " |");
            line("| | queued | " + queued.cells() + " |");
            line("| | running | " + running.cells() + " |");
        }

        String throughput() {
            return "%.1f generations/s".formatted(server.count() / (wall / 1000));
        }

    }

    /** A signed-in user loading pages in a loop, each request timed and stamped. */
    private final class Observer implements Runnable {

        static final int PAUSE_MS = 20;

        private final AtelierClient client;

        private final User user;

        private final String session;

        private final AtomicBoolean paused = new AtomicBoolean();

        private final AtomicBoolean stopped = new AtomicBoolean();

        private final AtomicBoolean idle = new AtomicBoolean();

        private final ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();

        Observer(AtelierClient client, User user, String session) {
            this.client = client;
            this.user = user;
            this.session = session;
        }

        @Override
        public void run() {
            int next = 0;
            while (!stopped.get()) {
                if (paused.get()) {
                    idle.set(true);
                    sleep(20);
                    continue;
                }
                idle.set(false);
                long at = System.currentTimeMillis();
                long sent = System.nanoTime();
                boolean ok = true;
                try {
                    switch (next++ % 3) {
                        case 0 -> client.page("/api/v1/generations", null, user);
                        case 1 -> client.page("/", session, null);
                        default -> client.page("/credentials", session, null);
                    }
                }
                catch (IOException | RuntimeException ex) {
                    ok = false;
                }
                catch (InterruptedException ex) {
                    return;
                }
                samples.add(new long[] { at, System.nanoTime() - sent, ok ? 0 : 1, (next - 1) % 3 });
                sleep(PAUSE_MS);
            }
        }

        void pause() throws InterruptedException {
            paused.set(true);
            idle.set(false);
            while (!idle.get()) {
                Thread.sleep(10);
            }
        }

        void resume() {
            paused.set(false);
        }

        void stop() {
            stopped.set(true);
        }

        void row(String window, long from, long to) {
            Latencies latencies = new Latencies();
            int errors = 0;
            for (long[] sample : samples) {
                if (sample[0] >= from && sample[0] < to) {
                    latencies.add(millis(sample[1]));
                    errors += (int) sample[2];
                }
            }
            line("| " + window + " | " + latencies.cells() + " | " + errors + " |");
        }

        /** The slowest requests with their wall-clock time, to find in Atelier's log or a JFR recording. */
        String slowest(int count) {
            DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
            String[] paths = { "GET /api/v1/generations", "GET /", "GET /credentials" };
            return samples.stream()
                .sorted((a, b) -> Long.compare(b[1], a[1]))
                .limit(count)
                .map(sample -> paths[(int) sample[3]] + " at " + time.format(Instant.ofEpochMilli(sample[0])) + " UTC took "
                        + Latencies.ms(millis(sample[1])) + " ms")
                .collect(Collectors.joining("; "));
        }

        private void sleep(long millis) {
            try {
                Thread.sleep(millis);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                stopped.set(true);
            }
        }

    }

    /** Polls the fake's counters: calls in flight, the most at once, answered, and when the first answer left. */
    private static final class FakeWatch implements Runnable {

        private final AtelierClient client;

        private final String url;

        final AtomicInteger inFlight = new AtomicInteger();

        final AtomicInteger answered = new AtomicInteger();

        final AtomicLong firstAnswerAt = new AtomicLong();

        private final AtomicInteger most = new AtomicInteger();

        private volatile boolean stopped;

        FakeWatch(AtelierClient client, String url) {
            this.client = client;
            this.url = url + "/_fake/stats";
        }

        @Override
        public void run() {
            while (!stopped) {
                try {
                    JsonNode stats = client.getJson(url);
                    inFlight.set(stats.path("inFlight").asInt());
                    most.set(stats.path("mostInFlight").asInt());
                    answered.set(stats.path("generateCalls").asInt());
                    if (answered.get() > 0) {
                        firstAnswerAt.compareAndSet(0, System.currentTimeMillis());
                    }
                    Thread.sleep(100);
                }
                catch (InterruptedException ex) {
                    return;
                }
                catch (IOException | RuntimeException ex) {
                    // the next poll tells
                }
            }
        }

        int mostInFlight() {
            return most.get();
        }

        void stop() {
            stopped = true;
        }

    }

    /** {@code jstat -gc} every half second: the most heap in use, and the collections. */
    private static final class HeapWatch {

        private final Process jstat;

        private volatile double peakMb;

        private volatile String gc = "?";

        HeapWatch(String tool, long pid) throws IOException {
            jstat = new ProcessBuilder(tool, "-gc", String.valueOf(pid), "500").redirectErrorStream(true).start();
            Thread reader = new Thread(this::read, "jstat");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
                List<String> columns = List.of();
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] cells = line.strip().split("\\s+");
                    if (cells.length > 0 && cells[0].equals("S0C")) {
                        columns = Arrays.asList(cells);
                        continue;
                    }
                    if (columns.isEmpty() || cells.length != columns.size()) {
                        continue;
                    }
                    double used = 0;
                    for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                        used += number(cells[columns.indexOf(column)]);
                    }
                    peakMb = Math.max(peakMb, used / 1024);
                    gc = "%s young, %s full collections, %s s in GC".formatted(cells[columns.indexOf("YGC")],
                            cells[columns.indexOf("FGC")], cells[columns.indexOf("GCT")]);
                }
            }
            catch (IOException ex) {
                // jstat ended
            }
        }

        private static double number(String cell) {
            return cell.equals("-") ? 0 : Double.parseDouble(cell);
        }

        double peakUsedMb() {
            return peakMb;
        }

        String gcSummary() {
            return gc + " (including the two forced by the benchmark)";
        }

        void stop() throws InterruptedException {
            jstat.destroy();
            jstat.waitFor(5, TimeUnit.SECONDS);
        }

    }

}
