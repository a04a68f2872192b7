package app.atelier.web;

/** Ids in paths: one that is not a number names nothing, so it gets the same {@code 404} as someone else's. */
public final class PathIds {

    private PathIds() {
    }

    public static long parse(String id) {
        try {
            return Long.parseLong(id);
        }
        catch (NumberFormatException ex) {
            throw Problem.notFound();
        }
    }

}
