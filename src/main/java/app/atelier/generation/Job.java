package app.atelier.generation;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.ProviderId;
import app.atelier.quota.Reservation;

/** A row of {@code generation_jobs}. */
record Job(long id, long accountId, GenerationStatus status, String prompt, ProviderId provider, AspectRatio aspectRatio,
        @Nullable String style, int count, LocalDate quotaDay, int attempts, @Nullable String leaseOwner,
        @Nullable String errorCode, @Nullable String errorMessage, boolean ratioEmulated, Instant createdAt,
        @Nullable Instant startedAt, @Nullable Instant finishedAt) {

    /** The images held back from the quota when the job was submitted; settled exactly once, when the job ends. */
    Reservation reservation() {
        return new Reservation(accountId, quotaDay, count);
    }

}
