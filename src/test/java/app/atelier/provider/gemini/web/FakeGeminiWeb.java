package app.atelier.provider.gemini.web;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for Google's Gemini web hosts that speaks {@code gemini-web-protocol.md} on the wire (section 15's
 * checklist): the {@code /app} page, batchexecute, the streamed StreamGenerate answer with UTF-16 frame lengths,
 * RotateCookies and the image hosts with the full-size chain. Every behaviour is a switch, every request is recorded.
 * <p>
 * One server plays every host; a route answers only on its own host, as Google's would: the Gemini app, accounts and
 * the {@code work.fife} hop live on {@code localhost} (the "cookie domain"), the {@code lh3} image host on
 * {@code 127.0.0.1}, which is not under it, so cookies must never reach it.
 * <p>
 * Run {@link #main} to try the whole app against it; a prompt containing {@code [fake:sparse]}, {@code [fake:refuse]},
 * {@code [fake:web]}, {@code [fake:cut]}, {@code [fake:stall]}, {@code [fake:late1096]}, {@code [fake:images=3]},
 * {@code [fake:http=500]} or {@code [fake:<error code>]} (e.g. {@code [fake:1037]}) picks that answer.
 */
final class FakeGeminiWeb implements AutoCloseable {

    static final String BUILD_LABEL = "boq_assistant-bard-web-server_20260401.09_p0";

    static final String SESSION_ID = "-1234567890123456789";

    static final String PUSH_ID = "feeds/mcudyrk2a4khkz";

    static final String FLASH_ID = "fbb127bbb056c959";

    static final String PRO_ID = "9d8ca3786ebdfbea";

    static final String ROTATE_BODY = "[000,\"-0000000000000000000\"]";

    static final String ERROR_INFO = "type.googleapis.com/assistant.boq.bard.application.BardErrorInfo";

    static final String DEFAULT_TEXT = "Here is your fox \uD83E\uDD8A in the snow \u2744\uFE0F, as asked.";

    static final String REFUSAL_TEXT = "I can't create it right now. I can create more images as soon as your limit is reset. "
            + "Check your usage in Settings.";

    static final String APP_HOST = "localhost";

    static final String IMAGE_HOST = "127.0.0.1";

    enum PageMode {

        NORMAL, TOO_MANY_REQUESTS, SORRY_REDIRECT, SERVER_ERROR

    }

    enum Answer {

        IMAGES, SPARSE_IMAGES, REFUSAL, WEB_IMAGES, ERROR, ERROR_AFTER_ANSWER, CUT_SHORT, CUT_MID_FRAME, STALL, HTTP_STATUS

    }

    enum RotationMode {

        NORMAL, UNAUTHORIZED, WITHOUT_PSIDTS

    }

    enum FullSizeMode {

        NORMAL, RPC_FAILS, FIFE_FORBIDDEN, ENDLESS_HOPS

    }

    /** One request as it arrived: method, host, path, query, headers (lower-case names), body and form fields. */
    record Recorded(String method, String host, String path, Map<String, String> query, Map<String, List<String>> headers,
            String body, Map<String, String> form) {

        @Nullable String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        @Nullable String query(String name) {
            return query.get(name);
        }

        @Nullable String form(String name) {
            return form.get(name);
        }

        @Override
        public String toString() {
            return method + " " + host + path + (query.isEmpty() ? "" : "?" + query);
        }

    }

    /** A signed-in Google account the fake knows by its {@code __Secure-1PSID}. */
    static final class Account {

        final String psid;

        final String accessToken = "AT-" + randomHex(12) + ":1700000000000";

        volatile @Nullable String psidts;

        volatile @Nullable String previousPsidts;

        volatile Instant previousValidUntil = Instant.EPOCH;

        volatile @Nullable Instant lastRotation;

        volatile int status = 1000;

        volatile List<List<String>> models = List.of(List.of(FLASH_ID, "Fast", "Answers quickly"),
                List.of(PRO_ID, "Pro", "Advanced math and code"));

        /** Whether otAQ7b lists the models; StreamGenerate accepts them either way. */
        volatile boolean listModels = true;

        volatile List<Integer> tiers = List.of();

        volatile List<Integer> capabilities = List.of(19);

        private Account(String psid, @Nullable String psidts) {
            this.psid = psid;
            this.psidts = psidts;
        }

        Account status(int code) {
            this.status = code;
            return this;
        }

        Account models(List<List<String>> models) {
            this.models = List.copyOf(models);
            return this;
        }

        Account unlistedModels() {
            this.listModels = false;
            return this;
        }

        Account flags(List<Integer> tiers, List<Integer> capabilities) {
            this.tiers = List.copyOf(tiers);
            this.capabilities = List.copyOf(capabilities);
            return this;
        }

        boolean knowsModel(String id) {
            return models.stream().anyMatch(model -> model.get(0).equals(id));
        }

    }

    private record Turn(String cid, String rid, String rcid, String model, List<FakeImage> images) {
    }

    private record FakeImage(int width, int height, int index) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Map<String, byte[]> RENDERED = new ConcurrentHashMap<>();

    private static final Pattern KEYWORD = Pattern.compile("\\[fake:([a-z0-9=]+)]");

    private final HttpServer server;

    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-gemini-web");
        thread.setDaemon(true);
        return thread;
    });

    private final Clock clock;

    private final Random random = new Random();

    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    private final Map<String, Turn> turns = new ConcurrentHashMap<>();

    private final Map<String, String> chats = new ConcurrentHashMap<>();

    private final Map<String, FakeImage> previewTokens = new ConcurrentHashMap<>();

    private final Map<String, FakeImage> fullTokens = new ConcurrentHashMap<>();

    private final Map<String, FakeImage> hopTokens = new ConcurrentHashMap<>();

    private volatile PageMode pageMode = PageMode.NORMAL;

    private volatile double tokenOmission;

    private final java.util.concurrent.atomic.AtomicInteger omitNextTokens = new java.util.concurrent.atomic.AtomicInteger();

    private volatile boolean batchRejected;

    private volatile Answer answer = Answer.IMAGES;

    private volatile int errorCode = 1037;

    private volatile int httpStatus = 500;

    private volatile int imageCount = 1;

    private volatile String answerText = DEFAULT_TEXT;

    private volatile Duration frameDelay = Duration.ofMillis(5);

    private volatile Duration stall = Duration.ofSeconds(30);

    private volatile RotationMode rotationMode = RotationMode.NORMAL;

    private volatile Duration rotationGrace = Duration.ofSeconds(30);

    private volatile FullSizeMode fullSizeMode = FullSizeMode.NORMAL;

    private volatile @Nullable String imageUrlOverride;

    private volatile @Nullable String fullSizeRedirect;

    private volatile boolean previewSuffixInUrl;

    private volatile int imageWidth = 1024;

    private volatile int imageHeight = 1024;

    FakeGeminiWeb(Clock clock) {
        this(clock, 0);
    }

    FakeGeminiWeb(Clock clock, int port) {
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress(IMAGE_HOST, port), 0);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot start the fake Gemini web server", ex);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    // Addresses.

    int port() {
        return server.getAddress().getPort();
    }

    String baseUrl() {
        return "http://" + APP_HOST + ":" + port();
    }

    String accountsUrl() {
        return baseUrl() + "/accounts";
    }

    String lh3Url() {
        return "http://" + IMAGE_HOST + ":" + port() + "/lh3";
    }

    String fifeUrl() {
        return baseUrl() + "/fife";
    }

    /** Client settings that point every host at this fake, with short timeouts. */
    GeminiWebProperties properties() {
        return settings().build();
    }

    Settings settings() {
        return new Settings(this);
    }

    /** The same, as Spring properties. */
    Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("atelier.gemini.web.base-url", baseUrl());
        properties.put("atelier.gemini.web.accounts-url", accountsUrl());
        properties.put("atelier.gemini.web.cookie-domain", APP_HOST);
        properties.put("atelier.gemini.web.allowed-image-hosts", IMAGE_HOST + "," + APP_HOST);
        return properties;
    }

    /** Test settings for the client, changed fluently. */
    static final class Settings {

        private final FakeGeminiWeb fake;

        Duration idle = Duration.ofSeconds(5);

        Duration call = Duration.ofSeconds(30);

        List<String> allowedImageHosts = List.of(IMAGE_HOST, APP_HOST);

        long maxImageBytes = 20L * 1024 * 1024;

        String model = "flash";

        Duration rotation = Duration.ofMinutes(10);

        Settings(FakeGeminiWeb fake) {
            this.fake = fake;
        }

        Settings idle(Duration idle) {
            this.idle = idle;
            return this;
        }

        Settings call(Duration call) {
            this.call = call;
            return this;
        }

        Settings allowedImageHosts(String... hosts) {
            this.allowedImageHosts = List.of(hosts);
            return this;
        }

        Settings maxImageBytes(long bytes) {
            this.maxImageBytes = bytes;
            return this;
        }

        Settings model(String model) {
            this.model = model;
            return this;
        }

        GeminiWebProperties build() {
            return new GeminiWebProperties(URI.create(fake.baseUrl()), URI.create(fake.accountsUrl()), APP_HOST,
                    allowedImageHosts, rotation, Duration.ofSeconds(2), idle, call,
                    org.springframework.util.unit.DataSize.ofBytes(maxImageBytes), model);
        }

    }

    // Accounts and switches.

    Account account(String psid, @Nullable String psidts) {
        Account account = new Account(psid, psidts);
        accounts.put(psid, account);
        return account;
    }

    FakeGeminiWeb pageMode(PageMode mode) {
        this.pageMode = mode;
        return this;
    }

    /** The chance (0 to 1) that the signed-in page leaves out {@code SNlM0e}, as Google now does at times. */
    FakeGeminiWeb tokenOmission(double chance) {
        this.tokenOmission = chance;
        return this;
    }

    /** The next {@code pages} signed-in pages leave out {@code SNlM0e}. */
    FakeGeminiWeb omitTokenOnNextPages(int pages) {
        this.omitNextTokens.set(pages);
        return this;
    }

    FakeGeminiWeb batchRejected(boolean rejected) {
        this.batchRejected = rejected;
        return this;
    }

    FakeGeminiWeb answer(Answer answer) {
        this.answer = answer;
        return this;
    }

    FakeGeminiWeb error(int code) {
        this.answer = Answer.ERROR;
        this.errorCode = code;
        return this;
    }

    FakeGeminiWeb httpStatus(int status) {
        this.answer = Answer.HTTP_STATUS;
        this.httpStatus = status;
        return this;
    }

    FakeGeminiWeb imageCount(int count) {
        this.imageCount = count;
        return this;
    }

    FakeGeminiWeb answerText(String text) {
        this.answerText = text;
        return this;
    }

    FakeGeminiWeb frameDelay(Duration delay) {
        this.frameDelay = delay;
        return this;
    }

    FakeGeminiWeb stall(Duration stall) {
        this.answer = Answer.STALL;
        this.stall = stall;
        return this;
    }

    FakeGeminiWeb rotationMode(RotationMode mode) {
        this.rotationMode = mode;
        return this;
    }

    FakeGeminiWeb rotationGrace(Duration grace) {
        this.rotationGrace = grace;
        return this;
    }

    FakeGeminiWeb fullSizeMode(FullSizeMode mode) {
        this.fullSizeMode = mode;
        return this;
    }

    /** The stream names this URL for every image instead of one on the fake's lh3 host. */
    FakeGeminiWeb imageUrl(String url) {
        this.imageUrlOverride = url;
        return this;
    }

    /** The {@code =d-I} hop redirects here instead of to the fife host. */
    FakeGeminiWeb fullSizeRedirect(String url) {
        this.fullSizeRedirect = url;
        return this;
    }

    /** Image URLs in the stream carry {@code =s1024-rj} already. */
    FakeGeminiWeb previewSuffixInUrl(boolean present) {
        this.previewSuffixInUrl = present;
        return this;
    }

    FakeGeminiWeb imageSize(int width, int height) {
        this.imageWidth = width;
        this.imageHeight = height;
        return this;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    List<Recorded> requests(String pathPrefix) {
        return requests.stream().filter(request -> request.path().startsWith(pathPrefix)).toList();
    }

    /** The batchexecute requests for one RPC id. */
    List<Recorded> rpcs(String rpcId) {
        return requests(WebProtocol.BATCH_EXECUTE_PATH).stream()
            .filter(request -> rpcId.equals(request.query("rpcids")))
            .toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // Routing.

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Recorded request = record(exchange);
            requests.add(request);
            String path = request.path();
            if (path.startsWith("/lh3/")) {
                requireHost(request, IMAGE_HOST, exchange, () -> imageHost(exchange, request));
            }
            else if (path.startsWith("/fife/")) {
                requireHost(request, APP_HOST, exchange, () -> fife(exchange, request));
            }
            else if (path.equals("/accounts" + WebProtocol.ROTATE_COOKIES_PATH)) {
                requireHost(request, APP_HOST, exchange, () -> rotate(exchange, request));
            }
            else if (path.equals(WebProtocol.APP_PATH)) {
                requireHost(request, APP_HOST, exchange, () -> page(exchange, request));
            }
            else if (path.startsWith("/sorry/")) {
                send(exchange, 429, "text/html", "<html>Our systems have detected unusual traffic</html>");
            }
            else if (path.equals(WebProtocol.BATCH_EXECUTE_PATH)) {
                requireHost(request, APP_HOST, exchange, () -> batchExecute(exchange, request));
            }
            else if (path.equals(WebProtocol.STREAM_GENERATE_PATH)) {
                requireHost(request, APP_HOST, exchange, () -> streamGenerate(exchange, request));
            }
            else {
                send(exchange, 404, "text/plain", "Not found");
            }
        }
        catch (IOException | RuntimeException ex) {
            // The client went away (a watchdog, a cancelled call): nothing to answer.
        }
    }

    private interface Route {

        void run() throws IOException;

    }

    private void requireHost(Recorded request, String host, HttpExchange exchange, Route route) throws IOException {
        if (!request.host().equals(host)) {
            send(exchange, 404, "text/plain", "No such path on " + request.host());
            return;
        }
        route.run();
    }

    // GET /app (checklist 1).

    private void page(HttpExchange exchange, Recorded request) throws IOException {
        if (pageMode == PageMode.TOO_MANY_REQUESTS) {
            send(exchange, 429, "text/html", "<html>Too many requests</html>");
            return;
        }
        if (pageMode == PageMode.SORRY_REDIRECT) {
            redirect(exchange, baseUrl() + "/sorry/index?continue=" + baseUrl() + "/app&q=EgQKAAAB");
            return;
        }
        if (pageMode == PageMode.SERVER_ERROR) {
            send(exchange, 500, "text/html", "<html>Server error</html>");
            return;
        }
        Account account = signedIn(request);
        Map<String, String> globals = new LinkedHashMap<>();
        boolean omit = omitNextTokens.getAndUpdate(left -> Math.max(0, left - 1)) > 0 || random.nextDouble() < tokenOmission;
        if (account != null && !omit) {
            globals.put("SNlM0e", account.accessToken);
        }
        globals.put("cfb2h", BUILD_LABEL);
        globals.put("FdrFJe", SESSION_ID);
        if (account != null) {
            globals.put("TuX5cc", "en");
        }
        globals.put("qKIAYe", PUSH_ID);
        send(exchange, 200, "text/html; charset=utf-8", "<!doctype html><html><head><script>window.WIZ_global_data = "
                + JSON.writeValueAsString(globals) + ";</script></head><body>Gemini</body></html>");
    }

    // batchexecute (checklist 2).

    private void batchExecute(HttpExchange exchange, Recorded request) throws IOException {
        if (!request.method().equals("POST") || !commonPostValid(request)) {
            send(exchange, 400, "text/plain", "Bad request");
            return;
        }
        Account account = signedIn(request);
        if (account != null && !account.accessToken.equals(request.form("at"))) {
            send(exchange, 400, "text/plain", "Bad request");
            return;
        }
        JsonNode calls = parse(request.form("f.req"));
        String rpcIds = request.query("rpcids");
        if (calls == null || !calls.isArray() || calls.size() != 1 || rpcIds == null) {
            send(exchange, 400, "text/plain", "Bad request");
            return;
        }
        List<String> ids = new ArrayList<>();
        calls.get(0).values().forEach(call -> ids.add(call.get(0).asString()));
        if (!String.join(",", ids).equals(rpcIds)) {
            send(exchange, 400, "text/plain", "Bad request");
            return;
        }
        List<Object> envelopes = new ArrayList<>();
        for (JsonNode call : calls.get(0).values()) {
            String id = call.get(0).asString();
            if (batchRejected) {
                envelopes.add(arr("wrb.fr", id, null, null, null, arr(7), "generic"));
                continue;
            }
            JsonNode payload = parse(call.get(1).asString());
            Object reply = switch (id) {
                case "otAQ7b" -> accountStatus(account);
                case "ESY5D" -> arr();
                case "MaZiqc" -> arr(null, null, arr());
                case "hNvQHb" -> arr(arr());
                case "c8o8Fe" -> fullSizeUrl(payload);
                default -> null;
            };
            envelopes.add(reply == null ? arr("wrb.fr", id, null, null, null, arr(3), "generic")
                    : arr("wrb.fr", id, JSON.writeValueAsString(reply), null, null, null, "generic"));
        }
        envelopes.add(arr("di", 42));
        envelopes.add(arr("af.httprm", 41, SESSION_ID, 20));
        String body = ")]}'\n\n" + frame(JSON.writeValueAsString(envelopes)) + frame("[[\"e\",4,null,null,300]]");
        send(exchange, 200, "application/json; charset=utf-8", body);
    }

    private Object accountStatus(@Nullable Account account) {
        List<Object> payload = new ArrayList<>(Arrays.asList(new Object[18]));
        if (account == null) {
            payload.set(14, 1016);
            payload.set(15, arr());
            payload.set(16, arr());
            payload.set(17, arr());
            return payload;
        }
        payload.set(14, account.status);
        payload.set(15, account.listModels ? account.models : List.of());
        payload.set(16, account.tiers);
        payload.set(17, account.capabilities);
        return payload;
    }

    private @Nullable Object fullSizeUrl(@Nullable JsonNode payload) {
        if (fullSizeMode == FullSizeMode.RPC_FAILS || payload == null) {
            return null;
        }
        String imageId = payload.path(0).path(1).path(0).asString("");
        String rid = payload.path(1).path(0).asString("");
        Turn turn = turns.get(rid);
        if (turn == null || !turn.rcid().equals(payload.path(1).path(1).asString(""))
                || !turn.cid().equals(payload.path(1).path(2).asString(""))
                || payload.path(0).path(3).path(0).asInt(0) != 19) {
            return null;
        }
        Matcher index = Pattern.compile("image_generation_content/(\\d+)$").matcher(imageId);
        if (!index.find() || Integer.parseInt(index.group(1)) >= turn.images().size()) {
            return null;
        }
        String token = "FULL_" + randomHex(16);
        fullTokens.put(token, turn.images().get(Integer.parseInt(index.group(1))));
        return arr(lh3Url() + "/gg-dl/" + token);
    }

    // StreamGenerate (checklist 3).

    private void streamGenerate(HttpExchange exchange, Recorded request) throws IOException {
        JsonNode outer = parse(request.form("f.req"));
        JsonNode inner = outer != null && outer.isArray() && outer.size() == 2 && outer.get(1).isString()
                ? parse(outer.get(1).asString()) : null;
        JsonNode uuidHeader = parse(request.header("x-goog-ext-525005358-jspb"));
        boolean valid = request.method().equals("POST") && commonPostValid(request) && inner != null
                && inner.isArray() && inner.size() == 69 && inner.path(0).path(0).isString()
                && inner.path(7).asInt(0) == 1 && uuidHeader != null
                && uuidHeader.path(0).asString("").equals(inner.path(59).asString(""))
                && uuidHeader.path(0).asString("").matches("[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}")
                && "[0]".equals(request.header("x-goog-ext-73010990-jspb"));
        if (!valid) {
            send(exchange, 400, "text/plain", "Bad request");
            return;
        }
        Account account = signedIn(request);
        if (account == null) {
            send(exchange, 401, "text/plain", "Unauthorized");
            return;
        }
        if (!account.accessToken.equals(request.form("at"))) {
            send(exchange, 400, "text/plain", "Bad request");
            return;
        }
        String prompt = inner.get(0).get(0).asString();
        Answer mode = answer;
        int code = errorCode;
        int status = httpStatus;
        int count = imageCount;
        Matcher keyword = KEYWORD.matcher(prompt);
        while (keyword.find()) {
            String word = keyword.group(1);
            if (word.matches("\\d+")) {
                mode = Answer.ERROR;
                code = Integer.parseInt(word);
            }
            else if (word.startsWith("http=")) {
                mode = Answer.HTTP_STATUS;
                status = Integer.parseInt(word.substring(5));
            }
            else if (word.startsWith("images=")) {
                count = Integer.parseInt(word.substring(7));
            }
            else {
                mode = switch (word) {
                    case "sparse" -> Answer.SPARSE_IMAGES;
                    case "refuse" -> Answer.REFUSAL;
                    case "web" -> Answer.WEB_IMAGES;
                    case "cut" -> Answer.CUT_SHORT;
                    case "stall" -> Answer.STALL;
                    case "late1096" -> Answer.ERROR_AFTER_ANSWER;
                    default -> mode;
                };
            }
        }
        if (mode == Answer.HTTP_STATUS) {
            send(exchange, status, "text/plain", "Error " + status);
            return;
        }
        String modelHeader = request.header("x-goog-ext-525001261-jspb");
        JsonNode model = parse(modelHeader);
        String modelId = model == null ? "" : model.path(4).asString("");
        String chat = inner.path(2).path(0).asString("");
        if (modelHeader == null) {
            mode = Answer.REFUSAL;
        }
        else if (!account.knowsModel(modelId)) {
            mode = Answer.ERROR;
            code = 1052;
        }
        else if (!chat.isEmpty() && chats.containsKey(chat) && !chats.get(chat).equals(modelId)) {
            mode = Answer.ERROR;
            code = 1050;
        }
        String cid = chat.isEmpty() ? "c_" + randomHex(16) : chat;
        String rid = "r_" + randomHex(16);
        String rcid = "rc_" + randomHex(16);
        List<FakeImage> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            images.add(new FakeImage(imageWidth, imageHeight, i));
        }
        Turn turn = new Turn(cid, rid, rcid, modelId, images);
        streamAnswer(exchange, turn, mode, code);
    }

    private void streamAnswer(HttpExchange exchange, Turn turn, Answer mode, int code) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        write(out, ")]}'\n\n");
        List<Object> ids = arr(turn.cid(), turn.rid());
        writeFrame(out, payload(arr(null, ids)));
        if (mode == Answer.ERROR) {
            writeFrame(out, errorFrame(code));
            writeBookkeeping(out);
            return;
        }
        Map<String, Object> busy = Map.of("7", arr(null, arr("data_analysis_tool", arr(null, null, "Loading Nano Banana..."), 1)));
        writeFrame(out, payload(arr(null, ids, busy)));
        String text = mode == Answer.REFUSAL ? REFUSAL_TEXT : mode == Answer.WEB_IMAGES ? "Here are some pictures of foxes." : answerText;
        writeFrame(out, payload(inner(turn, candidate(turn, text.substring(0, Math.min(7, text.length())), 1, null), null)));
        if (mode == Answer.CUT_SHORT) {
            return;
        }
        if (mode == Answer.CUT_MID_FRAME) {
            String cut = frame(payload(inner(turn, candidate(turn, text, 1, null), null)));
            write(out, cut.substring(0, cut.length() / 2));
            return;
        }
        if (mode == Answer.STALL) {
            pause(stall);
        }
        Object rich = null;
        String finalText = text;
        if (mode == Answer.IMAGES || mode == Answer.SPARSE_IMAGES || mode == Answer.ERROR_AFTER_ANSWER
                || mode == Answer.STALL) {
            List<Object> generated = new ArrayList<>();
            StringBuilder placeholders = new StringBuilder();
            for (FakeImage image : turn.images()) {
                String imageId = "http://googleusercontent.com/image_generation_content/" + image.index();
                generated.add(arr(arr(null, null, null, arr(null, 1, "image_" + image.index() + ".png", imageUrl(image))),
                        arr(imageId)));
                placeholders.append(imageId).append('\n');
            }
            finalText = text + "\n\n" + placeholders;
            rich = mode == Answer.SPARSE_IMAGES ? arr(Map.of("7", arr(3), "8", arr(generated)))
                    : arr(null, null, null, null, null, null, null, arr(generated));
            turns.put(turn.rid(), turn);
            chats.put(turn.cid(), turn.model());
        }
        else if (mode == Answer.WEB_IMAGES) {
            rich = arr(null, arr(arr(arr(arr("https://example.com/fox.jpg"), null, null, null, "A fox"))));
        }
        writeFrame(out, payload(inner(turn, candidate(turn, finalText, 2, rich), "CONTEXT_" + randomHex(8))));
        writeFrame(out, payload(arr(null, arr(turn.cid(), turn.rid()), Map.of("11", arr("Fox in the snow"), "44", true))));
        if (mode == Answer.ERROR_AFTER_ANSWER) {
            writeFrame(out, errorFrame(1096));
        }
        writeBookkeeping(out);
    }

    private String imageUrl(FakeImage image) {
        if (imageUrlOverride != null) {
            return imageUrlOverride;
        }
        String token = "IMG_" + randomHex(16);
        previewTokens.put(token, image);
        return lh3Url() + "/gg-dl/" + token + (previewSuffixInUrl ? "=s1024-rj" : "");
    }

    private static List<Object> inner(Turn turn, Object candidate, @Nullable String context) {
        List<Object> inner = new ArrayList<>(Arrays.asList(new Object[context == null ? 5 : 26]));
        inner.set(1, arr(turn.cid(), turn.rid()));
        inner.set(4, arr(candidate));
        if (context != null) {
            inner.set(25, context);
        }
        return inner;
    }

    private static List<Object> candidate(Turn turn, String text, int status, @Nullable Object rich) {
        List<Object> candidate = new ArrayList<>(Arrays.asList(new Object[13]));
        candidate.set(0, turn.rcid());
        candidate.set(1, arr(text));
        candidate.set(8, arr(status));
        candidate.set(12, rich);
        return candidate;
    }

    private static String payload(Object inner) {
        return JSON.writeValueAsString(arr(arr("wrb.fr", null, JSON.writeValueAsString(inner))));
    }

    private static String errorFrame(int code) {
        return JSON.writeValueAsString(arr(arr("wrb.fr", null, null, null, null, arr(3, null, arr(arr(ERROR_INFO, arr(code)))))));
    }

    private void writeBookkeeping(OutputStream out) throws IOException {
        writeFrame(out, JSON.writeValueAsString(arr(arr("di", 3012), arr("af.httprm", 3011, SESSION_ID, 25))));
        writeFrame(out, "[[\"e\",6,null,null,4321]]");
    }

    /** Writes one frame in two flushed halves, split mid-bytes, after the configured delay. */
    private void writeFrame(OutputStream out, String json) throws IOException {
        pause(frameDelay);
        byte[] bytes = frame(json).getBytes(StandardCharsets.UTF_8);
        int half = bytes.length / 2;
        out.write(bytes, 0, half);
        out.flush();
        out.write(bytes, half, bytes.length - half);
        out.flush();
    }

    /** {@code <UTF-16 length of "\n" + json + "\n">\n<json>\n}: Java strings count UTF-16 units. */
    static String frame(String json) {
        return (json.length() + 2) + "\n" + json + "\n";
    }

    // RotateCookies (checklist 4).

    private void rotate(HttpExchange exchange, Recorded request) throws IOException {
        if (!request.method().equals("POST") || !"application/json".equals(request.header("content-type"))
                || !accountsOrigin().equals(request.header("origin")) || !ROTATE_BODY.equals(request.body())) {
            send(exchange, 400, "text/plain", "Bad request");
            return;
        }
        Account account = signedIn(request);
        if (account == null || rotationMode == RotationMode.UNAUTHORIZED) {
            send(exchange, 401, "text/plain", "Unauthorized");
            return;
        }
        Instant now = clock.instant();
        Instant last = account.lastRotation;
        if (last != null && now.isBefore(last.plusSeconds(60))) {
            exchange.getResponseHeaders().set("Retry-After", "60");
            send(exchange, 429, "text/plain", "Too many requests");
            return;
        }
        account.lastRotation = now;
        if (rotationMode == RotationMode.WITHOUT_PSIDTS) {
            exchange.getResponseHeaders().add("Set-Cookie", cookie("__Secure-1PSIDCC", "cc-" + randomHex(12)));
            send(exchange, 200, "application/json", "[[\"identity.hfcr\",600]]");
            return;
        }
        String fresh = "sidts-" + randomHex(20);
        account.previousPsidts = account.psidts;
        account.previousValidUntil = now.plus(rotationGrace);
        account.psidts = fresh;
        exchange.getResponseHeaders().add("Set-Cookie", cookie("__Secure-1PSIDTS", fresh));
        exchange.getResponseHeaders().add("Set-Cookie", cookie("__Secure-3PSIDTS", "sidts3-" + randomHex(20)));
        send(exchange, 200, "application/json", "[[\"identity.hfcr\",600],[\"di\",62]]");
    }

    private String cookie(String name, String value) {
        return name + "=" + value + "; Domain=" + APP_HOST + "; Path=/; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Secure; HttpOnly";
    }

    private String accountsOrigin() {
        return "http://" + APP_HOST + ":" + port();
    }

    // Images (checklist 5).

    private void imageHost(HttpExchange exchange, Recorded request) throws IOException {
        Matcher path = Pattern.compile("/lh3/(gg-dl|rd-gg-dl)/([A-Za-z0-9_-]+)(?:=(.*))?").matcher(request.path());
        if (!path.matches()) {
            send(exchange, 404, "text/plain", "Not found");
            return;
        }
        String kind = path.group(1);
        String token = path.group(2);
        String options = path.group(3) == null ? "" : path.group(3);
        if (options.contains("=")) {
            send(exchange, 400, "text/plain", "Bad request");
            return;
        }
        if (kind.equals("rd-gg-dl")) {
            FakeImage image = hopTokens.get(token);
            if (image == null || !options.equals("s0-d-I") || !"yes".equals(request.query("alr"))) {
                send(exchange, 404, "text/plain", "Not found");
                return;
            }
            sendImage(exchange, image, Integer.MAX_VALUE, "png");
            return;
        }
        FakeImage full = fullTokens.get(token);
        if (full != null) {
            if (!options.equals("d-I") || !"yes".equals(request.query("alr"))) {
                send(exchange, 400, "text/plain", "Bad request");
                return;
            }
            String hop = "T2_" + randomHex(16);
            hopTokens.put(hop, full);
            redirect(exchange, fullSizeRedirect != null ? fullSizeRedirect : fifeUrl() + "/rd-gg-dl/" + hop + "=s0-d-I?alr=yes");
            return;
        }
        FakeImage preview = previewTokens.get(token);
        if (preview == null) {
            send(exchange, 404, "text/plain", "Not found");
            return;
        }
        Matcher size = Pattern.compile("s(\\d+)(-rj)?").matcher(options);
        if (options.isEmpty()) {
            sendImage(exchange, preview, 1024, "png");
        }
        else if (size.matches()) {
            sendImage(exchange, preview, Integer.parseInt(size.group(1)), size.group(2) != null ? "jpeg" : "png");
        }
        else {
            send(exchange, 400, "text/plain", "Bad request");
        }
    }

    private void fife(HttpExchange exchange, Recorded request) throws IOException {
        Matcher path = Pattern.compile("/fife/rd-gg-dl/([A-Za-z0-9_-]+)=s0-d-I").matcher(request.path());
        if (!path.matches() || !"yes".equals(request.query("alr"))) {
            send(exchange, 404, "text/plain", "Not found");
            return;
        }
        if (signedIn(request) == null || fullSizeMode == FullSizeMode.FIFE_FORBIDDEN) {
            send(exchange, 403, "text/plain", "Forbidden");
            return;
        }
        FakeImage image = hopTokens.get(path.group(1));
        if (image == null) {
            send(exchange, 404, "text/plain", "Not found");
            return;
        }
        if (fullSizeMode == FullSizeMode.ENDLESS_HOPS) {
            String again = "T2_" + randomHex(16);
            hopTokens.put(again, image);
            send(exchange, 200, "text/plain", fifeUrl() + "/rd-gg-dl/" + again + "=s0-d-I?alr=yes");
            return;
        }
        String last = "T3_" + randomHex(16);
        hopTokens.put(last, image);
        send(exchange, 200, "text/plain", lh3Url() + "/rd-gg-dl/" + last + "=s0-d-I?alr=yes");
    }

    private void sendImage(HttpExchange exchange, FakeImage image, int maxSide, String format) throws IOException {
        double scale = Math.min(1.0, (double) maxSide / Math.max(image.width(), image.height()));
        int width = Math.max(1, (int) Math.round(image.width() * scale));
        int height = Math.max(1, (int) Math.round(image.height() * scale));
        byte[] bytes = render(width, height, format);
        exchange.getResponseHeaders().set("Content-Type", "image/" + format);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /**
     * A real image: a green-to-white gradient with a red band along the top and a blue band along the bottom (a tenth
     * of the height each), so a centre crop can be seen to have cut them away.
     */
    static byte[] render(int width, int height, String format) {
        return RENDERED.computeIfAbsent(width + "x" + height + "." + format, key -> draw(width, height, format)).clone();
    }

    private static byte[] draw(int width, int height, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setPaint(new GradientPaint(0, 0, new Color(40, 160, 60), width, height, Color.WHITE));
            graphics.fillRect(0, 0, width, height);
            int band = Math.max(1, height / 10);
            graphics.setColor(Color.RED);
            graphics.fillRect(0, 0, width, band);
            graphics.setColor(Color.BLUE);
            graphics.fillRect(0, height - band, width, band);
        }
        finally {
            graphics.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return out.toByteArray();
    }

    // Shared checks and helpers.

    /** Section 3: the query parameters and headers of every POST to the Gemini host. */
    private boolean commonPostValid(Recorded request) {
        return "en".equals(request.query("hl")) && request.query("_reqid") != null
                && request.query("_reqid").matches("\\d+") && "c".equals(request.query("rt"))
                && BUILD_LABEL.equals(request.query("bl")) && SESSION_ID.equals(request.query("f.sid"))
                && "application/x-www-form-urlencoded;charset=utf-8".equals(request.header("content-type"))
                && baseUrl().equals(request.header("origin")) && (baseUrl() + "/").equals(request.header("referer"))
                && "1".equals(request.header("x-same-domain"));
    }

    /** The account whose cookies the request carries, if they are valid; null means a guest. */
    private @Nullable Account signedIn(Recorded request) {
        Map<String, String> cookies = cookies(request.header("cookie"));
        Account account = accounts.get(cookies.getOrDefault("__Secure-1PSID", ""));
        if (account == null) {
            return null;
        }
        String required = account.psidts;
        String given = cookies.get("__Secure-1PSIDTS");
        if (required == null || required.equals(given)) {
            return account;
        }
        boolean inGrace = given != null && given.equals(account.previousPsidts)
                && clock.instant().isBefore(account.previousValidUntil);
        return inGrace ? account : null;
    }

    private static Map<String, String> cookies(@Nullable String header) {
        Map<String, String> cookies = new LinkedHashMap<>();
        if (header != null) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    cookies.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
                }
            }
        }
        return cookies;
    }

    private static Recorded record(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        String hostHeader = exchange.getRequestHeaders().getFirst("Host");
        String host = hostHeader == null ? "" : hostHeader.replaceFirst(":\\d+$", "");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        Map<String, String> form = type != null && type.startsWith("application/x-www-form-urlencoded") ? decode(body) : Map.of();
        return new Recorded(exchange.getRequestMethod(), host, uri.getRawPath(), decode(uri.getRawQuery()), headers, body, form);
    }

    private static Map<String, String> decode(@Nullable String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }

    private static @Nullable JsonNode parse(@Nullable String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        }
        catch (RuntimeException ex) {
            return null;
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void pause(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("Stopped");
        }
    }

    private static List<Object> arr(@Nullable Object... items) {
        return Arrays.asList(items);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new Random().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * Runs the fake on its own so the whole app can be tried against it: {@code [port]} (default 8790). Prints the
     * properties to start Atelier with and the cookies to paste.
     */
    public static void main(String[] args) throws InterruptedException {
        System.setProperty("java.awt.headless", "true");
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8790;
        FakeGeminiWeb fake = new FakeGeminiWeb(Clock.systemUTC(), port);
        fake.account("fake-psid-local", "fake-psidts-local");
        fake.frameDelay(Duration.ofMillis(300));
        System.out.println("Fake Gemini web app listening on " + fake.baseUrl());
        System.out.println("Start Atelier with:");
        fake.springProperties().forEach((name, value) -> System.out.println("  --" + name + "=" + value));
        System.out.println("Paste the cookies __Secure-1PSID=fake-psid-local and "
                + "__Secure-1PSIDTS=fake-psidts-local. Stop with Ctrl-C.");
        Thread.currentThread().join();
    }

}
