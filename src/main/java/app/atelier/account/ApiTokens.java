package app.atelier.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import app.atelier.web.FieldProblem;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

/** Personal API tokens: shown once, stored as SHA-256 hashes, optionally expiring, revoked at once. */
@Service
public class ApiTokens {

    static final String PREFIX = "atl_";

    static final int MAX_NAME_LENGTH = 100;

    static final int MAX_EXPIRY_DAYS = 3650;

    /** Writing lastUsedAt on every request would make each API call a write; once a minute is precise enough. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private final JdbcClient jdbc;

    private final Clock clock;

    ApiTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public NewApiToken create(long accountId, @Nullable String name, @Nullable Integer expiresInDays) {
        String cleanName = name == null || name.isBlank() ? "API token" : name.strip();
        if (cleanName.length() > MAX_NAME_LENGTH) {
            throw Problem.validation("The token could not be created.",
                    List.of(new FieldProblem("name", "Use at most " + MAX_NAME_LENGTH + " characters.")));
        }
        if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_EXPIRY_DAYS)) {
            throw Problem.validation("The token could not be created.",
                    List.of(new FieldProblem("expiresInDays", "Choose between 1 and " + MAX_EXPIRY_DAYS + " days, or leave it out for no expiry.")));
        }
        Instant now = Instant.ofEpochMilli(clock.millis());
        Instant expiresAt = expiresInDays == null ? null : now.plus(Duration.ofDays(expiresInDays));
        String secret = SecretTokens.generate(PREFIX);
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO api_tokens (account_id, name, token_hash, created_at, expires_at)
                VALUES (:account, :name, :hash, :now, :expires)""")
            .param("account", accountId)
            .param("name", cleanName)
            .param("hash", SecretTokens.hash(secret))
            .param("now", now.toEpochMilli())
            .param("expires", expiresAt == null ? null : expiresAt.toEpochMilli())
            .update(keys, "id");
        return new NewApiToken(new ApiToken(keys.getKeyAs(Number.class).longValue(), cleanName, now, expiresAt, null), secret);
    }

    public List<ApiToken> list(long accountId) {
        return jdbc.sql("""
                SELECT id, name, created_at, expires_at, last_used_at FROM api_tokens
                WHERE account_id = :account ORDER BY created_at DESC, id DESC""")
            .param("account", accountId)
            .query(ApiTokens::map)
            .list();
    }

    /** Revokes one of the owner's tokens; another user's token id answers {@code not_found}. */
    public void revoke(long accountId, long tokenId) {
        int deleted = jdbc.sql("DELETE FROM api_tokens WHERE id = :id AND account_id = :account")
            .param("id", tokenId)
            .param("account", accountId)
            .update();
        if (deleted == 0) {
            throw Problem.notFound();
        }
    }

    /** The owner of a presented token when it is known, unexpired and its account enabled. */
    Optional<SignedInUser> authenticate(String secret) {
        if (!secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        long now = clock.millis();
        String hash = SecretTokens.hash(secret);
        Optional<SignedInUser> user = jdbc.sql("""
                SELECT a.id, a.username, a.role, a.enabled FROM api_tokens t JOIN accounts a ON a.id = t.account_id
                WHERE t.token_hash = :hash AND (t.expires_at IS NULL OR t.expires_at > :now) AND a.enabled = TRUE""")
            .param("hash", hash)
            .param("now", now)
            .query((rs, row) -> new SignedInUser(rs.getLong("id"), rs.getString("username"), "admin".equals(rs.getString("role")),
                    rs.getBoolean("enabled"), null))
            .optional();
        if (user.isPresent()) {
            jdbc.sql("""
                    UPDATE api_tokens SET last_used_at = :now
                    WHERE token_hash = :hash AND (last_used_at IS NULL OR last_used_at < :stale)""")
                .param("now", now)
                .param("hash", hash)
                .param("stale", now - LAST_USED_PRECISION.toMillis())
                .update();
        }
        return user;
    }

    private static ApiToken map(ResultSet rs, int row) throws SQLException {
        return new ApiToken(rs.getLong("id"), rs.getString("name"), Instant.ofEpochMilli(rs.getLong("created_at")),
                AccountRepository.instant(rs, "expires_at"), AccountRepository.instant(rs, "last_used_at"));
    }

}
