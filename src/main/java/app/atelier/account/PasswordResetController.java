package app.atelier.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.atelier.web.ClientAddress;
import app.atelier.web.Flash;
import app.atelier.web.Problem;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Forgotten passwords: ask for a link by email, then choose a new password with it. */
@Controller
class PasswordResetController {

    static final String SENT_MESSAGE = "If an account uses this address, we sent it a link to reset the password. "
            + "It works once, for 30 minutes. Check your spam folder if nothing arrives.";

    private final Accounts accounts;

    PasswordResetController(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/password-reset")
    String showRequestForm() {
        return "account/password-reset-request";
    }

    @PostMapping("/password-reset")
    String requestReset(@RequestParam(defaultValue = "") String email, HttpServletRequest request, HttpServletResponse response,
            Model model, RedirectAttributes redirect) {
        try {
            accounts.requestPasswordReset(email, ClientAddress.of(request));
        }
        catch (Problem problem) {
            model.addAttribute("problem", problem);
            model.addAttribute("email", email);
            response.setStatus(problem.status().value());
            return "account/password-reset-request";
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.info(SENT_MESSAGE));
        return "redirect:/password-reset";
    }

    @GetMapping("/password-reset/{token}")
    String showResetForm(@PathVariable String token, Model model, HttpServletResponse response) {
        if (!accounts.passwordResetValid(token)) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "account/password-reset-invalid";
        }
        model.addAttribute("token", token);
        return "account/password-reset";
    }

    @PostMapping("/password-reset/{token}")
    String resetPassword(@PathVariable String token, @RequestParam(defaultValue = "") String newPassword,
            @RequestParam(defaultValue = "") String confirmPassword, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        if (!newPassword.equals(confirmPassword)) {
            model.addAttribute("token", token);
            model.addAttribute("mismatch", true);
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return "account/password-reset";
        }
        try {
            accounts.resetPassword(token, newPassword);
        }
        catch (Problem problem) {
            if (problem.status() == HttpStatus.NOT_FOUND) {
                response.setStatus(HttpStatus.NOT_FOUND.value());
                return "account/password-reset-invalid";
            }
            model.addAttribute("token", token);
            model.addAttribute("problem", problem);
            response.setStatus(problem.status().value());
            return "account/password-reset";
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Your password is changed. Sign in with the new one."));
        return "redirect:/login";
    }

}
