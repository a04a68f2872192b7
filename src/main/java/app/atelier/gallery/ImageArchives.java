package app.atelier.gallery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import app.atelier.storage.ImageStore;
import app.atelier.storage.StoredBlob;
import app.atelier.web.FieldProblem;
import app.atelier.web.Problem;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * ZIP archives of a user's images, streamed: each image is copied from the store into the response in turn, so memory
 * stays flat however many are asked for. Entries are named from the date and a slug of the prompt, plus the id so
 * names never collide. Images are stored without recompression (PNG and JPEG are compressed already).
 */
@Component
class ImageArchives {

    static final int MAX_IMAGES = 1000;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmmss").withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;

    private final ImageStore store;

    ImageArchives(JdbcClient jdbc, ImageStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    /**
     * Checks the request before anything is streamed.
     *
     * @throws Problem {@code 422} for no ids or more than {@value #MAX_IMAGES}, {@code 404} when any id is not the user's
     */
    List<Entry> entries(long accountId, Collection<Long> ids) {
        Set<Long> unique = new LinkedHashSet<>(ids);
        if (unique.isEmpty() || unique.size() > MAX_IMAGES) {
            String message = "Send 1 to " + MAX_IMAGES + " image ids.";
            throw Problem.validation(message, List.of(new FieldProblem("ids", message)));
        }
        List<Entry> entries = jdbc.sql("""
                SELECT id, prompt, mime_type, storage_key, created_at FROM images
                WHERE account_id = :account AND id IN (:ids) ORDER BY id""")
            .param("account", accountId)
            .param("ids", unique)
            .query((row, n) -> new Entry(row.getLong("id"), row.getString("prompt"), row.getString("mime_type"),
                    row.getString("storage_key"), Instant.ofEpochMilli(row.getLong("created_at"))))
            .list();
        if (entries.size() != unique.size()) {
            throw Problem.notFound();
        }
        return entries;
    }

    void write(List<Entry> entries, OutputStream out) throws IOException {
        Set<String> names = new HashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.NO_COMPRESSION);
            for (Entry entry : entries) {
                StoredBlob blob = store.open(entry.storageKey()).orElse(null);
                if (blob == null) {
                    continue;
                }
                String name = entry.fileName();
                if (!names.add(name)) {
                    continue;
                }
                ZipEntry zipEntry = new ZipEntry(name);
                zipEntry.setTime(entry.createdAt().toEpochMilli());
                zip.putNextEntry(zipEntry);
                try (InputStream bytes = blob.resource().getInputStream()) {
                    bytes.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
    }

    /** One image of an archive. */
    record Entry(long id, String prompt, String mimeType, String storageKey, Instant createdAt) {

        String fileName() {
            return ImageArchives.fileName(id, prompt, mimeType, createdAt);
        }

    }

    /** The name of one image's file, in an archive or downloaded alone: its date, a slug of its prompt and its id. */
    static String fileName(long id, String prompt, String mimeType, Instant createdAt) {
        String extension = switch (mimeType) {
            case "image/jpeg" -> "jpg";
            case "image/gif" -> "gif";
            default -> "png";
        };
        String slug = slug(prompt);
        return STAMP.format(createdAt) + (slug.isEmpty() ? "" : "_" + slug) + "_" + id + "." + extension;
    }

    /** The name of an archive of these entries made now: {@code atelier-2026-03-10-3-images.zip}. */
    static String archiveName(List<Entry> entries, Instant now) {
        return "atelier-" + DAY.format(now) + "-" + entries.size() + (entries.size() == 1 ? "-image" : "-images") + ".zip";
    }

    /** Lower-case ASCII words joined by hyphens, at most 60 characters, cut at a word boundary. */
    static String slug(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() <= 60) {
            return slug;
        }
        String cut = slug.substring(0, 60);
        if (slug.charAt(60) == '-') {
            return cut;
        }
        int lastHyphen = cut.lastIndexOf('-');
        return lastHyphen > 20 ? cut.substring(0, lastHyphen) : cut;
    }

}
