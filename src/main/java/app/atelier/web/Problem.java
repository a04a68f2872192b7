package app.atelier.web;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * A failure with a stable machine-readable code from {@code api-v1.md}. The API turns it into an RFC 9457 problem
 * document; pages show its detail and field messages.
 */
public class Problem extends RuntimeException {

    private final HttpStatus status;

    private final String code;

    private final List<FieldProblem> errors;

    private final @Nullable Duration retryAfter;

    public Problem(HttpStatus status, String code, String detail) {
        this(status, code, detail, List.of(), null);
    }

    public Problem(HttpStatus status, String code, String detail, List<FieldProblem> errors, @Nullable Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    public static Problem notFound() {
        return new Problem(HttpStatus.NOT_FOUND, "not_found", "Nothing was found at this address.");
    }

    public static Problem validation(String detail, List<FieldProblem> errors) {
        return new Problem(HttpStatus.UNPROCESSABLE_CONTENT, "validation_failed", detail, errors, null);
    }

    public static Problem rateLimited(String detail, Duration retryAfter) {
        return new Problem(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", detail, List.of(), retryAfter);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /** The message for one field, for forms that show errors beside their inputs. */
    public @Nullable String errorFor(String field) {
        return errors.stream().filter(error -> error.field().equals(field)).map(FieldProblem::message).findFirst().orElse(null);
    }

}
