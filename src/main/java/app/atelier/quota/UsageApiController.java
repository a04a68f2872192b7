package app.atelier.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/usage}: the caller's quota today and the images delivered on each of the last 30 days. */
@RestController
class UsageApiController {

    static final int HISTORY_DAYS = 30;

    private final Quotas quotas;

    private final Accounts accounts;

    UsageApiController(Quotas quotas, Accounts accounts) {
        this.quotas = quotas;
        this.accounts = accounts;
    }

    @GetMapping("/api/v1/usage")
    UsageJson usage(@AuthenticationPrincipal SignedInUser me) {
        Account account = accounts.find(me.id()).orElseThrow(Problem::notFound);
        Usage usage = quotas.usage(account.id(), account.tier());
        List<DayJson> days = quotas.history(account.id(), HISTORY_DAYS).stream().map(day -> new DayJson(day.date(), day.images())).toList();
        return new UsageJson(usage.tier(), usage.dailyLimit(), usage.usedToday(), usage.remainingToday(), usage.resetsAt(),
                usage.perMinuteLimit(), quotas.totalImages(account.id()), days);
    }

    record UsageJson(String tier, int dailyLimit, int usedToday, int remainingToday, Instant resetsAt, int perMinuteLimit,
            long totalImages, List<DayJson> days) {
    }

    record DayJson(LocalDate date, int images) {
    }

}
