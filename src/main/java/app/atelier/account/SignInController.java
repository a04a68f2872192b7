package app.atelier.account;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import app.atelier.web.SignedInUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page; Spring Security's form login handles the POST. */
@Controller
class SignInController {

    static final String LAST_LOGIN_ATTRIBUTE = "atelier.lastLogin";

    private final Accounts accounts;

    SignInController(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/login")
    String showSignIn(@AuthenticationPrincipal @Nullable SignedInUser me, @RequestParam(required = false) @Nullable String error,
            @RequestParam(required = false) @Nullable String throttled, @RequestParam(required = false) @Nullable String disabled,
            @RequestParam(required = false) @Nullable String signedOut, HttpSession session, Model model) {
        if (me != null) {
            return "redirect:/";
        }
        Object lastLogin = session.getAttribute(LAST_LOGIN_ATTRIBUTE);
        session.removeAttribute(LAST_LOGIN_ATTRIBUTE);
        model.addAttribute("login", lastLogin == null ? "" : lastLogin);
        if (throttled != null) {
            model.addAttribute("error", "Too many failed attempts. For your safety, sign-in is paused for about " + minutes(throttled)
                    + ". If you forgot your password, reset it below.");
        }
        else if (disabled != null) {
            model.addAttribute("error", "This account is disabled. Contact the administrator of this Atelier.");
        }
        else if (error != null) {
            model.addAttribute("error", "Wrong username, email or password.");
        }
        else if (signedOut != null) {
            model.addAttribute("info", "You are signed out.");
        }
        model.addAttribute("registrationOpen", accounts.registrationOpen());
        return "account/login";
    }

    private static String minutes(String value) {
        try {
            int minutes = Math.max(1, Math.min(60 * 24, Integer.parseInt(value)));
            return minutes == 1 ? "a minute" : minutes + " minutes";
        }
        catch (NumberFormatException ex) {
            return "15 minutes";
        }
    }

}
