package app.atelier.gallery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import app.atelier.platform.Dialect;
import app.atelier.web.PublicUrl;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Image rows in SQL; every read takes the owner's id. */
@Repository
class ImageRepository {

    /** Every image column, with the image's share link (if any) from a left join; {@code i} is the images row. */
    static final String COLUMNS = """
            i.id, i.account_id, i.generation_id, i.storage_key, i.thumbnail_key, i.mime_type, i.bytes, i.width, i.height,
            i.prompt, i.style, i.aspect_ratio, i.provider, i.created_at, i.favourite, s.token AS share_token,
            s.expires_at AS share_expires_at""";

    static final String FROM = " FROM images i LEFT JOIN image_shares s ON s.image_id = i.id ";

    /** The most ranked matches the detail view looks through for an image's neighbours in best-match order. */
    static final int MAX_RANKED = 5000;

    private final JdbcClient jdbc;

    private final PublicUrl publicUrl;

    private final Clock clock;

    /** PostgreSQL searches a tsvector column; SQLite an FTS5 table. */
    private final boolean postgres;

    /** FTS5's rank is better when lower, PostgreSQL's ts_rank when higher; ties newest first. */
    private final String bestMatchFirst;

    ImageRepository(JdbcClient jdbc, PublicUrl publicUrl, Clock clock, Dialect dialect) {
        this.jdbc = jdbc;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.postgres = dialect.postgres();
        this.bestMatchFirst = "ORDER BY score " + (postgres ? "DESC" : "ASC") + ", i.id DESC";
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
        long id = keys.getKeyAs(Number.class).longValue();
        if (!postgres) {
            jdbc.sql("INSERT INTO images_search (rowid, words) VALUES (:id, :words)")
                .param("id", id)
                .param("words", PromptSearch.indexedWords(image.accountId(), image.prompt()))
                .update();
        }
        return id;
    }

    Optional<StoredRow> find(long accountId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + FROM + "WHERE i.id = :id AND i.account_id = :account")
            .param("id", id)
            .param("account", accountId)
            .query(this::map)
            .optional();
    }

    /** The images of some of the owner's generations, oldest first: one query, however many generations. */
    List<StoredRow> ofGenerations(long accountId, Collection<Long> generationIds) {
        if (generationIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + FROM + "WHERE i.account_id = :account AND i.generation_id IN (:generations) ORDER BY i.id")
            .param("account", accountId)
            .param("generations", generationIds)
            .query(this::map)
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

    /** Marks or unmarks one of the owner's images as a favourite; false when the owner has no such image. */
    boolean setFavourite(long accountId, long id, boolean favourite) {
        return jdbc.sql("UPDATE images SET favourite = :favourite WHERE id = :id AND account_id = :account")
            .param("favourite", favourite)
            .param("id", id)
            .param("account", accountId)
            .update() == 1;
    }

    /** One page of the owner's images matching the query, newest first (or best match first when asked). */
    List<StoredRow> list(long accountId, ImageQuery query, ImageCursor cursor, int limit) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder sql = matching(accountId, query, COLUMNS, params);
        params.put("limit", limit);
        // On SQLite a search orders by the index's own rowid, so that the index hands over matches newest first
        String id = PromptSearch.of(query.q()).isPresent() && !postgres ? "f.rowid" : "i.id";
        if (PromptSearch.of(query.q()).isPresent() && query.bestMatchFirst()) {
            sql.append("AND ").append(id).append(" <= :snapshot ").append(bestMatchFirst).append(" LIMIT :limit OFFSET :offset");
            params.put("snapshot", cursor.snapshot());
            params.put("offset", cursor.offset());
        }
        else if (ordersByDate(query)) {
            // keyset on (created_at, id): the index on (account_id, created_at, id) then reads the range itself, where
            // walking down the ids would first pass every newer image
            sql.append("AND (i.created_at, i.id) < (:beforeCreated, :before) ")
                .append("ORDER BY i.created_at DESC, i.id DESC LIMIT :limit");
            params.put("beforeCreated", cursor.beforeCreated());
            params.put("before", cursor.before());
        }
        else {
            sql.append("AND ").append(id).append(" < :before ORDER BY ").append(id).append(" DESC LIMIT :limit");
            params.put("before", cursor.before());
        }
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    /** A date range without a search pages by creation time (newest first still), so the range index does the work. */
    static boolean ordersByDate(ImageQuery query) {
        return (query.from() != null || query.to() != null) && PromptSearch.of(query.q()).isEmpty();
    }

    /**
     * The ids listed just before and just after an image in the owner's listing for the query. Newest first, these are
     * the next newer and the next older match; best match first, they come from the ranked ids of all matches (at most
     * {@value #MAX_RANKED}), so an image past that rank, or one the query does not match, has no neighbours there.
     */
    ImageNeighbours neighbours(long accountId, ImageQuery query, long id) {
        if (PromptSearch.of(query.q()).isPresent() && query.bestMatchFirst()) {
            Map<String, Object> params = new HashMap<>();
            StringBuilder sql = matching(accountId, query, "i.id", params).append(bestMatchFirst).append(" LIMIT ").append(MAX_RANKED);
            List<Long> ranked = jdbc.sql(sql.toString()).params(params).query((row, n) -> row.getLong("id")).list();
            int at = ranked.indexOf(id);
            if (at < 0) {
                return new ImageNeighbours(null, null);
            }
            return new ImageNeighbours(at == 0 ? null : ranked.get(at - 1), at == ranked.size() - 1 ? null : ranked.get(at + 1));
        }
        return new ImageNeighbours(adjacent(accountId, query, id, "i.id > :id ORDER BY i.id ASC"),
                adjacent(accountId, query, id, "i.id < :id ORDER BY i.id DESC"));
    }

    private @Nullable Long adjacent(long accountId, ImageQuery query, long id, String condition) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder sql = matching(accountId, query, "i.id", params).append("AND ").append(condition).append(" LIMIT 1");
        params.put("id", id);
        return jdbc.sql(sql.toString()).params(params).query((row, n) -> row.getLong("id")).optional().orElse(null);
    }

    /**
     * {@code SELECT columns} (and the search's {@code score}) of the owner's images matching the query's search and
     * filters; the caller appends further {@code AND} conditions, the order and the limit.
     */
    private StringBuilder matching(long accountId, ImageQuery query, String columns, Map<String, Object> params) {
        StringBuilder sql = new StringBuilder("SELECT ").append(columns);
        params.put("account", accountId);
        Optional<PromptSearch> search = PromptSearch.of(query.q());
        if (search.isPresent() && postgres) {
            // The query is a literal, not a parameter: a server-side prepared statement's generic plan cannot see how
            // common the words are, and chose to read every match of a common word and sort them (seconds at scale).
            String tsquery = "to_tsquery('simple', '" + search.get().tsquery().replace("'", "''") + "')";
            sql.append(", ts_rank(i.prompt_search, ").append(tsquery).append(") AS score").append(FROM)
                .append("WHERE i.account_id = :account AND i.prompt_search @@ ").append(tsquery).append(' ');
        }
        else if (search.isPresent()) {
            // CROSS JOIN keeps the index outer, so it hands over matches newest first (ORDER BY its rowid) and stops
            // after a page; the other order ran the whole MATCH once for every image of the owner.
            sql.append(", f.rank AS score FROM images_search f CROSS JOIN images i LEFT JOIN image_shares s ON s.image_id = i.id ")
                .append("WHERE images_search MATCH :match AND i.id = f.rowid AND i.account_id = :account ");
            params.put("match", search.get().fts5Match(accountId));
        }
        else {
            sql.append(FROM).append("WHERE i.account_id = :account ");
        }
        filters(query, sql, params);
        return sql;
    }

    /** The newest image id of the owner, for the snapshot of a best-match listing. */
    long newestId(long accountId) {
        return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM images WHERE account_id = :account")
            .param("account", accountId)
            .query(Long.class)
            .single();
    }

    private static void filters(ImageQuery query, StringBuilder sql, Map<String, Object> params) {
        if (query.style() != null) {
            sql.append("AND i.style = :style ");
            params.put("style", query.style());
        }
        if (query.aspectRatio() != null) {
            sql.append("AND i.aspect_ratio = :ratio ");
            params.put("ratio", query.aspectRatio());
        }
        if (query.provider() != null) {
            sql.append("AND i.provider = :provider ");
            params.put("provider", query.provider());
        }
        if (query.favourites()) {
            sql.append("AND i.favourite = :favourite ");
            params.put("favourite", true);
        }
        if (query.from() != null) {
            sql.append("AND i.created_at >= :from ");
            params.put("from", query.from().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        }
        if (query.to() != null) {
            sql.append("AND i.created_at < :to ");
            params.put("to", query.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        }
    }

    StoredRow map(ResultSet row, int number) throws SQLException {
        long generation = row.getLong("generation_id");
        Long generationId = row.wasNull() ? null : generation;
        String shareToken = row.getString("share_token");
        long shareExpires = row.getLong("share_expires_at");
        boolean shareLive = shareToken != null && (row.wasNull() || shareExpires > clock.millis());
        Image image = new Image(row.getLong("id"), row.getLong("account_id"), generationId, row.getString("prompt"),
                row.getString("style"), row.getString("aspect_ratio"), row.getString("provider"), row.getInt("width"),
                row.getInt("height"), row.getString("mime_type"), row.getLong("bytes"),
                Instant.ofEpochMilli(row.getLong("created_at")), row.getBoolean("favourite"),
                shareLive ? publicUrl.of("/s/" + shareToken) : null);
        return new StoredRow(image, row.getString("storage_key"), row.getString("thumbnail_key"));
    }

    /** An image with the store keys of its bytes and thumbnail, which never leave this package. */
    record StoredRow(Image image, String storageKey, String thumbnailKey) {
    }

}
