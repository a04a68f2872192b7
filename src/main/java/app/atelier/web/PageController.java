package app.atelier.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The pages that belong to no feature: the terms. The home page is the dashboard's. */
@Controller
class PageController {

    @GetMapping("/terms")
    String terms() {
        return "terms";
    }

}
