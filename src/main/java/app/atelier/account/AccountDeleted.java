package app.atelier.account;

/** An account and everything it owned is gone; modules that keep files for it remove them. */
public record AccountDeleted(long accountId) {
}
