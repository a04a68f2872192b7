package app.atelier.provider;

import java.util.Arrays;
import java.util.Optional;

/** The aspect ratios Atelier offers; native on the official API, emulated (prompt hint and centre crop) on the web path. */
public enum AspectRatio {

    SQUARE("1:1", 1, 1), LANDSCAPE_16_9("16:9", 16, 9), PORTRAIT_9_16("9:16", 9, 16), LANDSCAPE_4_3("4:3", 4, 3),
    PORTRAIT_3_4("3:4", 3, 4), LANDSCAPE_3_2("3:2", 3, 2), PORTRAIT_2_3("2:3", 2, 3), CINEMA_21_9("21:9", 21, 9);

    private final String id;

    private final int width;

    private final int height;

    AspectRatio(String id, int width, int height) {
        this.id = id;
        this.width = width;
        this.height = height;
    }

    /** As written in the API and in {@code imageConfig.aspectRatio}: {@code "16:9"}. */
    public String id() {
        return id;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public static Optional<AspectRatio> of(String id) {
        return Arrays.stream(values()).filter(ratio -> ratio.id.equals(id)).findFirst();
    }

}
