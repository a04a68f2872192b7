package app.atelier.admin;

import app.atelier.account.Account;
import app.atelier.account.Accounts;
import app.atelier.web.Flash;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Accounts that wait for approval when {@code atelier.accounts.registration=approval}. Admins only (see the security chain). */
@Controller
class AdminAccountsController {

    private final Accounts accounts;

    AdminAccountsController(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/admin/accounts")
    String showPending(Model model) {
        model.addAttribute("pending", accounts.pendingApproval());
        model.addAttribute("approvalMode", accounts.registrationNeedsApproval());
        return "admin/accounts";
    }

    @PostMapping("/admin/accounts/{id}/approve")
    String approve(@PathVariable long id, RedirectAttributes redirect) {
        Account account = accounts.approve(id);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success(account.username() + " is approved and was told by email."));
        return "redirect:/admin/accounts";
    }

    @PostMapping("/admin/accounts/{id}/reject")
    String reject(@PathVariable long id, RedirectAttributes redirect) {
        accounts.reject(id);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.info("The account was turned away and deleted."));
        return "redirect:/admin/accounts";
    }

}
