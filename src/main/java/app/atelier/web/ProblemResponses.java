package app.atelier.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every failure of a JSON endpoint into a problem document; nothing internal ever reaches the body. */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
@Component
public class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    /** Writes a problem outside Spring MVC, from a security filter for instance. */
    public void write(HttpServletResponse response, Problem problem) throws IOException {
        response.setStatus(problem.status().value());
        response.setContentType(PROBLEM_JSON.toString());
        response.setCharacterEncoding("UTF-8");
        if (problem.retryAfter() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds(problem)));
        }
        json.writeValue(response.getOutputStream(), ProblemBody.of(problem));
    }

    @ExceptionHandler(Problem.class)
    ResponseEntity<ProblemBody> problem(Problem problem) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(problem.status()).contentType(PROBLEM_JSON);
        if (problem.retryAfter() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds(problem)));
        }
        return builder.body(ProblemBody.of(problem));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemBody> invalidBody(MethodArgumentNotValidException ex) {
        List<FieldProblem> errors = ex.getBindingResult()
            .getFieldErrors()
            .stream()
            .map(error -> new FieldProblem(error.getField(), String.valueOf(error.getDefaultMessage())))
            .toList();
        return problem(Problem.validation("Some fields are not valid.", errors));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemBody> invalidParameters(HandlerMethodValidationException ex) {
        List<FieldProblem> errors = ex.getParameterValidationResults()
            .stream()
            .flatMap(result -> result.getResolvableErrors()
                .stream()
                .map(error -> new FieldProblem(parameterName(result), String.valueOf(error.getDefaultMessage()))))
            .toList();
        return problem(Problem.validation("Some parameters are not valid.", errors));
    }

    /** A query parameter or path variable of the wrong type ({@code limit=ten}) is named like any other invalid field. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemBody> mismatchedParameter(MethodArgumentTypeMismatchException ex) {
        String message = ex.getName() + " has a value of the wrong type.";
        return problem(Problem.validation(message, List.of(new FieldProblem(ex.getName(), message))));
    }

    @ExceptionHandler({ HttpMessageNotReadableException.class, MissingServletRequestParameterException.class })
    ResponseEntity<ProblemBody> unreadable(Exception ex) {
        return problem(Problem.validation("The request could not be read: send valid JSON with the documented fields.", List.of()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemBody> unsupportedMediaType() {
        return problem(new Problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send the body as application/json."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemBody> methodNotAllowed() {
        return problem(new Problem(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "This address does not accept that method."));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemBody> noResource() {
        return problem(Problem.notFound());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemBody> unexpected(Exception ex) {
        log.error("Unexpected failure of an API request", ex);
        return problem(internalError());
    }

    static Problem internalError() {
        return new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "Something went wrong on our side. Please try again; if it keeps happening, tell the administrator.");
    }

    private static long retryAfterSeconds(Problem problem) {
        return Math.max(1, (problem.retryAfter().toMillis() + 999) / 1000);
    }

    private static String parameterName(ParameterValidationResult result) {
        String name = result.getMethodParameter().getParameterName();
        return name == null ? "parameter" : name;
    }

}
