package app.atelier.provider.gemini.api;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.CredentialStatus;
import app.atelier.provider.GeneratedImage;
import app.atelier.provider.GenerationResult;
import app.atelier.provider.ImageProvider;
import app.atelier.provider.ImageProviders;
import app.atelier.provider.ImageRequest;
import app.atelier.provider.ProviderCredential;
import app.atelier.provider.ProviderId;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole application, configured only by properties, makes a real image through the fake Gemini API. */
@SpringBootTest
class GeminiApiIntegrationTests {

    static final FakeGeminiApi fake = new FakeGeminiApi().start();

    @Autowired
    ImageProviders providers;

    @DynamicPropertySource
    static void pointAtTheFake(DynamicPropertyRegistry registry) {
        registry.add("atelier.gemini.api.base-url", fake::baseUrl);
        registry.add("atelier.gemini.api.model", () -> "gemini-3-pro-image");
        registry.add("atelier.gemini.api.timeout", () -> "5s");
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Test
    void generatesARealImageThroughTheApplicationsProvider() throws IOException {
        ImageProvider provider = providers.get(ProviderId.GEMINI_API).orElseThrow();

        GenerationResult result = provider.generate(new ProviderCredential.ApiKey("11:gemini-api", "fake-integration-key"),
                new ImageRequest("A red fox in fresh snow", AspectRatio.CINEMA_21_9, "oil painting", 1));

        GeneratedImage image = result.images().get(0);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));
        assertThat(decoded.getWidth()).isEqualTo(image.width()).isEqualTo(fake.sizeOf("21:9")[0]);
        assertThat(decoded.getHeight()).isEqualTo(image.height()).isEqualTo(fake.sizeOf("21:9")[1]);
        assertThat(result.aspectRatioEmulated()).isFalse();
        FakeGeminiApi.Recorded request = fake.lastRequest();
        assertThat(request.path()).isEqualTo("/v1beta/models/gemini-3-pro-image:generateContent");
        assertThat(request.header("x-goog-api-key")).isEqualTo("fake-integration-key");
        assertThat(request.header("x-server-timeout")).isEqualTo("5");
        assertThat(request.json().path("generationConfig").path("imageConfig").path("aspectRatio").asString())
            .isEqualTo("21:9");
    }

    @Test
    void validatesAKeyThroughTheApplicationsProvider() {
        ImageProvider provider = providers.get(ProviderId.GEMINI_API).orElseThrow();

        assertThat(provider.validate(new ProviderCredential.ApiKey("11:gemini-api", "fake-integration-key")).status())
            .isEqualTo(CredentialStatus.VALID);
        assertThat(provider.validate(new ProviderCredential.ApiKey("11:gemini-api", "bad-key")).status())
            .isEqualTo(CredentialStatus.INVALID);
    }

    @Test
    void defaultsToGoogleWithAPinnedVersionAndATimeout() {
        GeminiApiProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("atelier.gemini.api", GeminiApiProperties.class);

        assertThat(defaults.baseUrl()).isEqualTo("https://generativelanguage.googleapis.com");
        assertThat(defaults.model()).isEqualTo("gemini-2.5-flash-image");
        assertThat(defaults.apiVersion()).isEqualTo("v1beta");
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(defaults.clientCacheSize()).isEqualTo(100);
    }

}
