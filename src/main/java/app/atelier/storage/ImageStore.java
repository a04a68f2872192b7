package app.atelier.storage;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where image bytes live. Keys are content addresses made by the store ({@code <sha-256 hex>.<ext>} for an image,
 * {@code <sha-256 hex>.thumb.<ext>} for its thumbnail), never names taken from a request: {@link #open} and
 * {@link #delete} refuse anything else, so no path is ever derived from user input.
 * <p>
 * Because the key is the content's hash, equal bytes share one stored file. A caller that lets several rows point at
 * the same key deletes it only when the last of them goes.
 */
public interface ImageStore {

    /** The longest side of a thumbnail in pixels; smaller images keep their size. */
    int THUMBNAIL_SIZE = 512;

    /**
     * Stores an image and its thumbnail. When this returns, both are complete and durable on disk, so a database row
     * that points at them may be committed. Storing the same bytes again writes nothing, returns the same keys and
     * renews their stored time (see {@link #keysStoredBefore}).
     *
     * @param mimeType {@code image/png}, {@code image/jpeg} or {@code image/gif}; it must match the bytes
     * @throws UnsupportedImageException when the type is not one of these or the bytes do not decode as it
     */
    StoredImage put(byte[] bytes, String mimeType);

    /**
     * The stored bytes under a key, or empty when none are stored.
     *
     * @throws IllegalArgumentException when the key is not one this store could have made
     */
    Optional<StoredBlob> open(String key);

    /**
     * Deletes the bytes under a key; deleting an image deletes its thumbnail too. Deleting what is not there is fine.
     *
     * @throws IllegalArgumentException when the key is not one this store could have made
     */
    void delete(String key);

    /**
     * Every stored key, of images and of thumbnails, whose bytes were last stored before {@code cutoff}; a
     * {@link #put} of bytes that are already stored counts as storing them again. This is for a sweep that deletes
     * bytes no row references: bytes stored more recently may belong to a row that has not committed yet. The stream
     * holds no open files, and deleting keys while reading it is fine. A store that cannot list its keys lists none,
     * and then nothing is swept.
     */
    default Stream<String> keysStoredBefore(Instant cutoff) {
        return Stream.empty();
    }

    /** Whether a string has the form of an image or thumbnail key; says nothing about whether it is stored. */
    static boolean isKey(String key) {
        return ImageFormat.PATTERN.matcher(key).matches();
    }

}
