package app.atelier.account;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Single-use links (password reset, email verification): stored as hashes, valid for a while, spent on first use. */
@Repository
class OneTimeTokens {

    enum Purpose {

        PASSWORD_RESET, EMAIL_VERIFICATION;

        String id() {
            return name().toLowerCase();
        }

    }

    private final JdbcClient jdbc;

    private final Clock clock;

    OneTimeTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Issues a new token and voids any earlier unused one of the same purpose, so only the latest link works. */
    @Transactional
    String issue(long accountId, Purpose purpose, Duration validity) {
        long now = clock.millis();
        jdbc.sql("UPDATE one_time_tokens SET used_at = :now WHERE account_id = :account AND purpose = :purpose AND used_at IS NULL")
            .param("now", now)
            .param("account", accountId)
            .param("purpose", purpose.id())
            .update();
        String token = SecretTokens.generate("");
        jdbc.sql("""
                INSERT INTO one_time_tokens (account_id, purpose, token_hash, created_at, expires_at)
                VALUES (:account, :purpose, :hash, :now, :expires)""")
            .param("account", accountId)
            .param("purpose", purpose.id())
            .param("hash", SecretTokens.hash(token))
            .param("now", now)
            .param("expires", now + validity.toMillis())
            .update();
        return token;
    }

    /** The account a still-valid token belongs to, without spending it. */
    Optional<Long> peek(String token, Purpose purpose) {
        return jdbc.sql("""
                SELECT account_id FROM one_time_tokens
                WHERE token_hash = :hash AND purpose = :purpose AND used_at IS NULL AND expires_at > :now""")
            .param("hash", SecretTokens.hash(token))
            .param("purpose", purpose.id())
            .param("now", clock.millis())
            .query(Long.class)
            .optional();
    }

    /** Spends a token: only one caller ever gets its account, however many try at once. */
    @Transactional
    Optional<Long> consume(String token, Purpose purpose) {
        Optional<Long> account = peek(token, purpose);
        if (account.isEmpty()) {
            return account;
        }
        int spent = jdbc.sql("UPDATE one_time_tokens SET used_at = :now WHERE token_hash = :hash AND used_at IS NULL")
            .param("now", clock.millis())
            .param("hash", SecretTokens.hash(token))
            .update();
        return spent == 1 ? account : Optional.empty();
    }

}
