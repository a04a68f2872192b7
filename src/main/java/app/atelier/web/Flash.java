package app.atelier.web;

/** A one-time message shown at the top of the next page, after a redirect. */
public record Flash(String kind, String message) {

    public static final String ATTRIBUTE = "flash";

    public static Flash success(String message) {
        return new Flash("success", message);
    }

    public static Flash info(String message) {
        return new Flash("info", message);
    }

    public static Flash error(String message) {
        return new Flash("error", message);
    }

}
