package app.atelier.provider;

/**
 * A user's decrypted secret for one upstream. It lives only in local variables for the length of one call, and its
 * {@code toString} never shows the secret.
 */
public sealed interface ProviderCredential {

    /**
     * Identifies the stored credential (e.g. {@code "42:gemini-web"}), so per-credential state such as the cookie jar
     * and the rotation guard is never shared between users.
     */
    String key();

    ProviderId provider();

    /** The Gemini web app's cookies {@code __Secure-1PSID} and {@code __Secure-1PSIDTS}. */
    record WebCookies(String key, String psid, String psidts) implements ProviderCredential {

        @Override
        public ProviderId provider() {
            return ProviderId.GEMINI_WEB;
        }

        @Override
        public String toString() {
            return "WebCookies[key=" + key + ", redacted]";
        }

    }

    /** An official Gemini API key. */
    record ApiKey(String key, String apiKey) implements ProviderCredential {

        @Override
        public ProviderId provider() {
            return ProviderId.GEMINI_API;
        }

        @Override
        public String toString() {
            return "ApiKey[key=" + key + ", redacted]";
        }

    }

}
