package app.atelier.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import app.atelier.provider.gemini.api.FakeGeminiApiAccess;
import app.atelier.provider.gemini.web.FakeGeminiWebServer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fake Gemini web app and a fake Gemini API for one test class, closed when the class is done. Register it as a
 * {@code static} {@code @RegisterExtension} field and point the application at it from the class's
 * {@code @DynamicPropertySource}. Each class gets its own pair: tests sign cookies in and out of their fake, and one
 * class must never close a fake that another still uses.
 */
public final class FakeUpstreams implements AfterAllCallback {

    private final FakeGeminiWebServer web = FakeGeminiWebServer.start();

    private final FakeGeminiApiAccess api = new FakeGeminiApiAccess();

    public FakeGeminiWebServer web() {
        return web;
    }

    public FakeGeminiApiAccess api() {
        return api;
    }

    public void pointApplicationAt(DynamicPropertyRegistry registry) {
        web.pointApplicationAt(registry);
        api.pointApplicationAt(registry);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        web.close();
        api.close();
    }

}
