package app.atelier.provider.gemini.web;

import java.time.Clock;
import java.util.Map;

/** The fake Gemini web app for tests in other packages (credentials, pages): only what they need of it. */
public final class FakeGeminiWebAccess implements AutoCloseable {

    private final FakeGeminiWeb fake = new FakeGeminiWeb(Clock.systemUTC());

    /** The {@code atelier.gemini.web.*} properties that point the application at this fake. */
    public Map<String, String> springProperties() {
        return fake.springProperties();
    }

    /** A signed-in Google account with these cookie values; any other values count as signed out. */
    public void account(String psid, String psidts) {
        fake.account(psid, psidts);
    }

    /** A signed-in account whose Gemini access has this account status (1060: region not supported). */
    public void account(String psid, String psidts, int status) {
        fake.account(psid, psidts).status(status);
    }

    /** Google's pages answer 500 until {@link #up()}. */
    public void down() {
        fake.pageMode(FakeGeminiWeb.PageMode.SERVER_ERROR);
    }

    public void up() {
        fake.pageMode(FakeGeminiWeb.PageMode.NORMAL);
    }

    public int requestCount() {
        return fake.requests().size();
    }

    @Override
    public void close() {
        fake.close();
    }

}
