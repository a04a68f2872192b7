package app.atelier.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Accounts in SQL. Logins and emails compare case-insensitively, matching the unique indexes on lower(). */
@Repository
class AccountRepository {

    private static final String COLUMNS = """
            id, username, email, role, tier, enabled, approved, email_verified, created_at, last_login_at""";

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts an account; the very first one becomes an admin and needs no approval, in the same statement. */
    Account insert(String username, String email, String passwordHash, boolean approved, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO accounts (username, email, password_hash, role, approved, created_at)
                SELECT :username, :email, :passwordHash,
                       CASE WHEN EXISTS (SELECT 1 FROM accounts) THEN 'user' ELSE 'admin' END,
                       CASE WHEN EXISTS (SELECT 1 FROM accounts) THEN :approved ELSE TRUE END,
                       :now""")
            .param("username", username)
            .param("email", email)
            .param("passwordHash", passwordHash)
            .param("approved", approved)
            .param("now", now.toEpochMilli())
            .update(keys, "id");
        return findById(keys.getKeyAs(Number.class).longValue()).orElseThrow();
    }

    Optional<Account> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id = :id").param("id", id).query(AccountRepository::map).optional();
    }

    Optional<Account> findByLogin(String login) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE lower(username) = lower(:login) OR lower(email) = lower(:login)")
            .param("login", login)
            .query(AccountRepository::map)
            .optional();
    }

    Optional<Account> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE lower(username) = lower(:username)")
            .param("username", username)
            .query(AccountRepository::map)
            .optional();
    }

    Optional<Account> findByEmail(String email) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE lower(email) = lower(:email)")
            .param("email", email)
            .query(AccountRepository::map)
            .optional();
    }

    boolean usernameExists(String username) {
        return findByUsername(username).isPresent();
    }

    boolean emailExists(String email, long exceptId) {
        return jdbc.sql("SELECT COUNT(*) FROM accounts WHERE lower(email) = lower(:email) AND id <> :id")
            .param("email", email)
            .param("id", exceptId)
            .query(Long.class)
            .single() > 0;
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM accounts").query(Long.class).single();
    }

    List<Account> findAdmins() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE role = 'admin' AND enabled = TRUE ORDER BY id")
            .query(AccountRepository::map)
            .list();
    }

    List<Account> findPendingApproval() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE approved = FALSE ORDER BY created_at, id")
            .query(AccountRepository::map)
            .list();
    }

    boolean approve(long id) {
        return jdbc.sql("UPDATE accounts SET approved = TRUE WHERE id = :id AND approved = FALSE").param("id", id).update() == 1;
    }

    @Nullable String passwordHash(long id) {
        return jdbc.sql("SELECT password_hash FROM accounts WHERE id = :id").param("id", id).query(String.class).optional().orElse(null);
    }

    void updatePasswordHash(long id, String passwordHash) {
        jdbc.sql("UPDATE accounts SET password_hash = :hash WHERE id = :id").param("hash", passwordHash).param("id", id).update();
    }

    void updateEmail(long id, String email) {
        jdbc.sql("UPDATE accounts SET email = :email, email_verified = FALSE WHERE id = :id")
            .param("email", email)
            .param("id", id)
            .update();
    }

    void markEmailVerified(long id) {
        jdbc.sql("UPDATE accounts SET email_verified = TRUE WHERE id = :id").param("id", id).update();
    }

    void recordLogin(long id, Instant at) {
        jdbc.sql("UPDATE accounts SET last_login_at = :at WHERE id = :id").param("at", at.toEpochMilli()).param("id", id).update();
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM accounts WHERE id = :id").param("id", id).update();
    }

    static Account map(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("username"), rs.getString("email"), Role.of(rs.getString("role")),
                rs.getString("tier"), rs.getBoolean("enabled"), rs.getBoolean("approved"), rs.getBoolean("email_verified"),
                Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "last_login_at"));
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

}
