package app.atelier.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The pages that belong to no feature: the landing page and the terms. */
@Controller
class PageController {

    @GetMapping("/")
    String home() {
        return "index";
    }

    @GetMapping("/terms")
    String terms() {
        return "terms";
    }

}
