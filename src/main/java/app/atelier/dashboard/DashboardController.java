package app.atelier.dashboard;

import java.util.List;

import org.jspecify.annotations.Nullable;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.credentials.Credential;
import app.atelier.credentials.Credentials;
import app.atelier.gallery.Image;
import app.atelier.gallery.Images;
import app.atelier.generation.Generations;
import app.atelier.provider.ProviderId;
import app.atelier.quota.Quotas;
import app.atelier.quota.Usage;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page: the landing page for visitors, the dashboard for a signed-in person. */
@Controller
class DashboardController {

    static final int HISTORY_DAYS = 30;

    static final int RECENT_IMAGES = 8;

    private final Accounts accounts;

    private final Quotas quotas;

    private final Credentials credentials;

    private final Images images;

    private final Generations generations;

    DashboardController(Accounts accounts, Quotas quotas, Credentials credentials, Images images, Generations generations) {
        this.accounts = accounts;
        this.quotas = quotas;
        this.credentials = credentials;
        this.images = images;
        this.generations = generations;
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal @Nullable SignedInUser me, Model model) {
        if (me == null) {
            return "index";
        }
        Account account = accounts.find(me.id()).orElseThrow(Problem::notFound);
        Usage usage = quotas.usage(account.id(), account.tier());
        model.addAttribute("usage", usage);
        model.addAttribute("quotaSpent", usage.remainingToday() == 0);
        model.addAttribute("chart", UsageChart.of(quotas.history(account.id(), HISTORY_DAYS)));
        model.addAttribute("totalImages", quotas.totalImages(account.id()));
        model.addAttribute("credentials", credentials.list(account.id()).stream().map(CredentialState::of).toList());
        model.addAttribute("recentImages", images.recent(account.id(), RECENT_IMAGES).stream().map(RecentImage::of).toList());
        model.addAttribute("canGenerate", !generations.usableProviders(account.id()).isEmpty());
        return "dashboard/index";
    }

    /** A stored credential as the dashboard lists it: its name and its status badge. */
    record CredentialState(String id, String name, String status, @Nullable String detail) {

        static CredentialState of(Credential credential) {
            String name = credential.provider() == ProviderId.GEMINI_WEB ? "Gemini web cookies" : "Gemini API key";
            return new CredentialState(credential.provider().id(), name, credential.status(), credential.statusDetail());
        }

    }

    /** A thumbnail of the dashboard, described by the start of its prompt. */
    record RecentImage(long id, String description, int width, int height) {

        static final int DESCRIPTION = 120;

        static RecentImage of(Image image) {
            String prompt = image.prompt();
            String description = prompt.codePointCount(0, prompt.length()) <= DESCRIPTION ? prompt
                    : prompt.substring(0, prompt.offsetByCodePoints(0, DESCRIPTION)).stripTrailing() + "…";
            return new RecentImage(image.id(), description, image.width(), image.height());
        }

    }

}
