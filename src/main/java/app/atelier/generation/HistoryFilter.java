package app.atelier.generation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/** The status filters of the history page, as its {@code status} parameter names them. */
enum HistoryFilter {

    ALL("all", "All", "generations", EnumSet.noneOf(GenerationStatus.class)),
    SUCCEEDED("succeeded", "Succeeded", "generations that succeeded", EnumSet.of(GenerationStatus.SUCCEEDED)),
    FAILED("failed", "Failed", "failed generations", EnumSet.of(GenerationStatus.FAILED)),
    CANCELLED("cancelled", "Cancelled", "cancelled generations", EnumSet.of(GenerationStatus.CANCELLED)),
    IN_PROGRESS("in-progress", "In progress", "generations in progress", EnumSet.of(GenerationStatus.QUEUED, GenerationStatus.RUNNING));

    private final String id;

    private final String label;

    private final String noun;

    private final Set<GenerationStatus> statuses;

    HistoryFilter(String id, String label, String noun, Set<GenerationStatus> statuses) {
        this.id = id;
        this.label = label;
        this.noun = noun;
        this.statuses = statuses;
    }

    /** The filter a {@code status} parameter names; anything else shows everything. */
    static HistoryFilter of(@Nullable String id) {
        return Arrays.stream(values()).filter(filter -> filter.id.equals(id)).findFirst().orElse(ALL);
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** What the page says when this filter matches nothing: "No failed generations." */
    public String emptyMessage() {
        return "No " + noun + ".";
    }

    /** The history page with this filter; the default needs no parameter. */
    public String href() {
        return this == ALL ? "/history" : "/history?status=" + id;
    }

    /** The page after the one whose cursor this is, with the same filter. */
    public String href(String cursor) {
        return href() + (this == ALL ? "?" : "&") + "cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    Set<GenerationStatus> statuses() {
        return statuses;
    }

}
