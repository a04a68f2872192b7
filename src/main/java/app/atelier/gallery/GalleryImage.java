package app.atelier.gallery;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import app.atelier.style.Style;
import app.atelier.style.Styles;

/** One image as the gallery pages show it: its preset's name instead of its id, sizes written out, a short alt text. */
record GalleryImage(Image image, @Nullable String styleName) {

    static final int ALT_LENGTH = 150;

    /** A preset that left the presets file since keeps its id as its name. */
    static GalleryImage of(Image image, Styles styles) {
        return new GalleryImage(image, image.style() == null ? null : styles.find(image.style()).map(Style::name).orElse(image.style()));
    }

    public long id() {
        return image.id();
    }

    /** The prompt, cut at {@value #ALT_LENGTH} characters: what the image shows, for those who cannot see it. */
    public String alt() {
        String prompt = image.prompt().strip().replaceAll("\\s+", " ");
        if (prompt.codePointCount(0, prompt.length()) <= ALT_LENGTH) {
            return prompt;
        }
        return prompt.substring(0, prompt.offsetByCodePoints(0, ALT_LENGTH)).stripTrailing() + "…";
    }

    public String providerName() {
        return "gemini-web".equals(image.provider()) ? "Gemini web cookies" : "Gemini API key";
    }

    public String dimensions() {
        return image.width() + " × " + image.height() + " px";
    }

    /** PNG, JPEG or GIF. */
    public String format() {
        return switch (image.mimeType()) {
            case "image/jpeg" -> "JPEG";
            case "image/gif" -> "GIF";
            default -> "PNG";
        };
    }

    /** "812 KB", "1.4 MB": decimal units, as file managers show them. */
    public String fileSize() {
        long bytes = image.bytes();
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 999_500) {
            return Math.round(bytes / 1000.0) + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

}
