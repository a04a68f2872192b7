package app.atelier.generation;

import java.util.Arrays;
import java.util.Optional;

/** Where a generation is: queued → running → succeeded | failed | cancelled. */
public enum GenerationStatus {

    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** As written in the API and the database. */
    public String id() {
        return name().toLowerCase();
    }

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    static GenerationStatus of(String id) {
        return valueOf(id.toUpperCase());
    }

    /** The status written as {@code id} in the API, if there is one. */
    static Optional<GenerationStatus> find(String id) {
        return Arrays.stream(values()).filter(status -> status.id().equals(id)).findFirst();
    }

}
