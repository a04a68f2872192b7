package app.atelier.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * A {@link Problem} escaping a page controller (an id that is not the user's, say) shows the friendly error page with
 * its status. JSON controllers are answered first by {@link ProblemResponses}.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageProblems {

    @ExceptionHandler(Problem.class)
    ModelAndView problem(Problem problem, HttpServletResponse response) {
        response.setStatus(problem.status().value());
        return new ModelAndView("error", Map.of("status", problem.status().value(), "kind", ErrorPages.kindOf(problem.status())),
                problem.status());
    }

}
