package app.atelier.provider.gemini.api;

/**
 * {@link FakeGeminiApi} for tests in other packages: a running fake and the base URL to point Atelier at. Its keys
 * behave as the fake says ({@code bad-key} is refused, {@code busy-key} answers 503, most others are good).
 */
public final class FakeGeminiApiHandle implements AutoCloseable {

    private final FakeGeminiApi fake = new FakeGeminiApi().start();

    /** Starts a fake on a free port. */
    public FakeGeminiApiHandle() {
    }

    /** What {@code atelier.gemini.api.base-url} must be set to. */
    public String baseUrl() {
        return fake.baseUrl();
    }

    @Override
    public void close() {
        fake.close();
    }

}
