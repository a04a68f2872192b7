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

import org.springframework.beans.factory.annotation.Autowired;
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

    /**
     * Best match first ranks the matches among the owner's newest this many images; older matches follow them, newest
     * first. Ranking scores every ranked match before the first page, so ranking all matches cost a big gallery up to
     * half a second for a common word (docs/benchmarks.md); a window of images, unlike a number of matches, also
     * bounds how far a rare word's matches are looked for.
     */
    static final int RANKED_IMAGES = 2000;

    private final JdbcClient jdbc;

    private final PublicUrl publicUrl;

    private final Clock clock;

    /** PostgreSQL searches a tsvector column; SQLite an FTS5 table. */
    private final boolean postgres;

    private final int rankedImages;

    /** PostgreSQL's table of each owner's words, for searching prefixes as words. */
    private final OwnerWords ownerWords;

    @Autowired
    ImageRepository(JdbcClient jdbc, PublicUrl publicUrl, Clock clock, Dialect dialect) {
        this(jdbc, publicUrl, clock, dialect, RANKED_IMAGES);
    }

    /** With a smaller window of ranked images, for tests that cross from the ranked matches to the rest. */
    ImageRepository(JdbcClient jdbc, PublicUrl publicUrl, Clock clock, Dialect dialect, int rankedImages) {
        this.jdbc = jdbc;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.postgres = dialect.postgres();
        this.rankedImages = rankedImages;
        this.ownerWords = new OwnerWords(jdbc);
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
        if (postgres) {
            ownerWords.record(image.accountId(), image.prompt());
        }
        else {
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

    /** One page of the owner's images matching the query, newest first, after the cursor's keyset. */
    List<StoredRow> list(long accountId, ImageQuery query, ImageCursor cursor, int limit) {
        Map<String, Object> params = new HashMap<>();
        params.put("limit", limit);
        params.put("before", cursor.before());
        params.put("beforeCreated", cursor.beforeCreated());
        String sql;
        if (ordersByDate(query)) {
            // keyset on (created_at, id): the index on (account_id, created_at, id) then reads the range itself, where
            // walking down the ids would first pass every newer image
            sql = matching(accountId, query, COLUMNS, params, false)
                .append("AND (i.created_at, i.id) < (:beforeCreated, :before) ORDER BY i.created_at DESC, i.id DESC LIMIT :limit")
                .toString();
        }
        else {
            String id = newestFirstId(query);
            sql = matching(accountId, query, COLUMNS, params, false)
                .append("AND ").append(id).append(" < :before ORDER BY ").append(id).append(" DESC LIMIT :limit")
                .toString();
        }
        return ownRows(jdbc.sql(sql).params(params).query(this::map).list(), row -> row.image().accountId(), accountId);
    }

    /** {@code SELECT columns} of the owner's images that pass the query's filters, without its search. */
    private static StringBuilder owned(long accountId, ImageQuery query, String columns, Map<String, Object> params) {
        StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(FROM).append("WHERE i.account_id = :account ");
        params.put("account", accountId);
        filters(query, sql, params);
        return sql;
    }

    /**
     * One page of the ranked matches of a search, best match first: the matches among the owner's newest
     * {@link #RANKED_IMAGES} images up to the snapshot (the newest image when it is {@code Long.MAX_VALUE}).
     */
    RankedPage ranked(long accountId, ImageQuery query, long snapshot, int offset, int limit) {
        // The window's newest image, and its oldest: the RANKED_IMAGES-th newest in the listing's order
        boolean dated = ordersByDate(query);
        String order = dated ? "created_at DESC, id DESC" : "id DESC";
        long[] window = jdbc.sql("""
                SELECT (SELECT id FROM images WHERE account_id = :account AND id <= :snapshot ORDER BY id DESC LIMIT 1) AS newest,
                       o.id AS oldest, o.created_at AS oldest_created
                FROM (SELECT 1 AS one) x LEFT JOIN (SELECT id, created_at FROM images WHERE account_id = :account AND id <= :snapshot
                                                    ORDER BY %s LIMIT 1 OFFSET :skip) o ON 1 = 1""".formatted(order))
            .param("account", accountId)
            .param("snapshot", snapshot)
            .param("skip", rankedImages - 1)
            .query((row, number) -> new long[] { row.getLong("newest"), row.getLong("oldest"), row.getLong("oldest_created") })
            .single();
        long newest = window[0];
        long oldest = window[1];
        long oldestCreated = window[2];
        Map<String, Object> params = new HashMap<>();
        String sql;
        if (postgres) {
            // The window, read down the owner's ids (OFFSET 0 keeps the search outside it): at most RANKED_IMAGES rows,
            // where the full-text index would first collect every match of a common word
            String tsquery = ownerWords.tsquery(accountId, PromptSearch.of(query.q()).orElseThrow());
            String newestImages = owned(accountId, query, COLUMNS + ", i.prompt_search", params)
                .append(dated ? "AND i.id <= :newest AND (i.created_at, i.id) >= (:oldestCreated, :oldest) OFFSET 0"
                        : "AND i.id <= :newest AND i.id >= :oldest OFFSET 0")
                .toString();
            sql = "SELECT m.*, ts_rank(m.prompt_search, " + tsquery + ") AS score, COUNT(*) OVER () AS ranked_count FROM (" + newestImages
                    + ") m WHERE m.prompt_search @@ " + tsquery + " ORDER BY score DESC, m.id DESC LIMIT :limit OFFSET :offset";
        }
        else {
            StringBuilder matches = matching(accountId, query, COLUMNS, params, true).append("AND f.rowid <= :newest AND f.rowid >= :oldest");
            sql = "SELECT m.*, COUNT(*) OVER () AS ranked_count FROM (" + matches + ") m ORDER BY m.score ASC, m.id DESC LIMIT :limit OFFSET :offset";
        }
        params.put("newest", newest);
        params.put("oldest", oldest);
        params.put("oldestCreated", oldestCreated);
        params.put("limit", limit);
        params.put("offset", offset);
        int[] count = new int[1];
        List<StoredRow> rows = ownRows(jdbc.sql(sql).params(params).query((row, number) -> {
            count[0] = row.getInt("ranked_count");
            return map(row, number);
        }).list(), row -> row.image().accountId(), accountId);
        return new RankedPage(rows, count[0], oldest > 0, oldest, oldestCreated, newest);
    }

    /**
     * A page of ranked matches: {@code count} of them ranked in all (0 past the last), {@code more} when older images
     * follow the ranked window (its oldest image is {@code oldest}, made at {@code oldestCreated}), {@code newest} the
     * snapshot for the next page.
     */
    record RankedPage(List<StoredRow> rows, int count, boolean more, long oldest, long oldestCreated, long newest) {
    }

    /** On SQLite a search walks the index's own rowid, so that the index hands over matches newest first. */
    private String newestFirstId(ImageQuery query) {
        return PromptSearch.of(query.q()).isPresent() && !postgres ? "f.rowid" : "i.id";
    }

    /**
     * Whether a listing pages by creation time (newest first still), so that the range index does the work: a date
     * range without a search, and on PostgreSQL with one too (on SQLite the search index leads, within ids bounded by
     * the range).
     */
    boolean ordersByDate(ImageQuery query) {
        return (query.from() != null || query.to() != null) && (postgres || PromptSearch.of(query.q()).isEmpty());
    }

    /**
     * The ids listed just before and just after an image in the owner's listing for the query. Newest first, these are
     * the next newer and the next older match. Best match first, they are the neighbours among the ranked matches, and
     * newest first among the older matches after them; an image the query does not match has no neighbours there.
     */
    ImageNeighbours neighbours(long accountId, ImageQuery query, long id) {
        if (PromptSearch.of(query.q()).isEmpty() || !query.bestMatchFirst()) {
            return new ImageNeighbours(adjacent(accountId, query, id, "i.id > :id ORDER BY i.id ASC"),
                    adjacent(accountId, query, id, "i.id < :id ORDER BY i.id DESC"));
        }
        RankedPage ranked = ranked(accountId, query, Long.MAX_VALUE, 0, rankedImages);
        List<Long> ids = ranked.rows().stream().map(row -> row.image().id()).toList();
        int at = ids.indexOf(id);
        if (at >= 0) {
            Long next = at < ids.size() - 1 ? ids.get(at + 1)
                    : ranked.more() ? adjacent(accountId, query, ranked.oldest(), "i.id < :id ORDER BY i.id DESC") : null;
            return new ImageNeighbours(at == 0 ? null : ids.get(at - 1), next);
        }
        if (!ranked.more() || id >= ranked.oldest() || !matches(accountId, query, id)) {
            return new ImageNeighbours(null, null);
        }
        Long newer = adjacent(accountId, query, id, "i.id > :id AND i.id < " + ranked.oldest() + " ORDER BY i.id ASC");
        return new ImageNeighbours(newer != null ? newer : ids.isEmpty() ? null : ids.get(ids.size() - 1),
                adjacent(accountId, query, id, "i.id < :id ORDER BY i.id DESC"));
    }

    private boolean matches(long accountId, ImageQuery query, long id) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder sql = matching(accountId, query, "i.id, i.account_id", params, false).append("AND i.id = :id");
        params.put("id", id);
        return !ownRows(jdbc.sql(sql.toString()).params(params).query((row, n) -> row.getLong("account_id")).list(), owner -> owner, accountId).isEmpty();
    }

    private @Nullable Long adjacent(long accountId, ImageQuery query, long id, String condition) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder sql = matching(accountId, query, "i.id, i.account_id", params, false).append("AND ").append(condition).append(" LIMIT 1");
        params.put("id", id);
        return ownRows(jdbc.sql(sql.toString()).params(params).query((row, n) -> new long[] { row.getLong("id"), row.getLong("account_id") }).list(),
                row -> row[1], accountId).stream().map(row -> row[0]).findFirst().orElse(null);
    }

    /**
     * {@code SELECT columns} of the owner's images matching the query's search and filters (with the search's
     * {@code score} when {@code scored}); the caller appends further {@code AND} conditions, the order and the limit.
     */
    private StringBuilder matching(long accountId, ImageQuery query, String columns, Map<String, Object> params, boolean scored) {
        StringBuilder sql = new StringBuilder("SELECT ").append(columns);
        params.put("account", accountId);
        Optional<PromptSearch> search = PromptSearch.of(query.q());
        if (search.isPresent() && postgres) {
            // The owner's words alone pick the owner's images (postgresql/V8): with no condition on the owner beside
            // them, the planner counts the owner's matches exactly; with one, it took the two for independent and
            // guessed a tenth of the matches. Rows are checked for their owner after the query (ownRows).
            String tsquery = ownerWords.tsquery(accountId, search.get());
            if (scored) {
                sql.append(", ts_rank(i.prompt_search, ").append(tsquery).append(") AS score");
            }
            sql.append(FROM).append("WHERE i.prompt_search @@ ").append(tsquery).append(' ');
            if (query.from() != null || query.to() != null) {
                // with a date range the listing pages by creation time, which only the owner's date index can serve
                sql.append("AND i.account_id = :account ");
            }
        }
        else if (search.isPresent()) {
            // CROSS JOIN keeps the index outer, so it hands over matches newest first (ORDER BY its rowid) and stops
            // after a page; the other order ran the whole MATCH once for every image of the owner.
            sql.append(scored ? ", f.rank AS score" : "")
                .append(" FROM images_search f CROSS JOIN images i LEFT JOIN image_shares s ON s.image_id = i.id ")
                .append("WHERE images_search MATCH :match AND i.id = f.rowid AND i.account_id = :account ");
            params.put("match", search.get().fts5Match(accountId));
        }
        else {
            sql.append(FROM).append("WHERE i.account_id = :account ");
        }
        if (search.isPresent() && !postgres) {
            // A date range bounds the index's rowids by the owner's first and last id in it (a range of the date index
            // each), so that the search starts at the range instead of passing every newer match to reject it by its
            // date. INDEXED BY: with statistics (after ANALYZE) SQLite chose the owner index and read every image.
            if (query.from() != null) {
                sql.append("AND f.rowid >= (SELECT MIN(id) FROM images INDEXED BY images_account_created ")
                    .append("WHERE account_id = :account AND created_at >= :from) ");
            }
            if (query.to() != null) {
                sql.append("AND f.rowid <= (SELECT MAX(id) FROM images INDEXED BY images_account_created ")
                    .append("WHERE account_id = :account AND created_at < :to) ");
            }
        }
        filters(query, sql, params);
        return sql;
    }

    /**
     * The rows of the owner only. On PostgreSQL a search finds the owner's images by the owner's words alone; this makes
     * sure that nothing else could ever show.
     */
    private static <T> List<T> ownRows(List<T> rows, java.util.function.ToLongFunction<T> owner, long accountId) {
        return rows.stream().filter(row -> owner.applyAsLong(row) == accountId).toList();
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
