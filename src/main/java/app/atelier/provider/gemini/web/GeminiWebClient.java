package app.atelier.provider.gemini.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import app.atelier.provider.FailureCode;
import app.atelier.provider.ProviderCredential.WebCookies;
import app.atelier.provider.ProviderFailure;

import org.springframework.stereotype.Component;

/**
 * Our client of the Gemini web protocol ({@code gemini-web-protocol.md}): the bootstrap page, batchexecute RPCs, the
 * streamed StreamGenerate answer and cookie rotation. It keeps one {@link WebSession} per credential key and shares
 * nothing else between users; the one {@link HttpClient} keeps no cookies.
 */
@Component
class GeminiWebClient {

    /**
     * The globals scraped from {@code /app}; no access token means signed out, or Google left it out this time (the
     * page then still names the UI language, which a guest page does not).
     */
    record Page(@Nullable String accessToken, boolean accessTokenFromPage, @Nullable String buildLabel,
            @Nullable String sessionId, String language, boolean languageOnPage) {

        boolean signedInWithoutToken() {
            return accessToken == null && languageOnPage;
        }

        @Override
        public String toString() {
            return "Page[bl=" + buildLabel + ", signedIn=" + (accessToken != null) + "]";
        }

    }

    /** What {@code otAQ7b} says about the account. */
    record Account(Optional<Integer> status, List<ModelChoice.Model> models, List<Integer> tiers,
            List<Integer> capabilities) {
    }

    /** One RPC's answer in a batchexecute reply: its payload, or a rejection. */
    record RpcReply(@Nullable JsonNode payload, boolean rejected, Optional<Integer> errorCode) {
    }

    /** One call (a generation or a validation): the session, the page it bootstrapped, its deadline and _reqid. */
    static final class Visit {

        private final WebSession session;

        private final Page page;

        private final Deadline deadline;

        private final AtomicLong requestId = new AtomicLong(ThreadLocalRandom.current().nextInt(10_000, 100_000));

        Visit(WebSession session, Page page, Deadline deadline) {
            this.session = session;
            this.page = page;
            this.deadline = deadline;
        }

        WebSession session() {
            return session;
        }

        Page page() {
            return page;
        }

        Deadline deadline() {
            return deadline;
        }

        private String nextRequestId() {
            return Long.toString(requestId.getAndAdd(WebProtocol.REQUEST_ID_STEP));
        }

    }

    private static final Logger log = LoggerFactory.getLogger(GeminiWebClient.class);

    private static final int MAX_PAGE_REDIRECTS = 5;

    private static final int MAX_TOKEN_RETRIES = 2;

    private static final long MAX_PAGE_BYTES = 8L * 1024 * 1024;

    private static final long MAX_RPC_BYTES = 4L * 1024 * 1024;

    private final GeminiWebProperties properties;

    private final Clock clock;

    private final Upstream upstream;

    private final Map<String, WebSession> sessions = new ConcurrentHashMap<>();

    GeminiWebClient(GeminiWebProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        HttpClient http = HttpClient.newBuilder()
            .connectTimeout(properties.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
        this.upstream = new Upstream(http, new HostPolicy(properties.cookieDomain(), properties.allowedImageHosts()),
                properties.idleStreamTimeout());
    }

    GeminiWebProperties properties() {
        return properties;
    }

    Upstream upstream() {
        return upstream;
    }

    /** The session of a stored credential, new when the key is new or its PSID changed; seeded with its cookies. */
    WebSession session(WebCookies credential) {
        WebSession session = sessions.compute(credential.key(),
                (key, existing) -> existing != null && existing.isFor(credential) ? existing
                        : new WebSession(key, credential.psid()));
        session.jar().seed(credential);
        return session;
    }

    // Bootstrap (section 2.2).

    /** Bootstraps a call; loads the page again (twice at most) when it looks signed in but left the token out. */
    Visit open(WebCookies credential, Deadline deadline) {
        WebSession session = session(credential);
        Page page = bootstrap(session, deadline);
        for (int retry = 0; retry < MAX_TOKEN_RETRIES && page.signedInWithoutToken(); retry++) {
            page = bootstrap(session, deadline);
        }
        return new Visit(session, page, deadline);
    }

    private Page bootstrap(WebSession session, Deadline deadline) {
        URI uri = endpoint(properties.baseUrl(), WebProtocol.APP_PATH, Map.of());
        for (int hop = 0; hop <= MAX_PAGE_REDIRECTS; hop++) {
            HttpRequest request = upstream.request(uri, session.jar(), deadline)
                .header(WebProtocol.CONTENT_TYPE, WebProtocol.FORM_CONTENT_TYPE)
                .header(WebProtocol.ORIGIN, origin(properties.baseUrl()))
                .header(WebProtocol.REFERER, referer(properties.baseUrl()))
                .GET()
                .build();
            Upstream.Reply reply = upstream.send(request, session.jar(), deadline, MAX_PAGE_BYTES);
            if (reply.redirect()) {
                URI target = uri.resolve(reply.header(WebProtocol.LOCATION).orElseThrow().strip());
                String path = Optional.ofNullable(target.getPath()).orElse("");
                if (path.startsWith(WebProtocol.SORRY_PATH_PREFIX)) {
                    throw new ProviderFailure(FailureCode.UPSTREAM_BLOCKED,
                            "Google flagged this server's address (redirect to its /sorry/ page)", reply.retryAfter().orElse(null), null);
                }
                if (WebProtocol.SIGN_IN_PATH_MARKERS.stream().anyMatch(target.toString()::contains)) {
                    throw new ProviderFailure(FailureCode.CREDENTIALS_EXPIRED,
                            "Gemini sent the request to its sign-in page: " + Failures.SIGNED_OUT);
                }
                if (!upstream.hosts().receivesCookies(target) && !sameHost(target, properties.baseUrl())) {
                    throw new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                            "The Gemini page redirected to an unexpected host, " + HostPolicy.describe(target));
                }
                uri = target;
                continue;
            }
            if (reply.status() == 429) {
                throw new ProviderFailure(FailureCode.UPSTREAM_BLOCKED,
                        "The Gemini page answered HTTP 429: Google flagged this server's address",
                        reply.retryAfter().orElse(null), null);
            }
            if (reply.status() < 200 || reply.status() >= 300) {
                throw Failures.http(reply.status(), "The Gemini page", reply.retryAfter().orElse(null));
            }
            return readPage(session, reply.text());
        }
        throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "The Gemini page redirected more than "
                + MAX_PAGE_REDIRECTS + " times");
    }

    private Page readPage(WebSession session, String html) {
        Map<String, String> globals = new HashMap<>();
        for (String key : List.of(WebProtocol.ACCESS_TOKEN_KEY, WebProtocol.BUILD_LABEL_KEY, WebProtocol.SESSION_ID_KEY,
                WebProtocol.LANGUAGE_KEY, WebProtocol.PUSH_ID_KEY)) {
            Matcher matcher = Pattern.compile("\"" + key + "\":\\s*\"(.*?)\"").matcher(html);
            if (matcher.find()) {
                globals.put(key, matcher.group(1));
            }
        }
        if (globals.isEmpty()) {
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                    "The Gemini page carried none of its expected values (its format may have changed)");
        }
        String token = blankToNull(globals.get(WebProtocol.ACCESS_TOKEN_KEY));
        boolean fromPage = token != null;
        if (fromPage) {
            session.rememberAccessToken(token);
        }
        else {
            token = session.accessToken();
            log.debug("No access token on the Gemini page for {}; {}", session.key(),
                    token == null ? "none remembered" : "using the last one");
        }
        return new Page(token, fromPage, blankToNull(globals.get(WebProtocol.BUILD_LABEL_KEY)),
                blankToNull(globals.get(WebProtocol.SESSION_ID_KEY)), language(globals.get(WebProtocol.LANGUAGE_KEY)),
                blankToNull(globals.get(WebProtocol.LANGUAGE_KEY)) != null);
    }

    private static String language(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return WebProtocol.DEFAULT_LANGUAGE;
        }
        String lower = value.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith(WebProtocol.DEFAULT_LANGUAGE + "-") || lower.startsWith(WebProtocol.DEFAULT_LANGUAGE + "_")
                ? WebProtocol.DEFAULT_LANGUAGE : value.strip();
    }

    // batchexecute (section 5).

    Map<String, RpcReply> batch(Visit visit, Map<String, String> payloads) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put(WebProtocol.QUERY_RPC_IDS, String.join(",", payloads.keySet()));
        query.putAll(commonQuery(visit));
        query.put(WebProtocol.QUERY_SOURCE_PATH, WebProtocol.SOURCE_PATH_APP);
        moveToEnd(query, WebProtocol.QUERY_BUILD_LABEL, WebProtocol.QUERY_SESSION_ID);
        String calls = payloads.entrySet()
            .stream()
            .map(call -> "[" + Jspb.quote(call.getKey()) + "," + Jspb.quote(call.getValue()) + ",null,"
                    + Jspb.quote(WebProtocol.RPC_GENERIC) + "]")
            .collect(Collectors.joining(",", "[[", "]]"));
        HttpRequest request = post(visit, WebProtocol.BATCH_EXECUTE_PATH, query, calls)
            .header(WebProtocol.MODEL_HEADER, WebProtocol.BATCH_MODEL_HEADER_VALUE)
            .header(WebProtocol.EXT_73010989_HEADER, WebProtocol.EXT_73010989_VALUE)
            .build();
        Upstream.Reply reply = upstream.send(request, visit.session().jar(), visit.deadline(), MAX_RPC_BYTES);
        if (reply.status() != 200) {
            throw Failures.http(reply.status(), "Gemini's batchexecute (" + String.join(",", payloads.keySet()) + ")",
                    reply.retryAfter().orElse(null));
        }
        Map<String, RpcReply> replies = new HashMap<>();
        FrameParser parser = new FrameParser(frame -> {
            for (JsonNode envelope : frame.values()) {
                if (!WebProtocol.PAYLOAD_ENVELOPE.equals(Jspb.string(envelope, WebProtocol.ENVELOPE_KIND).orElse(null))) {
                    continue;
                }
                String rpcId = Jspb.string(envelope, WebProtocol.ENVELOPE_RPC_ID).orElse("");
                Optional<Integer> status = Jspb.integer(envelope, WebProtocol.ENVELOPE_ERROR_STATUS);
                JsonNode payload = Jspb.string(envelope, WebProtocol.ENVELOPE_PAYLOAD).flatMap(Jspb::parse).orElse(null);
                replies.put(rpcId, new RpcReply(payload, status.equals(Optional.of(WebProtocol.REJECTED_STATUS)),
                        Jspb.integer(envelope, WebProtocol.ENVELOPE_ERROR_CODE)));
            }
        });
        parser.feed(reply.text());
        parser.finish();
        return replies;
    }

    Account account(Visit visit) {
        RpcReply reply = batch(visit, Map.of(WebProtocol.RPC_ACCOUNT_STATUS, WebProtocol.ACCOUNT_STATUS_PAYLOAD))
            .get(WebProtocol.RPC_ACCOUNT_STATUS);
        if (reply == null) {
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                    "Gemini's account status (otAQ7b) is missing from its reply (the format may have changed)");
        }
        if (reply.rejected()) {
            throw Failures.rejected();
        }
        JsonNode payload = reply.payload();
        List<ModelChoice.Model> models = new ArrayList<>();
        for (JsonNode model : Jspb.list(payload, WebProtocol.ACCOUNT_MODELS)) {
            Jspb.string(model, WebProtocol.MODEL_ID)
                .filter(id -> !id.isBlank())
                .ifPresent(id -> models.add(new ModelChoice.Model(id,
                        Jspb.string(model, WebProtocol.MODEL_DISPLAY_NAME).orElse(""),
                        Jspb.string(model, WebProtocol.MODEL_DESCRIPTION).orElse(""))));
        }
        return new Account(Jspb.integer(payload, WebProtocol.ACCOUNT_STATUS), models,
                Jspb.integers(payload, WebProtocol.ACCOUNT_TIER_FLAGS),
                Jspb.integers(payload, WebProtocol.ACCOUNT_CAPABILITY_FLAGS));
    }

    /** The keep-alive Gemini's own client sends before generating; its failure changes nothing. */
    void activity(Visit visit) {
        try {
            batch(visit, Map.of(WebProtocol.RPC_ACTIVITY, WebProtocol.ACTIVITY_PAYLOAD));
        }
        catch (ProviderFailure ex) {
            if (ex.code() == FailureCode.TIMEOUT) {
                throw ex;
            }
            log.debug("Gemini's activity call failed for {}: {}", visit.session().key(), ex.upstreamReason());
        }
    }

    /** The signed full-size URL of a generated image ({@code c8o8Fe}, section 8.3), if Gemini gives one. */
    Optional<String> fullSizeUrl(Visit visit, StreamTurn turn, StreamTurn.ImageRef image) {
        if (turn.responseId().isEmpty() || turn.candidateId().isEmpty() || turn.conversationId().isEmpty()) {
            return Optional.empty();
        }
        String payload = "[[[null,null,null,[null,null,null,null,null,\"\"]],[" + Jspb.quote(image.id()) + ",0],null,["
                + WebProtocol.FULL_SIZE_MODE + ",\"\"],null,null,null,null,null,\"\"],["
                + Jspb.quote(turn.responseId().get()) + "," + Jspb.quote(turn.candidateId().get()) + ","
                + Jspb.quote(turn.conversationId().get()) + ",null,\"\"],1,0,1]";
        RpcReply reply = batch(visit, Map.of(WebProtocol.RPC_FULL_SIZE, payload)).get(WebProtocol.RPC_FULL_SIZE);
        return reply == null || reply.rejected() ? Optional.empty()
                : Jspb.string(reply.payload(), 0).filter(url -> !url.isBlank());
    }

    // StreamGenerate (sections 6 and 7).

    /** Sends the prompt and reads the streamed answer into a {@link StreamTurn}; HTTP trouble becomes a failure. */
    StreamTurn generate(Visit visit, ModelChoice model, String prompt) {
        String uuid = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        String inner = inner(prompt, visit.page().language(), uuid);
        HttpRequest request = post(visit, WebProtocol.STREAM_GENERATE_PATH, commonQuery(visit),
                "[null," + Jspb.quote(inner) + "]")
            .header(WebProtocol.MODEL_HEADER, model.header())
            .header(WebProtocol.EXT_73010989_HEADER, WebProtocol.EXT_73010989_VALUE)
            .header(WebProtocol.EXT_73010990_HEADER, WebProtocol.EXT_73010990_VALUE)
            .header(WebProtocol.REQUEST_UUID_HEADER, "[" + Jspb.quote(uuid) + ",1]")
            .build();
        StreamTurn turn = new StreamTurn();
        FrameParser parser = new FrameParser(turn::accept);
        Upstream.Streamed streamed = upstream.stream(request, visit.session().jar(), visit.deadline(), parser,
                turn::answered);
        if (streamed.status() != 200) {
            if (streamed.status() == 400 && visit.page().accessToken() == null) {
                throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "StreamGenerate answered HTTP 400: Gemini's page "
                        + "gave no access token this time and the request needs one; try again later");
            }
            throw Failures.http(streamed.status(), "StreamGenerate", streamed.retryAfter().orElse(null));
        }
        if (parser.lengthMismatches() > 0 || parser.malformedFrames() > 0) {
            log.debug("Gemini's answer had {} frame(s) with a wrong length and {} unreadable frame(s)",
                    parser.lengthMismatches(), parser.malformedFrames());
        }
        Optional<Integer> code = turn.fatalErrorCode();
        if (code.isPresent()) {
            throw Failures.streamCode(code.get(), model.id());
        }
        if (turn.rejected()) {
            throw Failures.rejected();
        }
        turn.lateErrorCode().ifPresent(late -> log.debug("Gemini sent error {} after a complete answer; ignored", late));
        if (!turn.answered()) {
            if (streamed.broken() || parser.truncated() || turn.payloadFrames() > 0) {
                throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "Gemini's answer stopped before it was complete"
                        + (streamed.broken() ? " (the connection broke)" : "")
                        + "; Google may have aborted it silently, try again");
            }
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                    "Gemini's answer held no readable frame (its format may have changed)");
        }
        return turn;
    }

    /** INNER, 2.0 layout: 69 slots, {@code null} except those the protocol sets (section 6.4). */
    static String inner(String prompt, String language, String uuid) {
        String[] slots = new String[WebProtocol.INNER_LENGTH];
        Arrays.fill(slots, "null");
        slots[WebProtocol.SLOT_MESSAGE] = "[" + Jspb.quote(prompt) + ",0,null,null,null,null,0]";
        slots[WebProtocol.SLOT_LANGUAGE] = "[" + Jspb.quote(language) + "]";
        slots[WebProtocol.SLOT_CHAT] = WebProtocol.NEW_CHAT;
        for (Object[] fixed : WebProtocol.FIXED_SLOTS) {
            slots[(Integer) fixed[0]] = (String) fixed[1];
        }
        slots[WebProtocol.SLOT_REQUEST_UUID] = Jspb.quote(uuid);
        return "[" + String.join(",", slots) + "]";
    }

    // RotateCookies (section 9).

    /**
     * Rotates a credential's cookies, at most once per {@link WebProtocol#MIN_ROTATION_GAP} per key: a call within it
     * answers what the last rotation gave (or how it failed) without asking Google.
     */
    WebCookies rotate(WebCookies credential) {
        WebSession session = session(credential);
        synchronized (session) {
            Instant now = clock.instant();
            WebSession.Rotation last = session.lastRotation();
            if (last != null && now.isBefore(last.at().plus(WebProtocol.MIN_ROTATION_GAP))) {
                if (last.failure() != null) {
                    throw new ProviderFailure(last.failure().code(), last.failure().upstreamReason(),
                            last.failure().retryAfter(), null);
                }
                return current(credential, session);
            }
            try {
                WebCookies rotated = rotateNow(credential, session);
                session.rotated(new WebSession.Rotation(now, rotated, null));
                return rotated;
            }
            catch (ProviderFailure ex) {
                session.rotated(new WebSession.Rotation(now, null, ex));
                throw ex;
            }
        }
    }

    private WebCookies rotateNow(WebCookies credential, WebSession session) {
        URI uri = endpoint(properties.accountsUrl(), WebProtocol.ROTATE_COOKIES_PATH, Map.of());
        if (!upstream.hosts().receivesCookies(uri)) {
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "The accounts URL " + HostPolicy.describe(uri)
                    + " is not under the cookie domain, so the cookies cannot be sent there to rotate them");
        }
        Deadline deadline = Deadline.after(properties.callTimeout());
        HttpRequest request = upstream.request(uri, session.jar(), deadline)
            .header(WebProtocol.CONTENT_TYPE, WebProtocol.JSON_CONTENT_TYPE)
            .header(WebProtocol.ORIGIN, origin(properties.accountsUrl()))
            .POST(HttpRequest.BodyPublishers.ofString(WebProtocol.ROTATE_BODY))
            .build();
        Upstream.Reply reply = upstream.send(request, null, deadline, MAX_RPC_BYTES);
        if (reply.redirect()) {
            String target = reply.header(WebProtocol.LOCATION).orElse("");
            if (WebProtocol.SIGN_IN_PATH_MARKERS.stream().anyMatch(target::contains)) {
                throw new ProviderFailure(FailureCode.CREDENTIALS_EXPIRED,
                        "RotateCookies sent the request to the sign-in page: " + Failures.SIGNED_OUT);
            }
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "RotateCookies answered HTTP " + reply.status());
        }
        if (reply.status() == 401) {
            throw new ProviderFailure(FailureCode.CREDENTIALS_EXPIRED,
                    "RotateCookies answered HTTP 401: the cookies are dead — export them again");
        }
        if (reply.status() == 429) {
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "RotateCookies answered HTTP 429: rotating too often",
                    reply.retryAfter().orElse(WebProtocol.MIN_ROTATION_GAP), null);
        }
        if (reply.status() != 200) {
            throw Failures.http(reply.status(), "RotateCookies", reply.retryAfter().orElse(null));
        }
        Set<String> set = session.jar().absorb(reply.headers().allValues(WebProtocol.SET_COOKIE));
        if (!set.contains(WebProtocol.PSIDTS)) {
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "RotateCookies answered without a new "
                    + WebProtocol.PSIDTS + "; the session may already be invalid");
        }
        log.debug("Rotated the cookies of {}", credential.key());
        return current(credential, session);
    }

    private static WebCookies current(WebCookies credential, WebSession session) {
        return new WebCookies(credential.key(), session.jar().psid().orElse(credential.psid()),
                session.jar().psidts().orElse(credential.psidts()));
    }

    // Requests shared by every POST to the Gemini host (section 3).

    private Map<String, String> commonQuery(Visit visit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put(WebProtocol.QUERY_LANGUAGE, visit.page().language());
        query.put(WebProtocol.QUERY_REQUEST_ID, visit.nextRequestId());
        query.put(WebProtocol.QUERY_RESPONSE_TYPE, WebProtocol.RESPONSE_TYPE_CHUNKED);
        if (visit.page().buildLabel() != null) {
            query.put(WebProtocol.QUERY_BUILD_LABEL, visit.page().buildLabel());
        }
        if (visit.page().sessionId() != null) {
            query.put(WebProtocol.QUERY_SESSION_ID, visit.page().sessionId());
        }
        return query;
    }

    private HttpRequest.Builder post(Visit visit, String path, Map<String, String> query, String request) {
        URI uri = endpoint(properties.baseUrl(), path, query);
        String token = visit.page().accessToken();
        String form = WebProtocol.FORM_ACCESS_TOKEN + "=" + encode(token == null ? "" : token) + "&"
                + WebProtocol.FORM_REQUEST + "=" + encode(request);
        return upstream.request(uri, visit.session().jar(), visit.deadline())
            .header(WebProtocol.CONTENT_TYPE, WebProtocol.FORM_CONTENT_TYPE)
            .header(WebProtocol.ORIGIN, origin(properties.baseUrl()))
            .header(WebProtocol.REFERER, referer(properties.baseUrl()))
            .header(WebProtocol.SAME_DOMAIN, WebProtocol.SAME_DOMAIN_VALUE)
            .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    static URI endpoint(URI base, String path, Map<String, String> query) {
        String root = base.toString().replaceAll("/+$", "");
        String encoded = query.entrySet()
            .stream()
            .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
            .collect(Collectors.joining("&"));
        return URI.create(root + path + (encoded.isEmpty() ? "" : "?" + encoded));
    }

    static String origin(URI base) {
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    private static String referer(URI base) {
        return base.toString().replaceAll("/+$", "") + "/";
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost());
    }

    private static void moveToEnd(Map<String, String> query, String... keys) {
        for (String key : keys) {
            String value = query.remove(key);
            if (value != null) {
                query.put(key, value);
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

}
