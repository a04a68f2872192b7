package app.atelier.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the layout needs on every page: the current path, to mark the active navigation entry. */
@ControllerAdvice
class LayoutModel {

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return RequestPath.of(request);
    }

}
