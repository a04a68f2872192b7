package app.atelier.generation;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.provider.AspectRatio;
import app.atelier.provider.ProviderId;
import app.atelier.quota.Quotas;
import app.atelier.quota.Usage;
import app.atelier.style.Style;
import app.atelier.style.StyleGroup;
import app.atelier.style.Styles;
import app.atelier.web.Flash;
import app.atelier.web.Htmx;
import app.atelier.web.PathIds;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.http.HttpHeaders;
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
 * The generate page: the form, the person's recent generations with their live progress, cancel and reuse. Every
 * action works as a plain form post (answered by a redirect) and, with htmx, as a fragment swapped into the page.
 */
@Controller
class GeneratePageController {

    static final int RECENT = 12;

    /** How often a page without JavaScript reloads itself while one of its generations is unfinished. */
    static final int NOSCRIPT_REFRESH_SECONDS = 3;

    private static final String PAGE = "generate/index";

    private final Generations generations;

    private final Accounts accounts;

    private final Quotas quotas;

    private final Styles styles;

    private final Clock clock;

    GeneratePageController(Generations generations, Accounts accounts, Quotas quotas, Styles styles, Clock clock) {
        this.generations = generations;
        this.accounts = accounts;
        this.quotas = quotas;
        this.styles = styles;
        this.clock = clock;
    }

    /** {@code reuse} fills the form with an earlier generation of the same person; any other id is ignored. */
    @GetMapping("/generate")
    String showGenerate(@AuthenticationPrincipal SignedInUser me, @RequestParam(required = false) @Nullable String reuse,
            Model model) {
        List<ProviderId> usable = generations.usableProviders(me.id());
        GenerateForm form = reused(me.id(), reuse).map(generation -> GenerateForm.reusing(generation, usable))
            .orElseGet(() -> GenerateForm.empty(usable));
        addForm(model, me, form, usable, null);
        addJobs(model, me, true);
        return PAGE;
    }

    @PostMapping("/generate")
    String submit(@AuthenticationPrincipal SignedInUser me, @RequestParam(required = false) @Nullable String prompt,
            @RequestParam(required = false) @Nullable String provider,
            @RequestParam(required = false) @Nullable String aspectRatio,
            @RequestParam(required = false) @Nullable String style, @RequestParam(required = false) @Nullable String count,
            HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        GenerateForm form = GenerateForm.submitted(prompt, provider, aspectRatio, style, count);
        Generation generation;
        try {
            generation = generations.submit(me.id(), form.request());
        }
        catch (Problem problem) {
            response.setStatus(problem.status().value());
            if (problem.retryAfter() != null) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds(problem.retryAfter())));
            }
            addForm(model, me, form, generations.usableProviders(me.id()), problem);
            if (Htmx.isHtmx(request)) {
                return PAGE + " :: generate-form";
            }
            addJobs(model, me, false);
            return PAGE;
        }
        if (Htmx.isHtmx(request)) {
            addForm(model, me, form, generations.usableProviders(me.id()), null);
            model.addAttribute("queued", card(generation, null));
            return PAGE + " :: submitted";
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success(generation.count() == 1 ? "Queued — your image is on its way."
                : "Queued — your " + generation.count() + " images are on their way."));
        return "redirect:/generate?reuse=" + generation.id() + "#job-" + generation.id();
    }

    /** One card, as the page's script asks for it when a generation ends, with the quota it may have given back. */
    @GetMapping("/generate/jobs/{id}")
    String showJob(@AuthenticationPrincipal SignedInUser me, @PathVariable String id, Model model) {
        Generation generation = generations.find(me.id(), PathIds.parse(id)).orElseThrow(Problem::notFound);
        model.addAttribute("job", card(generation, null));
        model.addAttribute("usage", usage(me));
        return PAGE + " :: refreshed";
    }

    @PostMapping("/generate/jobs/{id}/cancel")
    String cancel(@AuthenticationPrincipal SignedInUser me, @PathVariable String id, HttpServletRequest request, Model model,
            RedirectAttributes redirect) {
        long jobId = PathIds.parse(id);
        Generation generation;
        Flash outcome;
        try {
            generation = generations.cancel(me.id(), jobId);
            outcome = Flash.success(generation.count() == 1 ? "Cancelled. Its image is back in today's quota."
                    : "Cancelled. Its " + generation.count() + " images are back in today's quota.");
        }
        catch (Problem problem) {
            if (problem.status() == HttpStatus.NOT_FOUND) {
                throw problem;
            }
            generation = generations.find(me.id(), jobId).orElseThrow(Problem::notFound);
            outcome = Flash.error(problem.detail());
        }
        if (Htmx.isHtmx(request)) {
            model.addAttribute("job", card(generation, outcome.message()));
            model.addAttribute("usage", usage(me));
            return PAGE + " :: refreshed";
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, outcome);
        return "redirect:/generate#job-" + jobId;
    }

    private Optional<Generation> reused(long accountId, @Nullable String reuse) {
        if (reuse == null) {
            return Optional.empty();
        }
        try {
            return generations.find(accountId, Long.parseLong(reuse.strip()));
        }
        catch (NumberFormatException ex) {
            return Optional.empty();
        }
    }

    private void addForm(Model model, SignedInUser me, GenerateForm form, List<ProviderId> usable, @Nullable Problem problem) {
        model.addAttribute("form", form);
        model.addAttribute("problem", problem);
        model.addAttribute("summary", summary(problem));
        model.addAttribute("providers", usable.stream().map(ProviderChoice::of).toList());
        model.addAttribute("checkedProvider", usable.stream().map(ProviderId::id).filter(form.provider()::equals).findFirst()
            .orElse(usable.isEmpty() ? "" : usable.get(0).id()));
        model.addAttribute("webUsable", usable.contains(ProviderId.GEMINI_WEB));
        model.addAttribute("ratios", Arrays.asList(AspectRatio.values()));
        model.addAttribute("styleGroups", styles.groups().stream().map(group -> StyleChoices.of(group, styles)).toList());
        model.addAttribute("counts", IntStream.rangeClosed(1, Generations.MAX_COUNT).boxed().toList());
        model.addAttribute("maxPromptLength", Generations.MAX_PROMPT_LENGTH);
        model.addAttribute("usage", usage(me));
    }

    /**
     * The recent generations; a page that shows an unfinished one reloads itself without JavaScript, unless it answers a
     * refused post (reloading it would send the form again).
     */
    private void addJobs(Model model, SignedInUser me, boolean refreshWhileUnfinished) {
        List<JobCard> jobs = generations.recent(me.id(), RECENT).stream().map(generation -> card(generation, null)).toList();
        model.addAttribute("jobs", jobs);
        if (refreshWhileUnfinished && jobs.stream().anyMatch(job -> !job.finished())) {
            model.addAttribute("noscriptRefreshSeconds", NOSCRIPT_REFRESH_SECONDS);
        }
    }

    private JobCard card(Generation generation, @Nullable String note) {
        String styleName = generation.style() == null ? null
                : styles.find(generation.style()).map(Style::name).orElse(generation.style());
        return JobCard.of(generation, styleName, clock.instant(), note);
    }

    private Usage usage(SignedInUser me) {
        String tier = accounts.find(me.id()).map(Account::tier).orElseThrow(Problem::notFound);
        return quotas.usage(me.id(), tier);
    }

    /** What the top of the form says: field errors stand beside their fields, and only several of them get a summary. */
    private static @Nullable String summary(@Nullable Problem problem) {
        if (problem == null) {
            return null;
        }
        if (problem.code().equals("validation_failed") && problem.errors().size() == 1) {
            return null;
        }
        return problem.detail();
    }

    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    /** A credential the person can generate with, as a radio tile. */
    record ProviderChoice(String id, String name, String hint) {

        static ProviderChoice of(ProviderId provider) {
            return provider == ProviderId.GEMINI_WEB
                    ? new ProviderChoice(provider.id(), "Gemini web cookies", "Unofficial; ratios are emulated")
                    : new ProviderChoice(provider.id(), "Gemini API key", "Official; native ratios");
        }

    }

    /** A group of style presets, as an {@code optgroup}. */
    record StyleChoices(StyleGroup group, List<Style> styles) {

        static StyleChoices of(StyleGroup group, Styles styles) {
            return new StyleChoices(group, styles.list().stream().filter(style -> style.group().equals(group.id())).toList());
        }

    }

}
