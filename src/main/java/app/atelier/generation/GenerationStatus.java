package app.atelier.generation;

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

}
