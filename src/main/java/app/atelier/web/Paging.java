package app.atelier.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The list conventions of {@code api-v1.md}: {@code limit} 1..100 (default 50) and an opaque {@code cursor}. Lists are
 * newest first by id, so a cursor is the last id of a page; it is encoded so that clients treat it as opaque.
 */
public final class Paging {

    public static final int DEFAULT_LIMIT = 50;

    public static final int MAX_LIMIT = 100;

    private static final String PREFIX = "before:";

    private Paging() {
    }

    public static int limit(@Nullable Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            String message = "limit must be between 1 and " + MAX_LIMIT + ".";
            throw Problem.validation(message, List.of(new FieldProblem("limit", message)));
        }
        return limit;
    }

    /** The id the next page starts below, or {@link Long#MAX_VALUE} for the first page. */
    public static long before(@Nullable String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith(PREFIX)) {
                return Long.parseLong(decoded.substring(PREFIX.length()));
            }
        }
        catch (IllegalArgumentException ex) {
            // falls through to the same answer as any other unreadable cursor
        }
        throw invalidCursor();
    }

    /** The answer to a cursor this server did not hand out, for lists that encode their own cursors. */
    public static Problem invalidCursor() {
        String message = "cursor is not one this server handed out; start again without it.";
        return Problem.validation(message, List.of(new FieldProblem("cursor", message)));
    }

    /** The cursor of the page after one whose last id is {@code lastId}; null when the page was not full. */
    public static @Nullable String next(List<?> page, int limit, long lastId) {
        if (page.size() < limit) {
            return null;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
    }

}
