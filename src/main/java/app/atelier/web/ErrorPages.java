package app.atelier.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers every error the container forwards to {@code /error}: a problem document for the API, a friendly page
 * otherwise. Neither carries a stack trace, an exception message or the failing path.
 */
@Controller
class ErrorPages implements ErrorController {

    private final ProblemResponses problems;

    ErrorPages(ProblemResponses problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpStatus status = statusOf(request);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (path instanceof String uri && uri.startsWith(request.getContextPath() + "/api/")) {
            problems.write(response, problemFor(status));
            return null;
        }
        response.setStatus(status.value());
        return new ModelAndView("error", Map.of("status", status.value(), "kind", kindOf(status)), status);
    }

    private static HttpStatus statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    static String kindOf(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND, METHOD_NOT_ALLOWED -> "not-found";
            case FORBIDDEN, UNAUTHORIZED -> "forbidden";
            case TOO_MANY_REQUESTS -> "slow-down";
            default -> status.is4xxClientError() ? "bad-request" : "server";
        };
    }

    private static Problem problemFor(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> Problem.notFound();
            case UNAUTHORIZED -> new Problem(status, "unauthorized", "Sign in or send a valid API token.");
            case FORBIDDEN -> new Problem(status, "forbidden", "You are not allowed to do this.");
            case METHOD_NOT_ALLOWED -> new Problem(status, "method_not_allowed", "This address does not accept that method.");
            default -> status.is4xxClientError() ? new Problem(status, "bad_request", "The request could not be understood.")
                    : ProblemResponses.internalError();
        };
    }

}
