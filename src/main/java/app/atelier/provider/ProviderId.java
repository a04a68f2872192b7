package app.atelier.provider;

import java.util.Arrays;
import java.util.Optional;

/** The upstreams a user can bring credentials for; {@link #id()} is the name used in the API and the database. */
public enum ProviderId {

    GEMINI_WEB("gemini-web"), GEMINI_API("gemini-api");

    private final String id;

    ProviderId(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<ProviderId> of(String id) {
        return Arrays.stream(values()).filter(provider -> provider.id.equals(id)).findFirst();
    }

}
