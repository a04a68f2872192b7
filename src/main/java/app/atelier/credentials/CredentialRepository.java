package app.atelier.credentials;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import app.atelier.provider.ProviderId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Credentials in SQL; every read of a user's credential takes the owner's id. */
@Repository
class CredentialRepository {

    private static final String COLUMNS = """
            id, account_id, provider, ciphertext, hint, status, status_detail, last_verified_at, last_used_at, last_rotated_at,
            created_at, updated_at""";

    private final JdbcClient jdbc;

    CredentialRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a freshly validated secret, replacing an earlier one of the same provider; a new expiry will be announced again. */
    void save(long accountId, ProviderId provider, String ciphertext, String hint, String status, String detail, Instant now) {
        jdbc.sql("""
                INSERT INTO credentials (account_id, provider, ciphertext, hint, status, status_detail, last_verified_at, created_at, updated_at)
                VALUES (:account, :provider, :ciphertext, :hint, :status, :detail, :now, :now, :now)
                ON CONFLICT (account_id, provider) DO UPDATE SET
                    ciphertext = excluded.ciphertext, hint = excluded.hint, status = excluded.status,
                    status_detail = excluded.status_detail, last_verified_at = excluded.last_verified_at,
                    last_rotated_at = NULL, expiry_notified_at = NULL, updated_at = excluded.updated_at""")
            .param("account", accountId)
            .param("provider", provider.id())
            .param("ciphertext", ciphertext)
            .param("hint", hint)
            .param("status", status)
            .param("detail", detail)
            .param("now", now.toEpochMilli())
            .update();
    }

    List<StoredCredential> findAll(long accountId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM credentials WHERE account_id = :account ORDER BY provider")
            .param("account", accountId)
            .query(CredentialRepository::map)
            .list();
    }

    Optional<StoredCredential> find(long accountId, ProviderId provider) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM credentials WHERE account_id = :account AND provider = :provider")
            .param("account", accountId)
            .param("provider", provider.id())
            .query(CredentialRepository::map)
            .optional();
    }

    Optional<StoredCredential> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM credentials WHERE id = :id").param("id", id).query(CredentialRepository::map).optional();
    }

    /** Every stored credential, in id order, a page at a time: for the startup check and re-encryption. */
    List<StoredCredential> findPage(long afterId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM credentials WHERE id > :after ORDER BY id LIMIT :limit")
            .param("after", afterId)
            .param("limit", limit)
            .query(CredentialRepository::map)
            .list();
    }

    /** Valid web credentials not rotated since {@code before}, oldest first. */
    List<StoredCredential> findDueForRotation(Instant before, int limit) {
        return jdbc.sql("""
                SELECT %s FROM credentials
                WHERE provider = 'gemini-web' AND status = 'valid'
                  AND COALESCE(last_rotated_at, last_verified_at, created_at) < :before
                ORDER BY COALESCE(last_rotated_at, last_verified_at, created_at) LIMIT :limit""".formatted(COLUMNS))
            .param("before", before.toEpochMilli())
            .param("limit", limit)
            .query(CredentialRepository::map)
            .list();
    }

    void updateStatus(long id, String status, String detail, Instant verifiedAt) {
        jdbc.sql("""
                UPDATE credentials SET status = :status, status_detail = :detail, last_verified_at = :at, updated_at = :at,
                    expiry_notified_at = CASE WHEN :status = 'expired' THEN expiry_notified_at ELSE NULL END
                WHERE id = :id""")
            .param("status", status)
            .param("detail", detail)
            .param("at", verifiedAt.toEpochMilli())
            .param("id", id)
            .update();
    }

    /** Marks a credential dead. True only for the first caller since it was last stored: that one tells the owner. */
    boolean markExpired(long id, String detail, Instant now) {
        jdbc.sql("UPDATE credentials SET status = 'expired', status_detail = :detail, updated_at = :now WHERE id = :id")
            .param("detail", detail)
            .param("now", now.toEpochMilli())
            .param("id", id)
            .update();
        return jdbc.sql("UPDATE credentials SET expiry_notified_at = :now WHERE id = :id AND expiry_notified_at IS NULL")
            .param("now", now.toEpochMilli())
            .param("id", id)
            .update() == 1;
    }

    /**
     * Replaces a ciphertext with another of the same secret (re-encryption), only if the row still holds {@code expected}:
     * a rotation or a new save in between wins. One statement, so each row changes atomically.
     */
    boolean replaceCiphertext(long id, String expected, String ciphertext) {
        return jdbc.sql("UPDATE credentials SET ciphertext = :ciphertext WHERE id = :id AND ciphertext = :expected")
            .param("ciphertext", ciphertext)
            .param("id", id)
            .param("expected", expected)
            .update() == 1;
    }

    /** Writes rotated cookies back; false (nothing written) when the owner replaced the credential meanwhile. */
    boolean recordRotation(long id, String previousCiphertext, String ciphertext, Instant now) {
        return jdbc.sql("""
                UPDATE credentials SET ciphertext = :ciphertext, last_rotated_at = :now, updated_at = :now
                WHERE id = :id AND ciphertext = :previous""")
            .param("ciphertext", ciphertext)
            .param("now", now.toEpochMilli())
            .param("id", id)
            .param("previous", previousCiphertext)
            .update() == 1;
    }

    /** Stamps the use to the minute, like API tokens: a busy credential costs one write a minute, not one per generation. */
    void recordUse(long id, Instant now) {
        jdbc.sql("UPDATE credentials SET last_used_at = :now WHERE id = :id AND (last_used_at IS NULL OR last_used_at <= :minuteAgo)")
            .param("now", now.toEpochMilli())
            .param("minuteAgo", now.minusSeconds(60).toEpochMilli())
            .param("id", id)
            .update();
    }

    boolean delete(long accountId, ProviderId provider) {
        return jdbc.sql("DELETE FROM credentials WHERE account_id = :account AND provider = :provider")
            .param("account", accountId)
            .param("provider", provider.id())
            .update() == 1;
    }

    static StoredCredential map(ResultSet rs, int row) throws SQLException {
        return new StoredCredential(rs.getLong("id"), rs.getLong("account_id"), ProviderId.of(rs.getString("provider")).orElseThrow(),
                rs.getString("ciphertext"), rs.getString("hint"), rs.getString("status"), rs.getString("status_detail"),
                instant(rs, "last_verified_at"), instant(rs, "last_used_at"), instant(rs, "last_rotated_at"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

}
