package app.atelier.quota;

import java.time.LocalDate;

/** The images delivered to an account on one day, a date in the quota's reset zone. */
public record UsageDay(LocalDate date, int images) {
}
