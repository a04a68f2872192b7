package app.atelier.provider.gemini.web;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.CookieRotator;
import app.atelier.provider.CredentialStatus;
import app.atelier.provider.GenerationResult;
import app.atelier.provider.ImageProvider;
import app.atelier.provider.ImageProviders;
import app.atelier.provider.ImageRequest;
import app.atelier.provider.ProviderCredential.WebCookies;
import app.atelier.provider.ProviderId;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "atelier.gemini.web.rotation-interval=7m")
class GeminiWebIntegrationTests {

    private static final FakeGeminiWeb fake = new FakeGeminiWeb(Clock.systemUTC());

    static {
        fake.account("test-psid-integration", "test-psidts-integration");
    }

    @DynamicPropertySource
    static void pointAtTheFake(DynamicPropertyRegistry registry) {
        fake.springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Autowired
    ImageProviders providers;

    @Test
    void generatesARealImageThroughTheWebClientAgainstTheFake() {
        ImageProvider web = providers.get(ProviderId.GEMINI_WEB).orElseThrow();
        WebCookies cookies = new WebCookies("100:gemini-web", "test-psid-integration", "test-psidts-integration");

        assertThat(web.validate(cookies).status()).isEqualTo(CredentialStatus.VALID);
        GenerationResult result = web.generate(cookies,
                new ImageRequest("a lighthouse at dusk", AspectRatio.PORTRAIT_3_4, "oil painting", 1));

        assertThat(result.images()).singleElement().satisfies(image -> {
            assertThat(image.width()).isEqualTo(768);
            assertThat(image.height()).isEqualTo(1024);
            assertThat(GeminiWebTestSupport.decode(image).getWidth()).isEqualTo(768);
        });
        assertThat(result.aspectRatioEmulated()).isTrue();
    }

    @Test
    void offersCookieRotationAtTheConfiguredInterval() {
        CookieRotator rotator = providers.cookieRotator().orElseThrow();
        WebCookies cookies = new WebCookies("101:gemini-web", "test-psid-integration", "test-psidts-integration");

        assertThat(rotator.rotationInterval()).isEqualTo(Duration.ofMinutes(7));
        assertThat(fake.requests("/accounts/")).isEmpty();
        assertThat(rotator.rotate(cookies).psidts()).startsWith("sidts-");
    }

    @Test
    void defaultsToGooglesHosts() {
        GeminiWebProperties defaults = new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("atelier.gemini.web", GeminiWebProperties.class);

        assertThat(defaults.baseUrl()).hasToString("https://gemini.google.com");
        assertThat(defaults.accountsUrl()).hasToString("https://accounts.google.com");
        assertThat(defaults.cookieDomain()).isEqualTo("google.com");
        assertThat(defaults.allowedImageHosts())
            .isEqualTo(List.of("lh3.googleusercontent.com", "work.fife.usercontent.google.com", "*.googleusercontent.com"));
        assertThat(defaults.rotationInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.idleStreamTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(defaults.callTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.maxImageBytes()).isEqualTo(DataSize.ofMegabytes(25));
        assertThat(defaults.model()).isEqualTo("flash");
    }

}
