package app.atelier.provider.gemini.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.ImageRequest;
import app.atelier.provider.ProviderCredential;
import app.atelier.provider.ProviderFailure;

import static org.assertj.core.api.Assertions.assertThat;

/** The key must not leak into logs (ours, the SDK's, OkHttp's), failure reasons, their causes or validation details. */
@ExtendWith(OutputCaptureExtension.class)
class GeminiApiSecretsTests {

    static final String SECRET = "fake-secret-9f2c41d7";

    static final List<String> KEYS = List.of(SECRET, "bad-key", "forbidden-key", "region-key", "quota-key", "boom-key",
            "busy-key", "slow-key");

    static FakeGeminiApi fake;

    final List<String> sdkLog = new CopyOnWriteArrayList<>();

    final Handler sdkLogHandler = new Handler() {

        @Override
        public void publish(LogRecord record) {
            sdkLog.add(new SimpleFormatter().format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

    };

    final List<Logger> loudLoggers = List.of(Logger.getLogger("com.google.genai"), Logger.getLogger("okhttp3"));

    @BeforeAll
    static void startFake() {
        fake = new FakeGeminiApi().start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void listenToEverythingTheSdkLogs() {
        sdkLogHandler.setLevel(Level.ALL);
        loudLoggers.forEach(logger -> {
            logger.setLevel(Level.ALL);
            logger.addHandler(sdkLogHandler);
        });
    }

    @AfterEach
    void quietenTheSdk() {
        loudLoggers.forEach(logger -> {
            logger.removeHandler(sdkLogHandler);
            logger.setLevel(null);
        });
        fake.reset();
    }

    @Test
    void noKeyAppearsInAnyOutcome(CapturedOutput output) throws IOException {
        List<String> said = new ArrayList<>();
        try (ApiClients clients = new ApiClients(properties(fake.baseUrl()))) {
            GeminiApiProvider provider = new GeminiApiProvider(clients, properties(fake.baseUrl()));
            for (String apiKey : KEYS) {
                ProviderCredential.ApiKey credential = new ProviderCredential.ApiKey("3:gemini-api", apiKey);
                said.add(outcome(() -> provider.validate(credential).detail()));
                for (String prompt : List.of("A cat", "A cat [block]", "A cat [unsafe]", "A cat [noimage]")) {
                    said.add(outcome(() -> provider.generate(credential,
                            new ImageRequest(prompt, AspectRatio.SQUARE, null, 2)).toString()));
                }
                said.add(credential.toString());
            }
        }
        try (ApiClients clients = new ApiClients(properties("http://127.0.0.1:" + closedPort()))) {
            GeminiApiProvider provider = new GeminiApiProvider(clients, properties("http://127.0.0.1:" + closedPort()));
            said.add(outcome(() -> provider.generate(new ProviderCredential.ApiKey("3:gemini-api", SECRET),
                    new ImageRequest("A cat", AspectRatio.SQUARE, null, 1)).toString()));
        }

        assertThat(said).hasSizeGreaterThan(KEYS.size() * 6);
        for (String apiKey : KEYS) {
            assertThat(said).noneMatch(text -> text.contains(apiKey));
            assertThat(sdkLog).noneMatch(text -> text.contains(apiKey));
            assertThat(output.getAll()).doesNotContain(apiKey);
        }
    }

    @Test
    void aKeyEchoedByTheUpstreamIsRedacted() {
        fake.enqueue(400, """
                {"error":{"code":400,"message":"API key %s is restricted to other referrers.","status":"INVALID_ARGUMENT"}}"""
            .formatted(SECRET));
        try (ApiClients clients = new ApiClients(properties(fake.baseUrl()))) {
            GeminiApiProvider provider = new GeminiApiProvider(clients, properties(fake.baseUrl()));

            String reason = outcome(() -> provider.generate(new ProviderCredential.ApiKey("3:gemini-api", SECRET),
                    new ImageRequest("A cat", AspectRatio.SQUARE, null, 1)).toString());

            assertThat(reason).contains("API key [redacted] is restricted").doesNotContain(SECRET);
        }
    }

    static GeminiApiProperties properties(String baseUrl) {
        return new GeminiApiProperties(baseUrl, "gemini-2.5-flash-image", "v1beta", Duration.ofMillis(500), 4);
    }

    /** Whatever a caller could show or log: the result, or the failure's reason and every message in its causes. */
    static String outcome(Supplier<String> call) {
        try {
            return call.get();
        }
        catch (ProviderFailure failure) {
            StringBuilder text = new StringBuilder(failure.code().id()).append(' ').append(failure.upstreamReason());
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                text.append('\n').append(cause);
                for (StackTraceElement frame : cause.getStackTrace()) {
                    text.append("\n\tat ").append(frame);
                }
            }
            return text.toString();
        }
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
