package app.atelier.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import app.atelier.web.ClientAddress;
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

/** Creating an account, waiting for approval and confirming an email address. */
@Controller
class RegistrationController {

    private final Accounts accounts;

    private final SessionSignIn sessions;

    RegistrationController(Accounts accounts, SessionSignIn sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @GetMapping("/register")
    String showRegistration(@AuthenticationPrincipal @Nullable SignedInUser me, Model model) {
        if (me != null) {
            return "redirect:/";
        }
        model.addAttribute("username", "");
        model.addAttribute("email", "");
        return showForm(model);
    }

    @PostMapping("/register")
    String register(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "false") boolean acceptTerms,
            HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        Account account;
        try {
            account = accounts.register(new Registration(username, email, password, acceptTerms), ClientAddress.of(request));
        }
        catch (Problem problem) {
            model.addAttribute("username", username);
            model.addAttribute("email", email);
            model.addAttribute("acceptTerms", acceptTerms);
            model.addAttribute("problem", problem);
            response.setStatus(problem.status().value());
            return showForm(model);
        }
        sessions.signIn(account, request, response);
        if (!account.approved()) {
            return "redirect:/waiting";
        }
        if (accounts.emailVerificationRequired()) {
            return "redirect:/verify-email";
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Welcome to Atelier, " + account.username() + "!"
                + (account.admin() ? " As the first account, you are this installation's administrator." : "")));
        return "redirect:/";
    }

    @GetMapping("/waiting")
    String showWaiting(@AuthenticationPrincipal SignedInUser me) {
        return accounts.find(me.id()).filter(account -> !account.approved()).isPresent() ? "account/waiting" : "redirect:/";
    }

    @GetMapping("/verify-email")
    String showVerifyEmail(@AuthenticationPrincipal SignedInUser me, Model model) {
        Account account = accounts.find(me.id()).orElseThrow(Problem::notFound);
        if (account.emailVerified()) {
            return "redirect:/";
        }
        model.addAttribute("email", account.email());
        return "account/verify-email";
    }

    @PostMapping("/verify-email/resend")
    String resendVerification(@AuthenticationPrincipal SignedInUser me, RedirectAttributes redirect) {
        accounts.resendVerification(me.id());
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.info("We sent a new confirmation link. Earlier links no longer work."));
        return "redirect:/verify-email";
    }

    @GetMapping("/verify-email/{token}")
    String verifyEmail(@PathVariable String token, @AuthenticationPrincipal @Nullable SignedInUser me, RedirectAttributes redirect) {
        if (accounts.verifyEmail(token).isPresent()) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Thank you, your email address is confirmed."));
        }
        else {
            redirect.addFlashAttribute(Flash.ATTRIBUTE,
                    Flash.error("This confirmation link is invalid or was already used. Sign in to get a new one."));
        }
        if (me == null) {
            return "redirect:/login";
        }
        // an unconfirmed account would be sent on from / to /verify-email, and the message would be lost on the way
        return accounts.find(me.id()).filter(account -> !account.emailVerified()).isPresent() ? "redirect:/verify-email" : "redirect:/";
    }

    private String showForm(Model model) {
        model.addAttribute("registrationOpen", accounts.registrationOpen());
        model.addAttribute("needsApproval", accounts.registrationNeedsApproval());
        return "account/register";
    }

}
