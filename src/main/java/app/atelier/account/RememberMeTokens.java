package app.atelier.account;

import java.util.Date;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.authentication.rememberme.PersistentRememberMeToken;
import org.springframework.security.web.authentication.rememberme.PersistentTokenRepository;
import org.springframework.stereotype.Repository;

/**
 * Persistent remember-me logins (series and token, rotated at each use). Only a hash of each token value is stored;
 * {@link HashingRememberMeServices} hashes the presented cookie the same way before comparing.
 */
@Repository
class RememberMeTokens implements PersistentTokenRepository {

    private final JdbcClient jdbc;

    RememberMeTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void createNewToken(PersistentRememberMeToken token) {
        jdbc.sql("""
                INSERT INTO remember_me_tokens (series, account_id, token_hash, last_used_at)
                SELECT :series, id, :hash, :at FROM accounts WHERE lower(username) = lower(:username)""")
            .param("series", token.getSeries())
            .param("hash", SecretTokens.hash(token.getTokenValue()))
            .param("at", token.getDate().getTime())
            .param("username", token.getUsername())
            .update();
    }

    @Override
    public void updateToken(String series, String tokenValue, Date lastUsed) {
        jdbc.sql("UPDATE remember_me_tokens SET token_hash = :hash, last_used_at = :at WHERE series = :series")
            .param("hash", SecretTokens.hash(tokenValue))
            .param("at", lastUsed.getTime())
            .param("series", series)
            .update();
    }

    @Override
    public @Nullable PersistentRememberMeToken getTokenForSeries(String series) {
        return jdbc.sql("""
                SELECT a.username, t.series, t.token_hash, t.last_used_at
                FROM remember_me_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.series = :series""")
            .param("series", series)
            .query((rs, row) -> new PersistentRememberMeToken(rs.getString("username"), rs.getString("series"),
                    rs.getString("token_hash"), new Date(rs.getLong("last_used_at"))))
            .optional()
            .orElse(null);
    }

    @Override
    public void removeUserTokens(String username) {
        jdbc.sql("DELETE FROM remember_me_tokens WHERE account_id IN (SELECT id FROM accounts WHERE lower(username) = lower(:username))")
            .param("username", username)
            .update();
    }

    void removeAll(long accountId) {
        jdbc.sql("DELETE FROM remember_me_tokens WHERE account_id = :account").param("account", accountId).update();
    }

}
