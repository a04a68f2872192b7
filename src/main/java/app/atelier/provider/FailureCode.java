package app.atelier.provider;

/** The stable failure codes of {@code api-v1.md}; {@link #id()} is what the API shows. */
public enum FailureCode {

    /** The credential is dead (signed out, expired cookies, revoked key): the owner must replace it. */
    CREDENTIALS_EXPIRED,
    /** Google's own limit for this account or key is reached. */
    UPSTREAM_USAGE_LIMIT,
    /** The account, address or region is blocked by Google. */
    UPSTREAM_BLOCKED,
    /** The model answered without an image (text only, or a safety block); the reason carries its words. */
    UPSTREAM_REFUSED,
    /** Anything else the upstream got wrong: 5xx, malformed answers, unknown codes. */
    UPSTREAM_ERROR,
    /** No answer within the configured time. */
    TIMEOUT;

    public String id() {
        return name().toLowerCase();
    }

}
