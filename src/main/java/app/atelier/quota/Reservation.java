package app.atelier.quota;

import java.time.LocalDate;

/**
 * Images held back from an account's daily quota for one job, on the day (in the reset zone) it was submitted. A job
 * stores these three values so that its worker can later {@link Quotas#commit commit} or {@link Quotas#release
 * release} them, even after a restart.
 */
public record Reservation(long accountId, LocalDate day, int images) {

    public Reservation {
        if (images < 1) {
            throw new IllegalArgumentException("A reservation holds at least one image");
        }
    }

}
