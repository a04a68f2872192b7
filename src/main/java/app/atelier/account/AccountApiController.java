package app.atelier.account;

import java.net.URI;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;

import app.atelier.web.ClientAddress;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/accounts} and {@code GET /api/v1/me}. */
@RestController
class AccountApiController {

    private final Accounts accounts;

    AccountApiController(Accounts accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/api/v1/accounts")
    ResponseEntity<AccountJson> register(@RequestBody RegistrationJson body, HttpServletRequest request) {
        Account account = accounts.register(
                new Registration(body.username(), body.email(), body.password(), Boolean.TRUE.equals(body.acceptTerms())),
                ClientAddress.of(request));
        return ResponseEntity.created(URI.create("/api/v1/me")).body(AccountJson.of(account));
    }

    @GetMapping("/api/v1/me")
    AccountJson me(@AuthenticationPrincipal SignedInUser me) {
        return AccountJson.of(accounts.find(me.id()).orElseThrow(Problem::notFound));
    }

    record RegistrationJson(String username, String email, String password, Boolean acceptTerms) {

        @Override
        public String toString() {
            return "RegistrationJson[username=" + username + "]";
        }

    }

    record AccountJson(long id, String username, String email, String role, String tier, boolean enabled, boolean emailVerified,
            Instant createdAt) {

        static AccountJson of(Account account) {
            return new AccountJson(account.id(), account.username(), account.email(), account.role().id(), account.tier(),
                    account.enabled(), account.emailVerified(), account.createdAt());
        }

    }

}
