package app.atelier.credentials;

import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import app.atelier.web.RequestPath;
import app.atelier.web.SignedInUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the signed-in person's expired credentials into the model of every page, for the layout's banner. Error pages
 * and the JSON API go without: an error page must not depend on the database, and JSON has no banner.
 */
@ControllerAdvice
class ExpiryBanner {

    private final Credentials credentials;

    ExpiryBanner(Credentials credentials) {
        this.credentials = credentials;
    }

    @ModelAttribute("expiredCredentials")
    List<Credential> expiredCredentials(@AuthenticationPrincipal @Nullable SignedInUser me, HttpServletRequest request) {
        if (me == null || request.getDispatcherType() == DispatcherType.ERROR || RequestPath.of(request).startsWith("/api/")) {
            return List.of();
        }
        return credentials.expired(me.id());
    }

}
