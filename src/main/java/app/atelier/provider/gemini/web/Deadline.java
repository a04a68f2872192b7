package app.atelier.provider.gemini.web;

import java.time.Duration;

/** The end of one call (a generation or a validation), measured on the monotonic clock. */
final class Deadline {

    private final Duration total;

    private final long end;

    private Deadline(Duration total) {
        this.total = total;
        this.end = System.nanoTime() + total.toNanos();
    }

    static Deadline after(Duration total) {
        return new Deadline(total);
    }

    long remainingNanos() {
        return end - System.nanoTime();
    }

    boolean expired() {
        return remainingNanos() <= 0;
    }

    /** What is left, but at most {@code cap}, and at least a millisecond so an HTTP timeout stays valid. */
    Duration remainingAtMost(Duration cap) {
        return Duration.ofNanos(Math.max(Duration.ofMillis(1).toNanos(), Math.min(remainingNanos(), cap.toNanos())));
    }

    Duration total() {
        return total;
    }

}
