package app.atelier.provider.gemini.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import app.atelier.provider.ProviderCredential.WebCookies;
import app.atelier.provider.ProviderFailure;

import static org.assertj.core.api.Assertions.assertThat;

class GeminiWebSecretsTests extends GeminiWebTestSupport {

    private final Logger logger = (Logger) LoggerFactory.getLogger(GeminiWebClient.class.getPackageName());

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    private Level previousLevel;

    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void captureEverything() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.TRACE);
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void stopCapturing() {
        logger.detachAppender(events);
        logger.setLevel(previousLevel);
    }

    @Test
    void neverPutsCookiesOrTheAccessTokenInLogsMessagesOrToStrings() {
        GeminiWebClient client = client(fake.settings());
        GeminiWebProvider provider = new GeminiWebProvider(client);
        GeminiWebCookieRotator rotator = new GeminiWebCookieRotator(client);

        seen.add(provider.generate(alice(), request("a fox")).toString());
        seen.add(provider.validate(alice()).toString());
        fake.tokenOmission(1.0);
        seen.add(provider.generate(alice(), request("a fox")).toString());
        fake.tokenOmission(0);
        for (FakeGeminiWeb.Answer answer : List.of(FakeGeminiWeb.Answer.REFUSAL, FakeGeminiWeb.Answer.CUT_SHORT,
                FakeGeminiWeb.Answer.ERROR_AFTER_ANSWER)) {
            fake.answer(answer);
            attempt(() -> provider.generate(alice(), request("a fox")));
        }
        fake.answer(FakeGeminiWeb.Answer.IMAGES).fullSizeMode(FakeGeminiWeb.FullSizeMode.FIFE_FORBIDDEN);
        attempt(() -> provider.generate(alice(), request("a fox")));
        fake.error(1037);
        attempt(() -> provider.generate(alice(), request("a fox")));
        fake.httpStatus(401);
        attempt(() -> provider.generate(alice(), request("a fox")));
        fake.stall(Duration.ofSeconds(10));
        attempt(() -> provider(fake.settings().idle(Duration.ofMillis(300))).generate(alice(), request("a fox")));
        WebCookies rotated = rotator.rotate(alice());
        seen.add(rotated.toString());
        clock.advance(Duration.ofMinutes(2));
        fake.rotationMode(FakeGeminiWeb.RotationMode.UNAUTHORIZED);
        attempt(() -> rotator.rotate(rotated));
        seen.add(provider.validate(new WebCookies("8:gemini-web", "test-psid-unknown", "test-psidts-unknown")).toString());
        fake.batchRejected(true);
        seen.add(provider.validate(alice()).toString());
        seen.add(client.session(alice()).toString());
        seen.add(client.session(alice()).jar().toString());
        seen.add(alice().toString());

        List<String> secrets = List.of(ALICE_PSID, ALICE_PSIDTS, alice.accessToken, rotated.psidts(), "test-psid-unknown",
                "test-psidts-unknown");
        assertThat(events.list).isNotEmpty();
        List<String> logged = events.list.stream()
            .map(event -> event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())))
            .toList();
        assertThat(seen).hasSizeGreaterThan(15);
        for (String secret : secrets) {
            assertThat(logged).noneMatch(line -> line.contains(secret));
            assertThat(seen).noneMatch(text -> text.contains(secret));
        }
    }

    private void attempt(Runnable call) {
        try {
            call.run();
            seen.add("no failure");
        }
        catch (ProviderFailure failure) {
            seen.add(failure.code() + " " + failure.upstreamReason() + " " + failure);
            for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
                seen.add(cause.toString());
            }
        }
    }

}
