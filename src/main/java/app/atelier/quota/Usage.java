package app.atelier.quota;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Where an account stands today. {@code usedToday} counts delivered images and those still reserved by running jobs,
 * so {@code usedToday + remainingToday == dailyLimit} unless an admin lowered the limit below what was already used.
 * {@code tier} is the tier whose limits apply ({@code free} for a tier that is not configured); {@code resetZone} is
 * the time zone whose midnight ends the day ({@code atelier.quota.reset-zone}).
 */
public record Usage(String tier, int dailyLimit, int usedToday, int remainingToday, Instant resetsAt, int perMinuteLimit,
        ZoneId resetZone) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    /** When the quota resets, as people read it: {@code 00:00 UTC}, {@code 00:00 Europe/Berlin}. */
    public String resetTime() {
        return time(resetsAt, resetZone);
    }

    static String time(Instant instant, ZoneId zone) {
        return TIME.format(instant.atZone(zone)) + " " + zone.getId();
    }

}
