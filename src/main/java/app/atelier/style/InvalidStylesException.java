package app.atelier.style;

/** The style presets file cannot be used; the message names the file and every problem found in it. */
class InvalidStylesException extends IllegalStateException {

    InvalidStylesException(String message) {
        super(message);
    }

    InvalidStylesException(String message, Throwable cause) {
        super(message, cause);
    }

}
