package app.atelier.provider.gemini.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.GeneratedImage;
import app.atelier.provider.ImageRequest;
import app.atelier.provider.ProviderCredential.WebCookies;
import app.atelier.support.MutableClock;

/** A fresh fake Gemini per test, one signed-in account (Alice) and the production client pointed at the fake. */
abstract class GeminiWebTestSupport {

    static final String ALICE_PSID = "test-psid-alice";

    static final String ALICE_PSIDTS = "test-psidts-alice";

    final MutableClock clock = new MutableClock();

    FakeGeminiWeb fake;

    FakeGeminiWeb.Account alice;

    @BeforeEach
    void startFake() {
        fake = new FakeGeminiWeb(clock);
        alice = fake.account(ALICE_PSID, ALICE_PSIDTS);
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    GeminiWebProvider provider() {
        return provider(fake.settings());
    }

    GeminiWebProvider provider(FakeGeminiWeb.Settings settings) {
        return new GeminiWebProvider(client(settings));
    }

    GeminiWebClient client(FakeGeminiWeb.Settings settings) {
        return new GeminiWebClient(settings.build(), clock);
    }

    static WebCookies alice() {
        return new WebCookies("1:gemini-web", ALICE_PSID, ALICE_PSIDTS);
    }

    static ImageRequest request(String prompt) {
        return new ImageRequest(prompt, AspectRatio.SQUARE, null, 1);
    }

    static BufferedImage decode(GeneratedImage image) {
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));
            if (decoded == null) {
                throw new IllegalStateException("Not an image: " + image);
            }
            return decoded;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
