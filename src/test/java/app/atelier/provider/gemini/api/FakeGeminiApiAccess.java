package app.atelier.provider.gemini.api;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The fake Gemini API for tests in other packages (credentials, pages). Every key is good except the special ones
 * of {@link FakeGeminiApi}: {@code bad-key}, {@code forbidden-key}, {@code region-key}, {@code busy-key}…
 */
public final class FakeGeminiApiAccess implements AutoCloseable {

    private final FakeGeminiApi fake = new FakeGeminiApi().start();

    /** What {@code atelier.gemini.api.base-url} must be set to. */
    public String baseUrl() {
        return fake.baseUrl();
    }

    /** Points the application's API adapter at this fake (with a short timeout), from a {@code @DynamicPropertySource}. */
    public void pointApplicationAt(DynamicPropertyRegistry registry) {
        registry.add("atelier.gemini.api.base-url", this::baseUrl);
        registry.add("atelier.gemini.api.timeout", () -> "5s");
    }

    public int requestCount() {
        return fake.requests().size();
    }

    @Override
    public void close() {
        fake.close();
    }

}
