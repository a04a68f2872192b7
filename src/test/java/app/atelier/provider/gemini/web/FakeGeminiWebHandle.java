package app.atelier.provider.gemini.web;

import java.time.Clock;
import java.util.Map;

/**
 * {@link FakeGeminiWeb} for tests in other packages (the credentials pages, say): a running fake, Google accounts
 * signed in and out, and the properties that point Atelier at it.
 */
public final class FakeGeminiWebHandle implements AutoCloseable {

    private final FakeGeminiWeb fake = new FakeGeminiWeb(Clock.systemUTC());

    /** Starts a fake on a free port. */
    public FakeGeminiWebHandle() {
    }

    /** A Google account whose {@code __Secure-1PSID} and {@code __Secure-1PSIDTS} are these. */
    public void signIn(String psid, String psidts) {
        fake.account(psid, psidts);
    }

    /** Google ends the account's session, as after a sign-out: copies of its cookies stop working at once. */
    public void signOut(String psid) {
        fake.account(psid, "signed-out-" + System.nanoTime());
    }

    /** Spring properties that send every Gemini web request to this fake. */
    public Map<String, String> springProperties() {
        return fake.springProperties();
    }

    @Override
    public void close() {
        fake.close();
    }

}
