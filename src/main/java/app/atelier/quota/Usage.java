package app.atelier.quota;

import java.time.Instant;

/**
 * Where an account stands today. {@code usedToday} counts delivered images and those still reserved by running jobs,
 * so {@code usedToday + remainingToday == dailyLimit} unless an admin lowered the limit below what was already used.
 * {@code tier} is the tier whose limits apply ({@code free} for a tier that is not configured).
 */
public record Usage(String tier, int dailyLimit, int usedToday, int remainingToday, Instant resetsAt, int perMinuteLimit) {
}
