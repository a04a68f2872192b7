package app.atelier.storage;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The image formats the store accepts and the keys it makes for them. */
enum ImageFormat {

    PNG("png", "image/png", "png"),
    JPEG("jpg", "image/jpeg", "jpeg"),
    GIF("gif", "image/gif", "gif");

    static final Pattern PATTERN = Pattern.compile("([0-9a-f]{64})(\\.thumb)?\\.(png|jpg|gif)");

    private static final String THUMB = ".thumb.";

    final String extension;

    final String mimeType;

    /** The ImageIO format name of the reader that decodes it. */
    final String formatName;

    ImageFormat(String extension, String mimeType, String formatName) {
        this.extension = extension;
        this.mimeType = mimeType;
        this.formatName = formatName;
    }

    /** The format of a MIME type such as {@code image/png} or {@code IMAGE/JPEG; charset=binary}. */
    static ImageFormat ofMimeType(String mimeType) {
        String type = mimeType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "image/png", "image/x-png" -> PNG;
            case "image/jpeg", "image/jpg", "image/pjpeg" -> JPEG;
            case "image/gif" -> GIF;
            default -> throw new UnsupportedImageException("Unsupported image type '" + mimeType
                    + "'; accepted: image/png, image/jpeg, image/gif");
        };
    }

    static ImageFormat ofExtension(String extension) {
        for (ImageFormat format : values()) {
            if (format.extension.equals(extension)) {
                return format;
            }
        }
        throw new IllegalArgumentException("No image format with extension " + extension);
    }

    /** Thumbnails of JPEG images are JPEG, all others PNG (a GIF thumbnail keeps its transparency, not its animation). */
    ImageFormat thumbnailFormat() {
        return this == JPEG ? JPEG : PNG;
    }

    String key(String hash) {
        return hash + "." + extension;
    }

    String thumbnailKey(String hash) {
        return hash + THUMB + thumbnailFormat().extension;
    }

    /** The parts of a valid key; refuses anything the store could not have made. */
    static Matcher parse(String key) {
        Matcher matcher = PATTERN.matcher(key);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not an image key");
        }
        return matcher;
    }

}
