package app.atelier.gallery;

import org.jspecify.annotations.Nullable;

import app.atelier.storage.StoredImage;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Rows that images need beside them (an account, a generation job), written with plain SQL. */
final class GalleryRows {

    private GalleryRows() {
    }

    static long account(JdbcClient jdbc, String username) {
        jdbc.sql("INSERT INTO accounts (username, email, password_hash, created_at) VALUES (:username, :email, 'hash', 0)")
            .param("username", username)
            .param("email", username + "@example.com")
            .update();
        return jdbc.sql("SELECT id FROM accounts WHERE username = :username").param("username", username).query(Long.class).single();
    }

    /** A finished generation job of the account, for the images' {@code generation_id}. */
    static long job(JdbcClient jdbc, long accountId, String prompt) {
        return job(jdbc, accountId, prompt, null, "1:1", "gemini-api");
    }

    /** A finished generation job of the account with the parameters its images copy. */
    static long job(JdbcClient jdbc, long accountId, String prompt, @Nullable String style, String aspectRatio, String provider) {
        jdbc.sql("""
                INSERT INTO generation_jobs (account_id, status, prompt, provider, aspect_ratio, style, count, quota_day, created_at)
                VALUES (:account, 'succeeded', :prompt, :provider, :ratio, :style, 1, '2026-03-10', 0)""")
            .param("account", accountId)
            .param("prompt", prompt)
            .param("provider", provider)
            .param("ratio", aspectRatio)
            .param("style", style)
            .update();
        return jdbc.sql("SELECT MAX(id) FROM generation_jobs WHERE account_id = :account")
            .param("account", accountId)
            .query(Long.class)
            .single();
    }

    static NewImage newImage(JdbcClient jdbc, long accountId, StoredImage stored) {
        String prompt = "a lighthouse at dusk";
        return new NewImage(accountId, job(jdbc, accountId, prompt), stored, prompt, "cinematic-photo", "1:1", "gemini-api");
    }

}
