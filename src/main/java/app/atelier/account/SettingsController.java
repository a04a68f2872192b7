package app.atelier.account;

import java.time.Clock;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import app.atelier.web.FieldProblem;
import app.atelier.web.Flash;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Account settings: email, password, API tokens and deleting the account. */
@Controller
class SettingsController {

    private final Accounts accounts;

    private final ApiTokens tokens;

    private final SessionSignIn sessions;

    private final Clock clock;

    SettingsController(Accounts accounts, ApiTokens tokens, SessionSignIn sessions, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.sessions = sessions;
        this.clock = clock;
    }

    @GetMapping("/settings")
    String showSettings(@AuthenticationPrincipal SignedInUser me, Model model) {
        Account account = accounts.find(me.id()).orElseThrow(Problem::notFound);
        model.addAttribute("account", account);
        model.addAttribute("tokens", tokens.list(me.id()));
        model.addAttribute("now", clock.instant());
        model.addAttribute("verificationRequired", accounts.emailVerificationRequired());
        return "account/settings";
    }

    @PostMapping("/settings/email")
    String changeEmail(@AuthenticationPrincipal SignedInUser me, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String currentPassword, RedirectAttributes redirect) {
        try {
            accounts.changeEmail(me.id(), currentPassword, email);
        }
        catch (Problem problem) {
            return failed(problem, "email", redirect);
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success(accounts.emailVerificationRequired()
                ? "Your email address is changed. Open the link we sent to the new address to confirm it."
                : "Your email address is changed."));
        return "redirect:/settings";
    }

    @PostMapping("/settings/password")
    String changePassword(@AuthenticationPrincipal SignedInUser me, @RequestParam(defaultValue = "") String currentPassword,
            @RequestParam(defaultValue = "") String newPassword, @RequestParam(defaultValue = "") String confirmPassword,
            HttpServletRequest request, RedirectAttributes redirect) {
        if (!newPassword.equals(confirmPassword)) {
            return failed(Problem.validation("The password was not changed.",
                    List.of(new FieldProblem("confirmPassword", "The two new passwords differ."))), "password",
                    redirect);
        }
        try {
            accounts.changePassword(me.id(), currentPassword, newPassword);
        }
        catch (Problem problem) {
            return failed(problem, "password", redirect);
        }
        request.changeSessionId();
        redirect.addFlashAttribute(Flash.ATTRIBUTE,
                Flash.success("Your password is changed. Other devices that stayed signed in will have to sign in again."));
        return "redirect:/settings";
    }

    @PostMapping("/settings/tokens")
    String createToken(@AuthenticationPrincipal SignedInUser me, @RequestParam(defaultValue = "") String name,
            @RequestParam(required = false) @Nullable Integer expiresInDays, RedirectAttributes redirect) {
        try {
            NewApiToken created = tokens.create(me.id(), name, expiresInDays);
            redirect.addFlashAttribute("newToken", created);
        }
        catch (Problem problem) {
            return failed(problem, "tokens", redirect);
        }
        return "redirect:/settings#tokens";
    }

    @PostMapping("/settings/tokens/{id}/revoke")
    String revokeToken(@AuthenticationPrincipal SignedInUser me, @PathVariable long id, RedirectAttributes redirect) {
        try {
            tokens.revoke(me.id(), id);
        }
        catch (Problem problem) {
            return failed(problem, "tokens", redirect);
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("The token is revoked; it stopped working at once."));
        return "redirect:/settings#tokens";
    }

    @PostMapping("/settings/delete")
    String deleteAccount(@AuthenticationPrincipal SignedInUser me, @RequestParam(defaultValue = "") String confirmation,
            @RequestParam(defaultValue = "") String currentPassword, HttpServletRequest request, HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            accounts.delete(me.id(), confirmation, currentPassword);
        }
        catch (Problem problem) {
            return failed(problem, "delete", redirect);
        }
        sessions.signOut(request, response);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.info("Your account and everything in it are deleted. Goodbye!"));
        return "redirect:/";
    }

    private static String failed(Problem problem, String section, RedirectAttributes redirect) {
        redirect.addFlashAttribute("problem", problem);
        redirect.addFlashAttribute("section", section);
        return "redirect:/settings#" + section;
    }

}
