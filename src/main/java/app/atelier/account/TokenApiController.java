package app.atelier.account;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import app.atelier.web.ClientAddress;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/tokens}: created with HTTP Basic (username or email) or from a session, listed and revoked. */
@RestController
class TokenApiController {

    private final Accounts accounts;

    private final ApiTokens tokens;

    TokenApiController(Accounts accounts, ApiTokens tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    @PostMapping("/api/v1/tokens")
    ResponseEntity<CreatedTokenJson> create(@RequestBody(required = false) @Nullable TokenRequestJson body,
            @AuthenticationPrincipal @Nullable SignedInUser me, HttpServletRequest request) {
        long accountId = me != null ? me.id() : basicSignIn(request);
        TokenRequestJson options = body == null ? new TokenRequestJson(null, null) : body;
        NewApiToken created = tokens.create(accountId, options.name(), options.expiresInDays());
        ApiToken token = created.token();
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + token.id()))
            .body(new CreatedTokenJson(token.id(), token.name(), created.secret(), token.createdAt(), token.expiresAt()));
    }

    @GetMapping("/api/v1/tokens")
    TokenListJson list(@AuthenticationPrincipal SignedInUser me) {
        return new TokenListJson(tokens.list(me.id()));
    }

    @DeleteMapping("/api/v1/tokens/{id}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal SignedInUser me, @PathVariable long id) {
        tokens.revoke(me.id(), id);
        return ResponseEntity.noContent().build();
    }

    /** Checks HTTP Basic credentials through the same throttled path as the sign-in form. */
    private long basicSignIn(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized("Send HTTP Basic credentials (username or email, and password) or sign in first.");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            throw unauthorized("The Basic credentials are not valid Base64.");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw unauthorized("The Basic credentials need a colon between login and password.");
        }
        try {
            return accounts.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1), ClientAddress.of(request)).id();
        }
        catch (LoginThrottledException ex) {
            throw Problem.rateLimited("Too many failed sign-in attempts; wait before trying again.", ex.retryAfter());
        }
        catch (AuthenticationException ex) {
            throw unauthorized(ex instanceof DisabledException ? "This account is disabled."
                    : "Wrong username, email or password.");
        }
    }

    private static Problem unauthorized(String detail) {
        return new Problem(HttpStatus.UNAUTHORIZED, "unauthorized", detail);
    }

    record TokenRequestJson(@Nullable String name, @Nullable Integer expiresInDays) {
    }

    record CreatedTokenJson(long id, String name, String token, Instant createdAt, @Nullable Instant expiresAt) {

        @Override
        public String toString() {
            return "CreatedTokenJson[id=" + id + "]";
        }

    }

    record TokenListJson(List<ApiToken> items) {
    }

}
