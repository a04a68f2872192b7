package app.atelier.provider.gemini.api;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for the Gemini API, following the fake server contract of {@code gemini-api.md} §8: plain HTTP on
 * 127.0.0.1, {@code v1beta} and {@code v1}, the outcome chosen by the key (auth first, on every route) and then by a
 * marker in the prompt, real PNG or JPEG images of the requested aspect ratio, and a record of every request.
 * <p>
 * Keys: none → 403, {@code bad-key} → 400 API_KEY_INVALID, {@code forbidden-key} → 403 leaked, {@code region-key} →
 * 400 FAILED_PRECONDITION (an unsupported region; not in the spec's table), {@code quota-key} → 429 with RetryInfo 26 s, {@code boom-key} → 500, {@code busy-key} → 503, {@code slow-key} → waits
 * {@link #slowDelay(Duration)} and then answers; any other key is good. Prompt markers: {@code [block]} (or
 * {@code [block:REASON]}) blocks the prompt, {@code [unsafe]} (or {@code [finish:REASON]}) ends the candidate with
 * IMAGE_SAFETY (or that reason), {@code [noimage]} answers with text only, {@code [thought]} sends a thought draft
 * before the image, {@code [jpeg]} sends a JPEG; for Imagen's {@code :predict}, {@code [filtered]}.
 * {@link #enqueue(int, String)} makes the next request answer anything at all.
 * <p>
 * Run it on its own with {@link #main(String[])} to point a whole Atelier at it; there it can also play a slow Google
 * (every generate call waits {@link #answerDelay(Duration)}), answer without rendering (see {@link #reuseImages()}),
 * and tell how many generate calls it holds at once ({@code GET /_fake/stats}), for {@code bench/generation.sh}.
 */
class FakeGeminiApi implements AutoCloseable {

    static final String GOOD_KEY = "fake-good-key";

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final Pattern GENERATE = Pattern.compile("/(v1beta|v1)/models/([^/:]+):generateContent");

    private static final Pattern PREDICT = Pattern.compile("/(v1beta|v1)/models/([^/:]+):predict");

    private static final Pattern LIST = Pattern.compile("/(v1beta|v1)/models");

    private static final Pattern GET = Pattern.compile("/(v1beta|v1)/models/([^/:]+)");

    private static final Pattern RATIO = Pattern.compile("(\\d{1,2}):(\\d{1,2})");

    private static final Pattern MARKER = Pattern.compile("\\[(block|finish):([A-Z_]+)]");

    private static final List<Model> MODELS = List.of(
            new Model("gemini-2.5-flash-image", "Nano Banana", List.of("generateContent", "countTokens")),
            new Model("gemini-3.1-flash-image", "Nano Banana 2", List.of("generateContent", "countTokens")),
            new Model("gemini-3-pro-image", "Nano Banana Pro", List.of("generateContent", "countTokens")),
            new Model("imagen-4.0-generate-001", "Imagen 4", List.of("predict")));

    private static final Reply NORMAL = new Reply(200, "");

    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private final Queue<Reply> queued = new ConcurrentLinkedQueue<>();

    private volatile Duration slowDelay = Duration.ofSeconds(2);

    private volatile Duration answerDelay = Duration.ZERO;

    private volatile boolean reuseImages;

    private final Map<String, byte[]> rendered = new ConcurrentHashMap<>();

    private final AtomicLong imagesMade = new AtomicLong();

    private final AtomicInteger inFlight = new AtomicInteger();

    private final AtomicInteger mostInFlight = new AtomicInteger();

    private final AtomicLong generateCalls = new AtomicLong();

    private final int longSide;

    private @Nullable HttpServer server;

    private @Nullable ExecutorService executor;

    /** A fake whose images are 64 px on their long side at "1K", small enough for fast tests. */
    FakeGeminiApi() {
        this(64);
    }

    FakeGeminiApi(int longSide) {
        this.longSide = longSide;
    }

    FakeGeminiApi start() {
        return start(0);
    }

    FakeGeminiApi start(int port) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            executor = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "fake-gemini-api");
                thread.setDaemon(true);
                return thread;
            });
            http.setExecutor(executor);
            http.createContext("/", this::handle);
            http.start();
            server = http;
            return this;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** What {@code atelier.gemini.api.base-url} must be set to. */
    String baseUrl() {
        return "http://127.0.0.1:" + running().getAddress().getPort();
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    Recorded lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("The fake received no request");
        }
        return requests.get(requests.size() - 1);
    }

    /** How long {@code slow-key} waits before it answers; longer than the client's timeout, in tests. */
    FakeGeminiApi slowDelay(Duration delay) {
        slowDelay = delay;
        return this;
    }

    /** How long every generate call (any key) waits before it answers: a slow Google, for benchmarks. */
    FakeGeminiApi answerDelay(Duration delay) {
        answerDelay = delay;
        return this;
    }

    /**
     * Renders one image per size and format and answers every call with a copy made unique by a comment in its
     * metadata (a PNG {@code tEXt} chunk, a JPEG {@code COM} segment): the pixels no longer follow the prompt, but the
     * answer costs next to nothing, so a benchmark measures Atelier rather than the fake's drawing.
     */
    FakeGeminiApi reuseImages() {
        reuseImages = true;
        return this;
    }

    /** Serves {@code GET /_fake/stats}: generate calls answered, in flight now, and the most in flight at once. */
    FakeGeminiApi exposeStats() {
        running().createContext("/_fake/stats", exchange -> {
            try (exchange) {
                byte[] body = write(Map.of("generateCalls", generateCalls.get(), "inFlight", inFlight.get(), "mostInFlight",
                        mostInFlight.get())).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        return this;
    }

    /** The next request (after the key check) answers with this status and JSON body, whatever it asked. */
    FakeGeminiApi enqueue(int status, String body) {
        queued.add(new Reply(status, body));
        return this;
    }

    /** The next request is answered as usual; put it before {@link #enqueue} to fail a later call. */
    FakeGeminiApi enqueueNormal() {
        queued.add(NORMAL);
        return this;
    }

    /** Forgets the recorded requests and restores the default behaviour. */
    void reset() {
        requests.clear();
        queued.clear();
        slowDelay = Duration.ofSeconds(2);
        answerDelay = Duration.ZERO;
    }

    /** The width and height of the images the fake makes for an aspect ratio at "1K". */
    int[] sizeOf(String aspectRatio) {
        return sizeOf(aspectRatio, "1K");
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private HttpServer running() {
        if (server == null) {
            throw new IllegalStateException("The fake is not started");
        }
        return server;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Recorded request = record(exchange);
            Reply reply;
            try {
                reply = answer(request);
            }
            catch (RuntimeException ex) {
                reply = error(400, "INVALID_ARGUMENT", "Invalid JSON payload received. " + ex.getMessage(), List.of());
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Recorded record(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, body);
        requests.add(request);
        return request;
    }

    private Reply answer(Recorded request) {
        Optional<Reply> refused = checkKey(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        Reply next = queued.poll();
        if (next != null && next != NORMAL) {
            return next;
        }
        String path = request.path();
        Matcher route;
        if ("POST".equals(request.method()) && (route = GENERATE.matcher(path)).matches()) {
            Matcher generate = route;
            return generating(() -> generateContent(request, generate.group(1), generate.group(2)));
        }
        if ("POST".equals(request.method()) && (route = PREDICT.matcher(path)).matches()) {
            Matcher predict = route;
            return generating(() -> predict(request, predict.group(1), predict.group(2)));
        }
        if ("GET".equals(request.method()) && LIST.matcher(path).matches()) {
            return listModels(request);
        }
        if ("GET".equals(request.method()) && (route = GET.matcher(path)).matches()) {
            String version = route.group(1);
            String id = route.group(2);
            return model(version, id).map(model -> new Reply(200, write(modelJson(model))))
                .orElseGet(() -> notFound("models/" + id + " is not found for API version " + version + "."));
        }
        return notFound("Method not found.");
    }

    private Reply generating(Supplier<Reply> answer) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            if (!answerDelay.isZero()) {
                sleep(answerDelay);
            }
            return answer.get();
        }
        finally {
            inFlight.decrementAndGet();
            generateCalls.incrementAndGet();
        }
    }

    private Optional<Reply> checkKey(Recorded request) {
        String key = request.header("x-goog-api-key");
        if (key == null) {
            key = request.queryParameter("key");
        }
        if (key == null || key.isEmpty()) {
            return Optional.of(error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers "
                    + "without established identity). Please use API Key or other form of API consumer identity to "
                    + "call this API.", List.of()));
        }
        return switch (key) {
            case "bad-key" -> Optional.of(error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                    List.of(Map.of("@type", "type.googleapis.com/google.rpc.ErrorInfo", "reason", "API_KEY_INVALID",
                            "domain", "googleapis.com", "metadata",
                            Map.of("service", "generativelanguage.googleapis.com")),
                            Map.of("@type", "type.googleapis.com/google.rpc.LocalizedMessage", "locale", "en-US",
                                    "message", "API key not valid. Please pass a valid API key."))));
            case "forbidden-key" -> Optional.of(error(403, "PERMISSION_DENIED",
                    "Your API key was reported as leaked. Please use another API key.", List.of()));
            case "region-key" -> Optional.of(error(400, "FAILED_PRECONDITION",
                    "User location is not supported for the API use.", List.of()));
            case "quota-key" -> Optional.of(error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please "
                    + "check your plan and billing details. For more information on this error, head to: "
                    + "https://ai.google.dev/gemini-api/docs/rate-limits.",
                    List.of(Map.of("@type", "type.googleapis.com/google.rpc.QuotaFailure", "violations",
                            List.of(Map.of("quotaMetric",
                                    "generativelanguage.googleapis.com/generate_content_free_tier_requests", "quotaId",
                                    "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "quotaDimensions",
                                    Map.of("location", "global", "model", "gemini-2.5-flash-image"), "quotaValue", "0"))),
                            Map.of("@type", "type.googleapis.com/google.rpc.Help", "links",
                                    List.of(Map.of("description", "Learn more about Gemini API quotas", "url",
                                            "https://ai.google.dev/gemini-api/docs/rate-limits"))),
                            Map.of("@type", "type.googleapis.com/google.rpc.RetryInfo", "retryDelay", "26s"))));
            case "boom-key" -> Optional.of(error(500, "INTERNAL", "An internal error has occurred. Please retry or "
                    + "report in https://developers.generativeai.google/guide/troubleshooting", List.of()));
            case "busy-key" -> Optional.of(error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.",
                    List.of()));
            case "slow-key" -> {
                sleep(slowDelay);
                yield Optional.empty();
            }
            default -> Optional.empty();
        };
    }

    private Reply generateContent(Recorded request, String version, String modelId) {
        Optional<Model> model = model(version, modelId).filter(found -> found.methods().contains("generateContent"));
        if (model.isEmpty()) {
            return notFound("models/" + modelId + " is not found for API version " + version
                    + ", or is not supported for generateContent. Call ListModels to see the list of available models "
                    + "and their supported methods.");
        }
        JsonNode body = json.readTree(request.body());
        StringBuilder prompt = new StringBuilder();
        body.path("contents").forEach(content -> content.path("parts")
            .forEach(part -> prompt.append(part.path("text").asString(""))));
        JsonNode config = body.path("generationConfig");
        List<String> modalities = new ArrayList<>();
        config.path("responseModalities").forEach(modality -> modalities.add(modality.asString()));
        String ratio = config.path("imageConfig").path("aspectRatio").asString("1:1");
        String size = config.path("imageConfig").path("imageSize").asString("1K");
        if (!RATIO.matcher(ratio).matches() || !List.of("512", "1K", "2K", "4K").contains(size)) {
            return error(400, "INVALID_ARGUMENT", "Unsupported image configuration: aspectRatio " + ratio
                    + ", imageSize " + size + ".", List.of());
        }
        String text = prompt.toString();
        String responseId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        Matcher marker = MARKER.matcher(text);
        String markerKind = marker.find() ? marker.group(1) : "";
        if (text.contains("[block]") || markerKind.equals("block")) {
            String reason = markerKind.equals("block") ? marker.group(2) : "PROHIBITED_CONTENT";
            return ok(Map.of("promptFeedback", Map.of("blockReason", reason), "usageMetadata", usage(9, 0),
                    "modelVersion", modelId, "responseId", responseId));
        }
        if (text.contains("[unsafe]") || markerKind.equals("finish")) {
            String reason = markerKind.equals("finish") ? marker.group(2) : "IMAGE_SAFETY";
            return ok(Map.of("candidates", List.of(Map.of("content", Map.of("role", "model"), "finishReason", reason,
                    "finishMessage", "Unable to show the generated image. The image was filtered out because it "
                            + "violated Google's Generative AI Prohibited Use policy.",
                    "index", 0)), "usageMetadata", usage(9, 0), "modelVersion", modelId, "responseId", responseId));
        }
        List<Map<String, Object>> parts = new ArrayList<>();
        if (text.contains("[noimage]") || !modalities.contains("IMAGE")) {
            parts.add(Map.of("text", "I can't make that picture, but I can describe it: a quiet scene in soft light."));
        }
        else {
            String mimeType = text.contains("[jpeg]") ? "image/jpeg" : "image/png";
            if (text.contains("[thought]")) {
                parts.add(Map.of("text", "Sketching a first draft of the composition.", "thought", true));
                parts.add(Map.of("inlineData", Map.of("mimeType", "image/png", "data", image(8, 8, text + "draft",
                        "image/png")), "thought", true));
            }
            int[] dimensions = sizeOf(ratio, size);
            parts.add(Map.of("text", "Here is your image."));
            parts.add(Map.of("inlineData", Map.of("mimeType", mimeType, "data",
                    image(dimensions[0], dimensions[1], text, mimeType)), "thoughtSignature", "c2lnbmF0dXJl"));
        }
        return ok(Map.of("candidates", List.of(Map.of("content", Map.of("role", "model", "parts", parts),
                "finishReason", "STOP", "index", 0)), "usageMetadata", usage(9, 1290), "modelVersion", modelId,
                "responseId", responseId));
    }

    private Reply predict(Recorded request, String version, String modelId) {
        Optional<Model> model = model(version, modelId).filter(found -> found.methods().contains("predict"));
        if (model.isEmpty()) {
            return notFound("models/" + modelId + " is not found for API version " + version
                    + ", or is not supported for predict.");
        }
        JsonNode body = json.readTree(request.body());
        String prompt = body.path("instances").path(0).path("prompt").asString("");
        JsonNode parameters = body.path("parameters");
        int count = parameters.path("sampleCount").asInt(4);
        String ratio = parameters.path("aspectRatio").asString("1:1");
        String person = parameters.path("personGeneration").asString("allow_adult").toLowerCase(Locale.ROOT);
        if (count < 1 || count > 4 || !RATIO.matcher(ratio).matches()
                || !List.of("dont_allow", "allow_adult", "allow_all").contains(person)) {
            return error(400, "INVALID_ARGUMENT", "Invalid parameters: sampleCount " + count + ", aspectRatio " + ratio
                    + ", personGeneration " + person + ".", List.of());
        }
        if (prompt.contains("[filtered]")) {
            return ok(Map.of("predictions", List.of(Map.of("raiFilteredReason", "Your current safety filter "
                    + "threshold filtered out 1 generated image. You will not be charged for blocked images."))));
        }
        String mimeType = parameters.path("outputOptions").path("mimeType").asString("image/png");
        int[] dimensions = sizeOf(ratio, parameters.path("sampleImageSize").asString("1K"));
        List<Map<String, Object>> predictions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            predictions.add(Map.of("bytesBase64Encoded", image(dimensions[0], dimensions[1], prompt + i, mimeType),
                    "mimeType", mimeType));
        }
        return ok(Map.of("predictions", predictions));
    }

    private Reply listModels(Recorded request) {
        int pageSize = Optional.ofNullable(request.queryParameter("pageSize")).map(Integer::parseInt).orElse(50);
        int from = Optional.ofNullable(request.queryParameter("pageToken")).map(Integer::parseInt).orElse(0);
        int to = Math.min(MODELS.size(), from + Math.max(1, pageSize));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("models", MODELS.subList(Math.min(from, to), to).stream().map(this::modelJson).toList());
        if (to < MODELS.size()) {
            page.put("nextPageToken", String.valueOf(to));
        }
        return ok(page);
    }

    private Optional<Model> model(String version, String id) {
        return MODELS.stream().filter(model -> model.id().equals(id)).findFirst();
    }

    private Map<String, Object> modelJson(Model model) {
        return Map.of("name", "models/" + model.id(), "displayName", model.displayName(), "version", "001",
                "supportedGenerationMethods", model.methods());
    }

    private int[] sizeOf(String aspectRatio, String imageSize) {
        Matcher ratio = RATIO.matcher(aspectRatio);
        if (!ratio.matches()) {
            throw new IllegalArgumentException("Not an aspect ratio: " + aspectRatio);
        }
        int w = Integer.parseInt(ratio.group(1));
        int h = Integer.parseInt(ratio.group(2));
        int side = switch (imageSize) {
            case "512" -> longSide / 2;
            case "2K" -> longSide * 2;
            case "4K" -> longSide * 4;
            default -> longSide;
        };
        int max = Math.max(w, h);
        return new int[] { Math.max(1, Math.round((float) side * w / max)), Math.max(1, Math.round((float) side * h / max)) };
    }

    private String image(int width, int height, String seed, String mimeType) {
        if (!reuseImages) {
            return Base64.getEncoder().encodeToString(render(width, height, seed, mimeType));
        }
        byte[] base = rendered.computeIfAbsent(width + "x" + height + mimeType, size -> render(width, height, size, mimeType));
        return Base64.getEncoder().encodeToString(withComment(base, mimeType, "fake image " + imagesMade.incrementAndGet()));
    }

    /** A real image (a gradient seeded by the prompt, so different prompts look different). */
    private static byte[] render(int width, int height, String seed, String mimeType) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            int hash = seed.hashCode();
            Color from = Color.getHSBColor((hash & 0xff) / 255f, 0.55f, 0.95f);
            Color to = Color.getHSBColor(((hash >> 8) & 0xff) / 255f, 0.65f, 0.45f);
            graphics.setPaint(new GradientPaint(0, 0, from, width, height, to));
            graphics.fillRect(0, 0, width, height);
            graphics.setColor(new Color(255, 255, 255, 110));
            int diameter = Math.min(width, height) / 2;
            graphics.fillOval((width - diameter) / 2, (height - diameter) / 2, diameter, diameter);
        }
        finally {
            graphics.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, mimeType.equals("image/jpeg") ? "jpg" : "png", out)) {
                throw new IllegalStateException("No ImageIO writer for " + mimeType);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** The image with a comment after its header: other bytes, the same pixels. */
    private static byte[] withComment(byte[] image, String mimeType, String comment) {
        byte[] text = comment.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.length + text.length + 24);
        if (mimeType.equals("image/jpeg")) {
            out.write(image, 0, 2);
            out.write(0xFF);
            out.write(0xFE);
            out.write((text.length + 2) >> 8);
            out.write((text.length + 2) & 0xFF);
            out.write(text, 0, text.length);
            out.write(image, 2, image.length - 2);
            return out.toByteArray();
        }
        int afterHeader = 8 + 4 + 4 + 13 + 4;
        byte[] chunk = new byte[4 + "Comment".length() + 1 + text.length];
        System.arraycopy("tEXt".getBytes(StandardCharsets.ISO_8859_1), 0, chunk, 0, 4);
        System.arraycopy("Comment".getBytes(StandardCharsets.ISO_8859_1), 0, chunk, 4, 7);
        System.arraycopy(text, 0, chunk, 12, text.length);
        CRC32 crc = new CRC32();
        crc.update(chunk);
        out.write(image, 0, afterHeader);
        writeInt(out, chunk.length - 4);
        out.write(chunk, 0, chunk.length);
        writeInt(out, (int) crc.getValue());
        out.write(image, afterHeader, image.length - afterHeader);
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write((value >>> 16) & 0xFF);
        out.write((value >>> 8) & 0xFF);
        out.write(value & 0xFF);
    }

    private static Map<String, Object> usage(int prompt, int candidates) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("promptTokenCount", prompt);
        if (candidates > 0) {
            usage.put("candidatesTokenCount", candidates);
        }
        usage.put("totalTokenCount", prompt + candidates);
        usage.put("promptTokensDetails", List.of(Map.of("modality", "TEXT", "tokenCount", prompt)));
        if (candidates > 0) {
            usage.put("candidatesTokensDetails", List.of(Map.of("modality", "IMAGE", "tokenCount", candidates)));
        }
        return usage;
    }

    private static Reply ok(Map<String, ?> body) {
        return new Reply(200, write(body));
    }

    private static Reply notFound(String message) {
        return error(404, "NOT_FOUND", message, List.of());
    }

    private static Reply error(int code, String status, String message, List<Map<String, Object>> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        if (!details.isEmpty()) {
            error.put("details", details);
        }
        return new Reply(code, write(Map.of("error", error)));
    }

    private static String write(Object body) {
        return json.writeValueAsString(body);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the fake on its own: {@code [port]} (default 8765). Point Atelier at it with
     * {@code ATELIER_GEMINI_API_BASE_URL=http://127.0.0.1:8765}. System properties: {@code fake.answer-delay} (e.g.
     * {@code 20s} or {@code 500ms}: every generate call waits this long), {@code fake.image-side} (the long side of
     * "1K" images, default 1024), {@code fake.reuse-images=true} (see {@link #reuseImages()}).
     */
    public static void main(String[] args) throws InterruptedException {
        System.setProperty("java.awt.headless", "true");
        // Without TCP_NODELAY the JDK's server sends a response's body only after the client acknowledged its headers,
        // which a client's delayed ACK holds back for 40 ms: every answer on a kept-alive connection would take 40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8765;
        FakeGeminiApi fake = new FakeGeminiApi(Integer.getInteger("fake.image-side", 1024))
            .answerDelay(duration(System.getProperty("fake.answer-delay", "0s")));
        if (Boolean.getBoolean("fake.reuse-images")) {
            fake.reuseImages();
        }
        fake.start(port).exposeStats();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            stopped.countDown();
        }));
        System.out.println("Fake Gemini API listening on " + fake.baseUrl()
                + " (set atelier.gemini.api.base-url to it; any key works except the special ones: bad-key, "
                + "forbidden-key, region-key, quota-key, boom-key, busy-key, slow-key). Ctrl-C stops it.");
        stopped.await();
    }

    private static Duration duration(String text) {
        Matcher value = Pattern.compile("(\\d+)(ms|s)").matcher(text.strip());
        if (!value.matches()) {
            throw new IllegalArgumentException("fake.answer-delay takes a number with ms or s, e.g. 20s, not " + text);
        }
        long amount = Long.parseLong(value.group(1));
        return value.group(2).equals("ms") ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
    }

    /** One request as received. Header names are lower case. */
    record Recorded(String method, String path, @Nullable String query, Map<String, List<String>> headers, String body) {

        @Nullable String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        @Nullable String queryParameter(String name) {
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                if (key.equals(name)) {
                    return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }

        JsonNode json() {
            return json.readTree(body);
        }

    }

    private record Reply(int status, String body) {
    }

    private record Model(String id, String displayName, List<String> methods) {
    }

}
