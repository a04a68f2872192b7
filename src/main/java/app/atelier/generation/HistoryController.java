package app.atelier.generation;

import java.time.Clock;
import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import app.atelier.style.Style;
import app.atelier.style.Styles;
import app.atelier.web.Flash;
import app.atelier.web.Htmx;
import app.atelier.web.PathIds;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The history page: every generation of the signed-in person, newest first, failures with their reasons, filtered by
 * status and paged by cursor ("Load more" with htmx, a plain link without). Rows are the generate page's job cards,
 * so unfinished ones follow their progress live, and a failed or cancelled one can be retried.
 */
@Controller
class HistoryController {

    static final int PAGE_SIZE = 20;

    private final Generations generations;

    private final Styles styles;

    private final Clock clock;

    HistoryController(Generations generations, Styles styles, Clock clock) {
        this.generations = generations;
        this.styles = styles;
        this.clock = clock;
    }

    @GetMapping("/history")
    String showHistory(@AuthenticationPrincipal SignedInUser me, @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String cursor, HttpServletRequest request, Model model) {
        HistoryFilter filter = HistoryFilter.of(status);
        String after = cursor == null || cursor.isBlank() ? null : cursor;
        GenerationPage page = generations.page(me.id(), filter.statuses(), after, PAGE_SIZE);
        model.addAttribute("filter", filter);
        model.addAttribute("filters", Arrays.asList(HistoryFilter.values()));
        model.addAttribute("cursor", after);
        model.addAttribute("jobs", page.items().stream().map(this::card).toList());
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("nothingYet", page.items().isEmpty() && filter == HistoryFilter.ALL && after == null);
        if (Htmx.isHtmx(request) && after != null) {
            model.addAttribute("loadedMore", true);
            return "history/index :: page";
        }
        return "history/index";
    }

    /**
     * Submits a generation again with the same parameters. Then the generate page shows the new job's progress, or,
     * when the quota, the rate limit, a credential or a parameter refuses it, the earlier parameters to adjust.
     */
    @PostMapping("/history/{id}/retry")
    String retry(@AuthenticationPrincipal SignedInUser me, @PathVariable String id, RedirectAttributes redirect) {
        Generation earlier = generations.find(me.id(), PathIds.parse(id)).orElseThrow(Problem::notFound);
        GenerationRequest again = new GenerationRequest(earlier.prompt(), earlier.provider().id(), earlier.aspectRatio().id(),
                earlier.style(), earlier.count());
        Generation queued;
        try {
            queued = generations.submit(me.id(), again);
        }
        catch (Problem problem) {
            if (problem.status() == HttpStatus.NOT_FOUND) {
                throw problem;
            }
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("Not sent again: " + problem.detail()));
            return "redirect:/generate?reuse=" + earlier.id();
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success(queued.count() == 1 ? "Sent again — your image is on its way."
                : "Sent again — your " + queued.count() + " images are on their way."));
        return "redirect:/generate?reuse=" + queued.id() + "#job-" + queued.id();
    }

    private JobCard card(Generation generation) {
        String styleName = generation.style() == null ? null
                : styles.find(generation.style()).map(Style::name).orElse(generation.style());
        return JobCard.of(generation, styleName, clock.instant(), null);
    }

}
