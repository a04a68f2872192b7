package app.atelier.gallery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import app.atelier.web.Problem;

/**
 * The gallery's filter bar as the request carries it, parameter by parameter, so every page of the gallery (the grid,
 * a detail view, the redirect after an action) keeps the same filters in its address and can be bookmarked or shared.
 */
record GalleryFilters(@Nullable String q, @Nullable String style, @Nullable String aspectRatio, @Nullable String provider,
        @Nullable String favourite, @Nullable String from, @Nullable String to, @Nullable String sort) {

    static final GalleryFilters NONE = new GalleryFilters(null, null, null, null, null, null, null, null);

    /** A gallery address of our own (grid or detail view, with its query), the only place "back" may lead to. */
    private static final Pattern GALLERY_PATH = Pattern.compile("/gallery(/[0-9]{1,19})?(\\?[A-Za-z0-9._~%+=&*-]*)?");

    /**
     * The query these filters describe.
     *
     * @throws Problem {@code 422 validation_failed} naming each filter that is not valid
     */
    public ImageQuery query() {
        return ImageQuery.parse(q, style, aspectRatio, provider, favourites() ? Boolean.TRUE : null, from, to, sort);
    }

    /** The query, or every image when the filters are not valid (a detail view's neighbours need no error message). */
    public ImageQuery queryOrAll() {
        try {
            return query();
        }
        catch (Problem problem) {
            return ImageQuery.ALL;
        }
    }

    public boolean favourites() {
        return "true".equals(favourite);
    }

    public boolean searching() {
        return q != null && !q.isBlank();
    }

    public boolean bestMatchFirst() {
        return "relevance".equals(sort);
    }

    /** Among how many of the newest images best match first ranks the matches, for the page to say so. */
    public String rankedImages() {
        return String.format(java.util.Locale.ROOT, "%,d", ImageRepository.RANKED_IMAGES);
    }

    /** The filters as a query string without the {@code ?}; empty when there are none. */
    public String parameters() {
        List<String> pairs = new ArrayList<>();
        add(pairs, "q", q);
        add(pairs, "style", style);
        add(pairs, "aspectRatio", aspectRatio);
        add(pairs, "provider", provider);
        add(pairs, "favourite", favourites() ? "true" : null);
        add(pairs, "from", from);
        add(pairs, "to", to);
        add(pairs, "sort", "newest".equals(sort) ? null : sort);
        return String.join("&", pairs);
    }

    /** The grid with these filters. */
    public String grid() {
        return withQuery("/gallery", parameters());
    }

    /** The grid with these filters and one more parameter, such as the cursor of a later page. */
    public String grid(String name, String value) {
        String parameters = parameters();
        return "/gallery?" + (parameters.isEmpty() ? "" : parameters + "&") + name + "=" + encode(value);
    }

    /** A path of the gallery (an action's address, say) with these filters. */
    public String at(String path) {
        return withQuery(path, parameters());
    }

    /** The detail view of an image, stepping through the images of these filters. */
    public String detail(long id) {
        return withQuery("/gallery/" + id, parameters());
    }

    /** An address to go back to after an action: {@code back} when it is a gallery page of ours, else the fallback. */
    static String back(@Nullable String back, String fallback) {
        return back != null && GALLERY_PATH.matcher(back).matches() ? back : fallback;
    }

    private static String withQuery(String path, String parameters) {
        return parameters.isEmpty() ? path : path + "?" + parameters;
    }

    private static void add(List<String> pairs, String name, @Nullable String value) {
        if (value != null && !value.isBlank()) {
            pairs.add(name + "=" + encode(value.strip()));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}
