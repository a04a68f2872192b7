package app.atelier.generation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import app.atelier.account.Accounts;
import app.atelier.credentials.Credential;
import app.atelier.credentials.Credentials;
import app.atelier.provider.AspectRatio;
import app.atelier.provider.ImageProviders;
import app.atelier.provider.ProviderId;
import app.atelier.quota.Quotas;
import app.atelier.quota.Reservation;
import app.atelier.style.Styles;
import app.atelier.web.FieldProblem;
import app.atelier.web.Paging;
import app.atelier.web.Problem;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The entry point of generation: submit (validated, quota reserved and job queued in one transaction), read, list and
 * cancel a user's generations. The worker runs the queue; {@link GenerationEvents} tells watchers what changed.
 */
@Service
public class Generations {

    public static final int MAX_PROMPT_LENGTH = 4000;

    public static final int MAX_COUNT = 4;

    private final JobRepository jobs;

    private final GenerationViews views;

    private final Accounts accounts;

    private final Credentials credentials;

    private final ImageProviders providers;

    private final Quotas quotas;

    private final Styles styles;

    private final Worker worker;

    private final GenerationEvents events;

    private final TransactionTemplate transaction;

    private final Clock clock;

    Generations(JobRepository jobs, GenerationViews views, Accounts accounts, Credentials credentials, ImageProviders providers,
            Quotas quotas, Styles styles, Worker worker, GenerationEvents events, PlatformTransactionManager transactions,
            Clock clock) {
        this.jobs = jobs;
        this.views = views;
        this.accounts = accounts;
        this.credentials = credentials;
        this.providers = providers;
        this.quotas = quotas;
        this.styles = styles;
        this.worker = worker;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Queues a generation for the account.
     *
     * @throws Problem {@code 422 validation_failed} (every invalid field at once), {@code 409 no_credentials},
     * {@code 429 rate_limited} or {@code 429 quota_exhausted}
     */
    public Generation submit(long accountId, GenerationRequest request) {
        Valid valid = validate(accountId, request);
        String tier = accounts.find(accountId).orElseThrow(Problem::notFound).tier();
        Long id = transaction.execute(status -> {
            Reservation reservation = quotas.reserve(accountId, tier, valid.count());
            long jobId = jobs.insert(accountId, valid.prompt(), valid.provider(), valid.ratio(), valid.style(), valid.count(),
                    reservation.day(), clock.instant());
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    worker.wake();
                }
            });
            return jobId;
        });
        return views.find(accountId, id == null ? -1 : id).orElseThrow();
    }

    public Optional<Generation> find(long accountId, long id) {
        return views.find(accountId, id);
    }

    /** The account's generations newest first, failures included; {@code cursor} from the previous page. */
    public GenerationPage page(long accountId, @Nullable String cursor, @Nullable Integer limit) {
        return page(accountId, Set.of(), cursor, limit);
    }

    /**
     * The account's generations in one of {@code statuses} (all of them when it is empty), newest first; {@code cursor}
     * from the previous page of the same filter.
     */
    public GenerationPage page(long accountId, Set<GenerationStatus> statuses, @Nullable String cursor, @Nullable Integer limit) {
        int size = Paging.limit(limit);
        List<Job> page = jobs.page(accountId, statuses, Paging.before(cursor), size);
        String next = page.isEmpty() ? null : Paging.next(page, size, page.get(page.size() - 1).id());
        return new GenerationPage(views.of(page), next);
    }

    /** The account's latest generations, for pages that show recent work. */
    public List<Generation> recent(long accountId, int limit) {
        return views.of(jobs.page(accountId, Long.MAX_VALUE, limit));
    }

    /**
     * Cancels a queued or running generation and frees its quota reservation.
     *
     * @throws Problem {@code 404 not_found}, or {@code 409 not_cancellable} when it has already ended
     */
    public Generation cancel(long accountId, long id) {
        Job job = jobs.find(accountId, id).orElseThrow(Problem::notFound);
        Instant now = clock.instant();
        boolean cancelled = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!jobs.end(job.id(), GenerationStatus.CANCELLED, FailureMessages.cancelled(), now)) {
                return false;
            }
            quotas.release(job.reservation());
            return true;
        }));
        if (!cancelled) {
            Job ended = jobs.find(accountId, id).orElseThrow(Problem::notFound);
            throw new Problem(HttpStatus.CONFLICT, "not_cancellable",
                    "This generation has already " + describe(ended.status()) + "; only queued or running ones can be cancelled.");
        }
        worker.interrupt(id);
        events.changed(id);
        return views.find(accountId, id).orElseThrow();
    }

    /** The providers the account can generate with now, {@code gemini-api} first: the default is the first. */
    public List<ProviderId> usableProviders(long accountId) {
        List<ProviderId> usable = new ArrayList<>();
        for (ProviderId provider : List.of(ProviderId.GEMINI_API, ProviderId.GEMINI_WEB)) {
            boolean available = providers.get(provider).isPresent()
                    && (provider != ProviderId.GEMINI_WEB || credentials.geminiWebEnabled());
            if (available && credentials.find(accountId, provider).filter(Credential::usable).isPresent()) {
                usable.add(provider);
            }
        }
        return usable;
    }

    private Valid validate(long accountId, GenerationRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        String prompt = request.prompt() == null ? "" : request.prompt().strip();
        if (prompt.isEmpty()) {
            errors.add(new FieldProblem("prompt", "Describe the image you want."));
        }
        else if (prompt.codePointCount(0, prompt.length()) > MAX_PROMPT_LENGTH) {
            errors.add(new FieldProblem("prompt", "The prompt is " + prompt.codePointCount(0, prompt.length())
                    + " characters long; the limit is " + MAX_PROMPT_LENGTH + "."));
        }
        AspectRatio ratio = AspectRatio.SQUARE;
        if (request.aspectRatio() != null) {
            ratio = AspectRatio.of(request.aspectRatio()).orElse(null);
            if (ratio == null) {
                errors.add(new FieldProblem("aspectRatio", "The aspect ratio must be one of 1:1, 16:9, 9:16, 4:3, 3:4, 3:2, 2:3 or 21:9."));
            }
        }
        String style = request.style() == null || request.style().isBlank() ? null : request.style();
        if (style != null && styles.find(style).isEmpty()) {
            errors.add(new FieldProblem("style", "There is no style \"" + abbreviate(style) + "\"; GET /api/v1/styles lists them."));
        }
        int count = request.count() == null ? 1 : request.count();
        if (count < 1 || count > MAX_COUNT) {
            errors.add(new FieldProblem("count", "Ask for 1 to " + MAX_COUNT + " images."));
        }
        ProviderId provider = null;
        if (request.provider() != null) {
            provider = ProviderId.of(request.provider()).orElse(null);
            if (provider == null) {
                errors.add(new FieldProblem("provider", "The provider must be gemini-api or gemini-web."));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors.size() == 1 ? errors.get(0).message() : "Some fields need attention.", errors);
        }
        List<ProviderId> usable = usableProviders(accountId);
        if (provider == null) {
            provider = usable.stream().findFirst().orElseThrow(() -> new Problem(HttpStatus.CONFLICT, "no_credentials",
                    "Add your Gemini API key or Gemini cookies on the Credentials page first."));
        }
        else if (!usable.contains(provider)) {
            throw new Problem(HttpStatus.CONFLICT, "no_credentials", provider == ProviderId.GEMINI_WEB
                    ? "You have no usable Gemini cookies; add them on the Credentials page, or choose your API key."
                    : "You have no usable Gemini API key; add one on the Credentials page, or choose your Gemini cookies.");
        }
        return new Valid(prompt, provider, ratio, style, count);
    }

    private static String describe(GenerationStatus status) {
        return switch (status) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            default -> "been cancelled";
        };
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    private record Valid(String prompt, ProviderId provider, AspectRatio ratio, @Nullable String style, int count) {
    }

}
