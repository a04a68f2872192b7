package app.atelier.gallery;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import app.atelier.web.Paging;

/**
 * Where the next page of a gallery listing starts. Newest first, it is the last id seen (keyset: images added
 * meanwhile never shift a page), and for a date range also that image's creation time. Best match first, it is a
 * snapshot (the newest ranked id when the first page was read, so later images stay out) and an offset into the ranked
 * matches; the older matches after them are paged newest first again, by keyset.
 */
record ImageCursor(long before, long snapshot, int offset, long beforeCreated) {

    static final ImageCursor FIRST = new ImageCursor(Long.MAX_VALUE, Long.MAX_VALUE, 0, Long.MAX_VALUE);

    ImageCursor(long before, long snapshot, int offset) {
        this(before, snapshot, offset, Long.MAX_VALUE);
    }

    /** Whether this is the first page or a page of ranked matches, rather than a keyset further down. */
    boolean ranked() {
        return before == Long.MAX_VALUE;
    }

    static ImageCursor parse(@Nullable String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return FIRST;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (parts.length == 2 && parts[0].equals("k")) {
                return new ImageCursor(Long.parseLong(parts[1]), Long.MAX_VALUE, 0);
            }
            if (parts.length == 3 && parts[0].equals("d")) {
                return new ImageCursor(Long.parseLong(parts[2]), Long.MAX_VALUE, 0, Long.parseLong(parts[1]));
            }
            if (parts.length == 3 && parts[0].equals("r")) {
                int offset = Integer.parseInt(parts[2]);
                if (offset >= 0) {
                    return new ImageCursor(Long.MAX_VALUE, Long.parseLong(parts[1]), offset);
                }
            }
        }
        catch (IllegalArgumentException ex) {
            // an unreadable cursor gets the same answer as any other foreign one
        }
        throw Paging.invalidCursor();
    }

    static String keyset(long lastId) {
        return encode("k:" + lastId);
    }

    static String dated(long createdAt, long lastId) {
        return encode("d:" + createdAt + ":" + lastId);
    }

    static String relevance(long snapshot, int offset) {
        return encode("r:" + snapshot + ":" + offset);
    }

    private static String encode(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

}
