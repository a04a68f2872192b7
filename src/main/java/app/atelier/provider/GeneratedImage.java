package app.atelier.provider;

/** One image as received (and, on the web path, cropped to the requested ratio). */
public record GeneratedImage(byte[] bytes, String mimeType, int width, int height) {

    @Override
    public String toString() {
        return "GeneratedImage[" + mimeType + ", " + width + "x" + height + ", " + bytes.length + " bytes]";
    }

}
