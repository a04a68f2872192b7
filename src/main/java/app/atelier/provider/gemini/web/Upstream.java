package app.atelier.provider.gemini.web;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import app.atelier.provider.FailureCode;
import app.atelier.provider.ProviderFailure;

/**
 * HTTP exchanges with Google's hosts on one shared {@link HttpClient} that keeps no cookies and follows no redirect:
 * callers attach a jar's cookies only where {@link HostPolicy} allows, and check every hop themselves. Every exchange
 * is bounded twice: by the call's {@link Deadline} and by a watchdog that gives up after {@code idle} without a byte.
 */
final class Upstream {

    /** A whole (bounded) response. */
    record Reply(URI uri, int status, HttpHeaders headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        Optional<Duration> retryAfter() {
            return header(WebProtocol.RETRY_AFTER).flatMap(Upstream::seconds);
        }

        boolean redirect() {
            return status >= 300 && status < 400 && header(WebProtocol.LOCATION).isPresent();
        }

    }

    /** How a streamed response ended; {@code broken} when the connection failed mid-body. */
    record Streamed(int status, HttpHeaders headers, String errorText, boolean broken, boolean idled) {

        Optional<Duration> retryAfter() {
            return headers.firstValue(WebProtocol.RETRY_AFTER).flatMap(Upstream::seconds);
        }

    }

    private static final int ERROR_TEXT_LIMIT = 4096;

    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(java.util.Map.of(), (name, value) -> true);

    private final HttpClient client;

    private final HostPolicy hosts;

    private final Duration idle;

    Upstream(HttpClient client, HostPolicy hosts, Duration idle) {
        this.client = client;
        this.hosts = hosts;
        this.idle = idle;
    }

    HostPolicy hosts() {
        return hosts;
    }

    /** A request to {@code uri} with the browser-like headers, and the jar's cookies if the host may have them. */
    HttpRequest.Builder request(URI uri, @Nullable CookieJar jar, Deadline deadline) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
            .timeout(deadline.remainingAtMost(idle))
            .header(WebProtocol.USER_AGENT, WebProtocol.USER_AGENT_VALUE);
        if (jar != null && hosts.receivesCookies(uri)) {
            String cookies = jar.header();
            if (!cookies.isEmpty()) {
                builder.header(WebProtocol.COOKIE, cookies);
            }
        }
        return builder;
    }

    /** Sends and reads the whole body (at most {@code maxBytes}); takes new cookies into the jar. */
    Reply send(HttpRequest request, @Nullable CookieJar jar, Deadline deadline, long maxBytes) {
        AtomicReference<WatchedBody> body = new AtomicReference<>();
        HttpResponse<Void> response;
        try {
            response = exchange(request, info -> new BoundedBody(maxBytes), body, deadline, () -> false);
        }
        catch (BrokenBody | IdledAfterAnswer ex) {
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                    "The connection to " + HostPolicy.describe(request.uri()) + " broke in the middle of a response");
        }
        absorbCookies(request.uri(), response.headers(), jar);
        return new Reply(request.uri(), response.statusCode(), response.headers(), ((BoundedBody) body.get()).bytes());
    }

    /**
     * Sends and feeds a 200 body to the parser as it arrives. When the watchdog or the deadline fires after
     * {@code answered} became true, the answer stands and the exchange counts as idled instead of failed.
     */
    Streamed stream(HttpRequest request, @Nullable CookieJar jar, Deadline deadline, FrameParser parser,
            BooleanSupplier answered) {
        AtomicReference<WatchedBody> body = new AtomicReference<>();
        HttpResponse<Void> response;
        try {
            response = exchange(request,
                    info -> info.statusCode() == 200 ? new ParsedBody(parser) : new BoundedBody(ERROR_TEXT_LIMIT), body,
                    deadline, answered);
        }
        catch (BrokenBody broken) {
            return new Streamed(200, broken.headers, "", true, false);
        }
        catch (IdledAfterAnswer idled) {
            return new Streamed(200, idled.headers, "", false, true);
        }
        absorbCookies(request.uri(), response.headers(), jar);
        String errorText = body.get() instanceof BoundedBody bounded ? new String(bounded.bytes(), StandardCharsets.UTF_8) : "";
        return new Streamed(response.statusCode(), response.headers(), errorText, false, false);
    }

    private HttpResponse<Void> exchange(HttpRequest request, Function<HttpResponse.ResponseInfo, WatchedBody> bodies,
            AtomicReference<WatchedBody> body, Deadline deadline, BooleanSupplier answered) {
        String host = HostPolicy.describe(request.uri());
        AtomicReference<HttpHeaders> headers = new AtomicReference<>(NO_HEADERS);
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<Void>> future = client.sendAsync(request, info -> {
            headers.set(info.headers());
            WatchedBody watched = bodies.apply(info);
            body.set(watched);
            return watched;
        });
        while (true) {
            WatchedBody watched = body.get();
            long lastActivity = watched == null ? started : watched.lastActivity;
            long idleLeft = idle.toNanos() - (System.nanoTime() - lastActivity);
            long callLeft = deadline.remainingNanos();
            if (idleLeft <= 0 || callLeft <= 0) {
                cancel(future, watched);
                if (answered.getAsBoolean()) {
                    throw new IdledAfterAnswer(headers.get());
                }
                throw callLeft <= 0
                        ? new ProviderFailure(FailureCode.TIMEOUT, "No complete answer from " + host
                                + " within the call timeout of " + deadline.total().toMillis() + " ms")
                        : new ProviderFailure(FailureCode.TIMEOUT, host + " sent nothing for " + idle.toMillis()
                                + " ms (idle-stream-timeout)");
            }
            try {
                return future.get(Math.min(idleLeft, callLeft), TimeUnit.NANOSECONDS);
            }
            catch (TimeoutException ex) {
                // The watchdog looks again: bytes may have arrived meanwhile.
            }
            catch (InterruptedException ex) {
                cancel(future, watched);
                Thread.currentThread().interrupt();
                throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "Interrupted while talking to " + host);
            }
            catch (ExecutionException ex) {
                throw failure(ex.getCause(), host, headers.get(), body.get() != null, answered);
            }
        }
    }

    private RuntimeException failure(@Nullable Throwable cause, String host, HttpHeaders headers, boolean bodyStarted,
            BooleanSupplier answered) {
        if (cause instanceof ProviderFailure failure) {
            return failure;
        }
        if (cause instanceof TooLarge tooLarge) {
            return new ProviderFailure(FailureCode.UPSTREAM_ERROR, "The response from " + host + " is larger than "
                    + tooLarge.limit + " bytes (max-image-bytes)");
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new ProviderFailure(FailureCode.TIMEOUT, "Could not connect to " + host + " in time");
        }
        if (cause instanceof HttpTimeoutException) {
            return new ProviderFailure(FailureCode.TIMEOUT, host + " did not answer within " + idle.toMillis()
                    + " ms (idle-stream-timeout)");
        }
        if (bodyStarted) {
            return answered.getAsBoolean() ? new IdledAfterAnswer(headers) : new BrokenBody(headers);
        }
        String kind = cause instanceof ConnectException ? "connection refused"
                : cause == null ? "unknown error" : cause.getClass().getSimpleName();
        return new ProviderFailure(FailureCode.UPSTREAM_ERROR, "Could not reach " + host + " (" + kind + ")");
    }

    private void absorbCookies(URI uri, HttpHeaders headers, @Nullable CookieJar jar) {
        if (jar != null && hosts.receivesCookies(uri)) {
            jar.absorb(headers.allValues(WebProtocol.SET_COOKIE));
        }
    }

    private static void cancel(CompletableFuture<?> future, @Nullable WatchedBody body) {
        if (body != null) {
            body.cancel();
        }
        future.cancel(true);
    }

    static Optional<Duration> seconds(String value) {
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        }
        catch (NumberFormatException ex) {
            return Optional.empty();
        }
    }

    /** A body subscriber that notes when bytes last arrived, for the watchdog, and can give up on its own. */
    private abstract static class WatchedBody implements HttpResponse.BodySubscriber<Void> {

        volatile long lastActivity = System.nanoTime();

        private final CompletableFuture<Void> done = new CompletableFuture<>();

        private volatile Flow.@Nullable Subscription subscription;

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            lastActivity = System.nanoTime();
            if (done.isDone()) {
                return;
            }
            try {
                for (ByteBuffer buffer : buffers) {
                    accept(buffer);
                }
            }
            catch (RuntimeException | TooLarge ex) {
                fail(ex);
            }
        }

        abstract void accept(ByteBuffer buffer) throws TooLarge;

        void finish() {
        }

        @Override
        public void onError(Throwable throwable) {
            lastActivity = System.nanoTime();
            done.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            try {
                finish();
                done.complete(null);
            }
            catch (RuntimeException ex) {
                done.completeExceptionally(ex);
            }
        }

        void fail(Throwable cause) {
            cancel();
            done.completeExceptionally(cause);
        }

        void cancel() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }

    }

    private static final class BoundedBody extends WatchedBody {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        private final long limit;

        BoundedBody(long limit) {
            this.limit = limit;
        }

        @Override
        void accept(ByteBuffer buffer) throws TooLarge {
            if (bytes.size() + (long) buffer.remaining() > limit) {
                throw new TooLarge(limit);
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

    }

    private static final class ParsedBody extends WatchedBody {

        private final FrameParser parser;

        ParsedBody(FrameParser parser) {
            this.parser = parser;
        }

        @Override
        void accept(ByteBuffer buffer) {
            parser.feed(buffer);
        }

        @Override
        void finish() {
            parser.finish();
        }

    }

    private static final class TooLarge extends Exception {

        final long limit;

        TooLarge(long limit) {
            super("too large", null, false, false);
            this.limit = limit;
        }

    }

    private static final class BrokenBody extends RuntimeException {

        final HttpHeaders headers;

        BrokenBody(HttpHeaders headers) {
            super(null, null, false, false);
            this.headers = headers;
        }

    }

    private static final class IdledAfterAnswer extends RuntimeException {

        final HttpHeaders headers;

        IdledAfterAnswer(HttpHeaders headers) {
            super(null, null, false, false);
            this.headers = headers;
        }

    }

}
