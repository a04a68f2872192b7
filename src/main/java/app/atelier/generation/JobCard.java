package app.atelier.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import app.atelier.gallery.Image;
import app.atelier.provider.FailureCode;
import app.atelier.provider.ProviderId;

/**
 * One generation as a card of the generate page shows it. {@code note} tells what a button just did (a cancel); the
 * elapsed time is written like the page's script writes it while it ticks.
 */
record JobCard(Generation generation, @Nullable String styleName, long elapsedMs, @Nullable String note) {

    static final int PROMPT_EXCERPT = 240;

    static JobCard of(Generation generation, @Nullable String styleName, Instant now, @Nullable String note) {
        return new JobCard(generation, styleName, generation.elapsed(now).toMillis(), note);
    }

    public long id() {
        return generation.id();
    }

    public String status() {
        return generation.status().id();
    }

    public String statusLabel() {
        return label(generation.status());
    }

    public boolean finished() {
        return generation.status().terminal();
    }

    public String prompt() {
        String prompt = generation.prompt();
        if (prompt.codePointCount(0, prompt.length()) <= PROMPT_EXCERPT) {
            return prompt;
        }
        return prompt.substring(0, prompt.offsetByCodePoints(0, PROMPT_EXCERPT)).stripTrailing() + "…";
    }

    public String ratio() {
        return generation.aspectRatio().id();
    }

    /** Cropped by the web path; until the job ends, expected of every web job. */
    public boolean ratioEmulated() {
        return finished() ? generation.ratioEmulated() : generation.provider() == ProviderId.GEMINI_WEB;
    }

    public String images() {
        return generation.count() == 1 ? "1 image" : generation.count() + " images";
    }

    public String provider() {
        return generation.provider() == ProviderId.GEMINI_WEB ? "Web cookies" : "API key";
    }

    public List<Image> delivered() {
        return generation.images();
    }

    public @Nullable GenerationError error() {
        return generation.error();
    }

    /** Whether the fix is on the Credentials page. */
    public boolean credentialsExpired() {
        return generation.error() != null && FailureCode.CREDENTIALS_EXPIRED.id().equals(generation.error().code());
    }

    public Instant createdAt() {
        return generation.createdAt();
    }

    public String elapsed() {
        return elapsed(elapsedMs, finished());
    }

    /** "4.2 s" (at least "0.1 s") for a finished job under ten seconds, whole seconds while it runs, "2 min 05 s" past a minute. */
    static String elapsed(long millis, boolean exact) {
        Duration duration = Duration.ofMillis(Math.max(0, millis));
        if (duration.toSeconds() < 60) {
            if (exact && duration.toSeconds() < 10) {
                long tenths = Math.max(1, duration.toMillis() / 100);
                return "%d.%d s".formatted(tenths / 10, tenths % 10);
            }
            return duration.toSeconds() + " s";
        }
        return "%d min %02d s".formatted(duration.toMinutes(), duration.toSecondsPart());
    }

    static String label(GenerationStatus status) {
        return switch (status) {
            case QUEUED -> "Queued";
            case RUNNING -> "Generating";
            case SUCCEEDED -> "Done";
            case FAILED -> "Failed";
            case CANCELLED -> "Cancelled";
        };
    }

}
