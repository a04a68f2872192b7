package app.atelier.gallery;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import app.atelier.web.PathIds;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST} and {@code DELETE /api/v1/images/{id}/share}: make and revoke an image's public link. */
@RestController
class ShareApiController {

    private final ShareLinks shares;

    ShareApiController(ShareLinks shares) {
        this.shares = shares;
    }

    @PostMapping("/api/v1/images/{id}/share")
    ResponseEntity<ShareJson> share(@AuthenticationPrincipal SignedInUser me, @PathVariable String id,
            @RequestBody(required = false) @Nullable ShareRequest body) {
        ShareLink link = shares.share(me.id(), PathIds.parse(id), body == null ? null : body.expiresInDays());
        return ResponseEntity.status(HttpStatus.CREATED).body(new ShareJson(link.url(), link.expiresAt()));
    }

    @DeleteMapping("/api/v1/images/{id}/share")
    ResponseEntity<Void> unshare(@AuthenticationPrincipal SignedInUser me, @PathVariable String id) {
        shares.unshare(me.id(), PathIds.parse(id));
        return ResponseEntity.noContent().build();
    }


    record ShareRequest(@Nullable Integer expiresInDays) {
    }

    record ShareJson(String url, @Nullable Instant expiresAt) {
    }

}
