package app.atelier.storage;

/** Bytes the image store refuses: an unsupported type, or bytes that do not decode as the type they claim. */
public class UnsupportedImageException extends IllegalArgumentException {

    public UnsupportedImageException(String message) {
        super(message);
    }

    public UnsupportedImageException(String message, Throwable cause) {
        super(message, cause);
    }

}
