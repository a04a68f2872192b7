package app.atelier.gallery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Image rows in SQL; every read takes the owner's id. */
@Repository
class ImageRepository {

    static final String COLUMNS = """
            id, account_id, generation_id, storage_key, thumbnail_key, mime_type, bytes, width, height, prompt, style,
            aspect_ratio, provider, created_at""";

    private final JdbcClient jdbc;

    ImageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(NewImage image, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO images (account_id, generation_id, storage_key, thumbnail_key, mime_type, bytes, width, height,
                                    prompt, style, aspect_ratio, provider, created_at)
                VALUES (:account, :generation, :key, :thumbnail, :mime, :bytes, :width, :height, :prompt, :style, :ratio,
                        :provider, :now)""")
            .param("account", image.accountId())
            .param("generation", image.generationId())
            .param("key", image.stored().key())
            .param("thumbnail", image.stored().thumbnailKey())
            .param("mime", image.stored().mimeType())
            .param("bytes", image.stored().size())
            .param("width", image.stored().width())
            .param("height", image.stored().height())
            .param("prompt", image.prompt())
            .param("style", image.style())
            .param("ratio", image.aspectRatio())
            .param("provider", image.provider())
            .param("now", now.toEpochMilli())
            .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    Optional<StoredRow> find(long accountId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM images WHERE id = :id AND account_id = :account")
            .param("id", id)
            .param("account", accountId)
            .query(ImageRepository::map)
            .optional();
    }

    /** The owner's latest images, newest first. */
    List<StoredRow> recent(long accountId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM images WHERE account_id = :account ORDER BY id DESC LIMIT :limit")
            .param("account", accountId)
            .param("limit", limit)
            .query(ImageRepository::map)
            .list();
    }

    /** The images of some of the owner's generations, oldest first: one query, however many generations. */
    List<StoredRow> ofGenerations(long accountId, Collection<Long> generationIds) {
        if (generationIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM images WHERE account_id = :account AND generation_id IN (:generations) ORDER BY id")
            .param("account", accountId)
            .param("generations", generationIds)
            .query(ImageRepository::map)
            .list();
    }

    boolean delete(long accountId, long id) {
        return jdbc.sql("DELETE FROM images WHERE id = :id AND account_id = :account")
            .param("id", id)
            .param("account", accountId)
            .update() == 1;
    }

    /** Whether any row, of any account, points at these bytes (content addresses are shared by equal bytes). */
    boolean isReferenced(String storageKey) {
        return jdbc.sql("SELECT COUNT(*) FROM images WHERE storage_key = :key")
            .param("key", storageKey)
            .query(Long.class)
            .single() > 0;
    }

    /** Those of the given image and thumbnail keys that some row of any account points at. */
    Set<String> referencedKeys(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("""
                SELECT storage_key FROM images WHERE storage_key IN (:keys)
                UNION
                SELECT thumbnail_key FROM images WHERE thumbnail_key IN (:keys)""")
            .param("keys", keys)
            .query(String.class)
            .list());
    }

    static StoredRow map(ResultSet row, int number) throws SQLException {
        long generation = row.getLong("generation_id");
        Long generationId = row.wasNull() ? null : generation;
        Image image = new Image(row.getLong("id"), row.getLong("account_id"), generationId, row.getString("prompt"),
                row.getString("style"), row.getString("aspect_ratio"), row.getString("provider"), row.getInt("width"),
                row.getInt("height"), row.getString("mime_type"), row.getLong("bytes"),
                Instant.ofEpochMilli(row.getLong("created_at")));
        return new StoredRow(image, row.getString("storage_key"), row.getString("thumbnail_key"));
    }

    /** An image with the store keys of its bytes and thumbnail, which never leave this package. */
    record StoredRow(Image image, String storageKey, String thumbnailKey) {
    }

}
