package app.atelier.credentials;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import app.atelier.provider.ProviderId;
import app.atelier.web.FieldProblem;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/credentials}: store, list, verify and delete the caller's Gemini credentials. */
@RestController
class CredentialsApiController {

    private final Credentials credentials;

    CredentialsApiController(Credentials credentials) {
        this.credentials = credentials;
    }

    @GetMapping("/api/v1/credentials")
    CredentialListJson list(@AuthenticationPrincipal SignedInUser me) {
        return new CredentialListJson(credentials.list(me.id()).stream().map(CredentialJson::of).toList());
    }

    @PutMapping("/api/v1/credentials/gemini-web")
    CredentialJson saveWebCookies(@AuthenticationPrincipal SignedInUser me, @RequestBody WebCookiesJson body) {
        if (body.cookies() != null && (body.psid() != null || body.psidts() != null)) {
            throw invalid("cookies", "Send either psid and psidts, or cookies, not both.");
        }
        if (body.cookies() != null) {
            return CredentialJson.of(credentials.saveWebCookiesPaste(me.id(), body.cookies()));
        }
        if (body.psid() == null || body.psidts() == null) {
            throw invalid(body.psid() == null ? "psid" : "psidts", "Send psid and psidts (the values of __Secure-1PSID and "
                    + "__Secure-1PSIDTS), or cookies with a raw paste.");
        }
        return CredentialJson.of(credentials.saveWebCookies(me.id(), body.psid(), body.psidts()));
    }

    @PutMapping("/api/v1/credentials/gemini-api")
    CredentialJson saveApiKey(@AuthenticationPrincipal SignedInUser me, @RequestBody ApiKeyJson body) {
        if (body.apiKey() == null) {
            throw invalid("apiKey", "Send apiKey, the key from Google AI Studio.");
        }
        return CredentialJson.of(credentials.saveApiKey(me.id(), body.apiKey()));
    }

    @PostMapping("/api/v1/credentials/{provider}/verify")
    CredentialJson verify(@AuthenticationPrincipal SignedInUser me, @PathVariable String provider) {
        return CredentialJson.of(credentials.verify(me.id(), providerOf(provider)));
    }

    @DeleteMapping("/api/v1/credentials/{provider}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal SignedInUser me, @PathVariable String provider) {
        credentials.delete(me.id(), providerOf(provider));
        return ResponseEntity.noContent().build();
    }

    private static ProviderId providerOf(String id) {
        return ProviderId.of(id).orElseThrow(Problem::notFound);
    }

    private static Problem invalid(String field, String message) {
        return Problem.validation(message, List.of(new FieldProblem(field, message)));
    }

    record WebCookiesJson(@Nullable String psid, @Nullable String psidts, @Nullable String cookies) {

        @Override
        public String toString() {
            return "WebCookiesJson[redacted]";
        }

    }

    record ApiKeyJson(@Nullable String apiKey) {

        @Override
        public String toString() {
            return "ApiKeyJson[redacted]";
        }

    }

    record CredentialListJson(List<CredentialJson> items) {
    }

    record CredentialJson(String provider, String status, @Nullable String statusDetail, String hint, @Nullable Instant lastVerifiedAt,
            @Nullable Instant lastUsedAt, @Nullable Instant lastRotatedAt, Instant createdAt, Instant updatedAt) {

        static CredentialJson of(Credential credential) {
            return new CredentialJson(credential.provider().id(), credential.status(), credential.statusDetail(), credential.hint(),
                    credential.lastVerifiedAt(), credential.lastUsedAt(), credential.lastRotatedAt(), credential.createdAt(),
                    credential.updatedAt());
        }

    }

}
