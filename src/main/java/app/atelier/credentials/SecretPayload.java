package app.atelier.credentials;

import app.atelier.provider.ProviderCredential;
import app.atelier.provider.ProviderId;

/** The plaintext that gets encrypted: one {@code name=value} line per part of the secret. */
final class SecretPayload {

    private SecretPayload() {
    }

    static String webCookies(String psid, String psidts) {
        return "psid=" + psid + "\npsidts=" + psidts;
    }

    static String apiKey(String apiKey) {
        return "apiKey=" + apiKey;
    }

    static ProviderCredential open(String key, ProviderId provider, String plaintext) {
        String psid = null;
        String psidts = null;
        String apiKey = null;
        for (String line : plaintext.split("\n")) {
            int equals = line.indexOf('=');
            String name = equals < 0 ? line : line.substring(0, equals);
            String value = equals < 0 ? "" : line.substring(equals + 1);
            switch (name) {
                case "psid" -> psid = value;
                case "psidts" -> psidts = value;
                case "apiKey" -> apiKey = value;
                default -> throw new IllegalStateException("Unknown part in a stored credential");
            }
        }
        return switch (provider) {
            case GEMINI_WEB -> new ProviderCredential.WebCookies(key, required(psid), required(psidts));
            case GEMINI_API -> new ProviderCredential.ApiKey(key, required(apiKey));
        };
    }

    private static String required(String value) {
        if (value == null) {
            throw new IllegalStateException("A stored credential misses a part");
        }
        return value;
    }

}
