package app.atelier.gallery;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.ProviderId;
import app.atelier.web.FieldProblem;
import app.atelier.web.Problem;

/**
 * What to list from a gallery: a prompt search ({@code q}, every word a prefix, all must match), filters, and the
 * order — newest first, or best match first for a search when {@code bestMatchFirst}. Dates are UTC days, both ends
 * included.
 */
public record ImageQuery(@Nullable String q, @Nullable String style, @Nullable String aspectRatio, @Nullable String provider,
        boolean favourites, @Nullable LocalDate from, @Nullable LocalDate to, boolean bestMatchFirst) {

    public static final ImageQuery ALL = new ImageQuery(null, null, null, null, false, null, null, false);

    /**
     * Reads a query from request parameters, naming every invalid one at once.
     *
     * @throws Problem {@code 422 validation_failed}
     */
    public static ImageQuery parse(@Nullable String q, @Nullable String style, @Nullable String aspectRatio,
            @Nullable String provider, @Nullable Boolean favourites, @Nullable String from, @Nullable String to,
            @Nullable String sort) {
        List<FieldProblem> errors = new ArrayList<>();
        if (q != null && q.length() > 200) {
            errors.add(new FieldProblem("q", "Search with at most 200 characters."));
        }
        if (blankToNull(aspectRatio) != null && AspectRatio.of(aspectRatio.strip()).isEmpty()) {
            errors.add(new FieldProblem("aspectRatio", "The aspect ratio must be one of 1:1, 16:9, 9:16, 4:3, 3:4, 3:2, 2:3 or 21:9."));
        }
        if (blankToNull(provider) != null && ProviderId.of(provider.strip()).isEmpty()) {
            errors.add(new FieldProblem("provider", "The provider must be gemini-api or gemini-web."));
        }
        LocalDate fromDate = date("from", from, errors);
        LocalDate toDate = date("to", to, errors);
        if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
            errors.add(new FieldProblem("to", "The end date comes before the start date."));
        }
        String order = blankToNull(sort);
        if (order != null && !order.equals("newest") && !order.equals("relevance")) {
            errors.add(new FieldProblem("sort", "Sort by newest or relevance."));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors.size() == 1 ? errors.get(0).message() : "Some filters need attention.", errors);
        }
        return new ImageQuery(blankToNull(q), blankToNull(style), blankToNull(aspectRatio), blankToNull(provider),
                Boolean.TRUE.equals(favourites), fromDate, toDate, "relevance".equals(order));
    }

    /** Whether anything narrows the list (the gallery's empty state differs for "none yet" and "none match"). */
    public boolean narrowed() {
        return q != null || style != null || aspectRatio != null || provider != null || favourites || from != null || to != null;
    }

    private static @Nullable LocalDate date(String field, @Nullable String value, List<FieldProblem> errors) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        }
        catch (DateTimeParseException ex) {
            errors.add(new FieldProblem(field, "Give the date as YYYY-MM-DD."));
            return null;
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

}
