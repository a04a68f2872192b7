package app.atelier.account;

/** A token just created: the only moment its secret value is known. */
public record NewApiToken(ApiToken token, String secret) {
}
