package app.atelier.gallery;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import app.atelier.storage.ImageStore;
import app.atelier.storage.StoredBlob;
import app.atelier.web.FieldProblem;
import app.atelier.web.Problem;
import app.atelier.web.PublicUrl;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Public links to single images. A token is 256 random bits, so links cannot be guessed; sharing again replaces the
 * link (the old one stops working), unsharing deletes it, and an expired link answers like one that never existed.
 * The token is kept as it is, because it is the link the owner sees on the image; it opens that one image only.
 */
@Component
class ShareLinks {

    static final int MAX_DAYS = 3650;

    private static final int TOKEN_BYTES = 32;

    private final JdbcClient jdbc;

    private final ImageStore store;

    private final PublicUrl publicUrl;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    ShareLinks(JdbcClient jdbc, ImageStore store, PublicUrl publicUrl, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** Shares the owner's image (replacing an earlier link); 404 for anyone else's. */
    @Transactional
    ShareLink share(long accountId, long imageId, @Nullable Integer expiresInDays) {
        if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_DAYS)) {
            String message = "expiresInDays must be between 1 and " + MAX_DAYS + ", or left out for a link that does not expire.";
            throw Problem.validation(message, List.of(new FieldProblem("expiresInDays", message)));
        }
        requireOwned(accountId, imageId);
        Instant now = clock.instant();
        Instant expiresAt = expiresInDays == null ? null : now.plus(Duration.ofDays(expiresInDays));
        String token = newToken();
        jdbc.sql("DELETE FROM image_shares WHERE image_id = :image").param("image", imageId).update();
        jdbc.sql("INSERT INTO image_shares (image_id, account_id, token, created_at, expires_at) VALUES (:image, :account, :token, :now, :expires)")
            .param("image", imageId)
            .param("account", accountId)
            .param("token", token)
            .param("now", now.toEpochMilli())
            .param("expires", expiresAt == null ? null : expiresAt.toEpochMilli())
            .update();
        return new ShareLink(url(token), expiresAt);
    }

    /** Stops the owner's image's link at once; fine when it was not shared; 404 for anyone else's image. */
    @Transactional
    void unshare(long accountId, long imageId) {
        requireOwned(accountId, imageId);
        jdbc.sql("DELETE FROM image_shares WHERE image_id = :image AND account_id = :account")
            .param("image", imageId)
            .param("account", accountId)
            .update();
    }

    /** The link of the owner's image while it works. */
    Optional<ShareLink> linkOf(long accountId, long imageId) {
        return jdbc.sql("SELECT token, expires_at FROM image_shares WHERE image_id = :image AND account_id = :account AND (expires_at IS NULL OR expires_at > :now)")
            .param("image", imageId)
            .param("account", accountId)
            .param("now", clock.millis())
            .query((row, n) -> {
                long expires = row.getLong("expires_at");
                Instant expiresAt = row.wasNull() ? null : Instant.ofEpochMilli(expires);
                return new ShareLink(url(row.getString("token")), expiresAt);
            })
            .optional();
    }

    /** What a working link shows; empty for unknown, revoked and expired tokens alike. */
    Optional<SharedImage> open(String token) {
        if (token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT i.prompt, i.width, i.height, i.mime_type, i.storage_key, s.token
                FROM image_shares s JOIN images i ON i.id = s.image_id
                WHERE s.token = :token AND (s.expires_at IS NULL OR s.expires_at > :now)""")
            .param("token", token)
            .param("now", clock.millis())
            .query((row, n) -> new SharedImage(row.getString("token"), row.getString("prompt"), row.getInt("width"),
                    row.getInt("height"), row.getString("mime_type"), row.getString("storage_key")))
            .optional();
    }

    Optional<StoredBlob> bytes(SharedImage image) {
        return store.open(image.storageKey());
    }

    private void requireOwned(long accountId, long imageId) {
        boolean owned = jdbc.sql("SELECT COUNT(*) FROM images WHERE id = :image AND account_id = :account")
            .param("image", imageId)
            .param("account", accountId)
            .query(Integer.class)
            .single() > 0;
        if (!owned) {
            throw Problem.notFound();
        }
    }

    private String url(String token) {
        return publicUrl.of("/s/" + token);
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A shared image as the public page shows it: nothing about its owner. */
    record SharedImage(String token, String prompt, int width, int height, String mimeType, String storageKey) {

        /** Public, so that the page template can call it. */
        public String imagePath() {
            return "/s/" + token + "/image";
        }

    }

}
