package app.atelier.credentials;

import java.util.List;

import org.jspecify.annotations.Nullable;

import app.atelier.provider.ProviderId;
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

/**
 * The Credentials page: store, check and delete the signed-in person's Gemini credentials. A secret typed into a form
 * is never put back into a page, not even after an error.
 */
@Controller
class CredentialsController {

    private final Credentials credentials;

    CredentialsController(Credentials credentials) {
        this.credentials = credentials;
    }

    @GetMapping("/credentials")
    String showCredentials(@AuthenticationPrincipal SignedInUser me, Model model) {
        List<StoredRow> stored = credentials.list(me.id()).stream().map(StoredRow::of).toList();
        model.addAttribute("stored", stored);
        model.addAttribute("hasWeb", stored.stream().anyMatch(row -> row.credential().provider() == ProviderId.GEMINI_WEB));
        model.addAttribute("hasApiKey", stored.stream().anyMatch(row -> row.credential().provider() == ProviderId.GEMINI_API));
        model.addAttribute("webEnabled", credentials.geminiWebEnabled());
        return "credentials/index";
    }

    @PostMapping("/credentials/gemini-web/paste")
    String saveWebCookiesPaste(@AuthenticationPrincipal SignedInUser me, @RequestParam(defaultValue = "") String cookies,
            RedirectAttributes redirect) {
        try {
            credentials.saveWebCookiesPaste(me.id(), cookies);
        }
        catch (Problem problem) {
            return failed(problem, "web-paste", redirect);
        }
        return saved("Your Gemini cookies work — saved. Atelier keeps them alive from now on.", redirect);
    }

    @PostMapping("/credentials/gemini-web")
    String saveWebCookies(@AuthenticationPrincipal SignedInUser me, @RequestParam(defaultValue = "") String psid,
            @RequestParam(defaultValue = "") String psidts, RedirectAttributes redirect) {
        try {
            credentials.saveWebCookies(me.id(), psid, psidts);
        }
        catch (Problem problem) {
            return failed(problem, "web-values", redirect);
        }
        return saved("Your Gemini cookies work — saved. Atelier keeps them alive from now on.", redirect);
    }

    @PostMapping("/credentials/gemini-api")
    String saveApiKey(@AuthenticationPrincipal SignedInUser me, @RequestParam(defaultValue = "") String apiKey,
            RedirectAttributes redirect) {
        try {
            credentials.saveApiKey(me.id(), apiKey);
        }
        catch (Problem problem) {
            return failed(problem, "api", redirect);
        }
        return saved("Your Gemini API key works — saved.", redirect);
    }

    @PostMapping("/credentials/{provider}/verify")
    String verify(@AuthenticationPrincipal SignedInUser me, @PathVariable String provider, RedirectAttributes redirect) {
        ProviderId id = providerOf(provider);
        try {
            Credential checked = credentials.verify(me.id(), id);
            redirect.addFlashAttribute(Flash.ATTRIBUTE, checked.status().equals("valid")
                    ? Flash.success("Checked with Google: " + StoredRow.subject(id) + " " + (id == ProviderId.GEMINI_WEB ? "work." : "works."))
                    : Flash.error("Checked with Google: " + StoredRow.subject(id) + " " + (id == ProviderId.GEMINI_WEB ? "are " : "is ")
                            + checked.status() + ". " + StoredRow.advice(checked)));
        }
        catch (Problem problem) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(problem.detail()));
        }
        return "redirect:/credentials";
    }

    @PostMapping("/credentials/{provider}/delete")
    String delete(@AuthenticationPrincipal SignedInUser me, @PathVariable String provider, RedirectAttributes redirect) {
        ProviderId id = providerOf(provider);
        try {
            credentials.delete(me.id(), id);
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.info(StoredRow.capitalized(id) + " " + (id == ProviderId.GEMINI_WEB ? "are" : "is")
                    + " deleted from Atelier."));
        }
        catch (Problem problem) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error(problem.detail()));
        }
        return "redirect:/credentials";
    }

    private static ProviderId providerOf(String id) {
        return ProviderId.of(id).orElseThrow(Problem::notFound);
    }

    private static String saved(String message, RedirectAttributes redirect) {
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success(message));
        return "redirect:/credentials";
    }

    /** Back to the page, scrolled to the refused form (to the web section when its forms are switched off). */
    private static String failed(Problem problem, String form, RedirectAttributes redirect) {
        redirect.addFlashAttribute("formError", FormError.of(form, problem));
        return "redirect:/credentials#" + (problem.code().equals("provider_disabled") ? "web" : form);
    }

    /** One stored credential as the page shows it. */
    record StoredRow(Credential credential, String name, String advice) {

        static StoredRow of(Credential credential) {
            return new StoredRow(credential, credential.provider() == ProviderId.GEMINI_WEB ? "Gemini web cookies" : "Gemini API key",
                    advice(credential));
        }

        public String id() {
            return credential.provider().id();
        }

        public String deleteQuestion() {
            return "Delete " + subject(credential.provider()) + " from Atelier? You will have to "
                    + (credential.provider() == ProviderId.GEMINI_WEB ? "export them" : "paste it") + " again to generate with "
                    + (credential.provider() == ProviderId.GEMINI_WEB ? "them." : "it.");
        }

        static String subject(ProviderId provider) {
            return provider == ProviderId.GEMINI_WEB ? "your Gemini cookies" : "your Gemini API key";
        }

        static String capitalized(ProviderId provider) {
            return provider == ProviderId.GEMINI_WEB ? "Your Gemini cookies" : "Your Gemini API key";
        }

        /** What to do about a credential in this status, or nothing when it works. */
        static String advice(Credential credential) {
            boolean web = credential.provider() == ProviderId.GEMINI_WEB;
            return switch (credential.status()) {
                case "expired" -> web ? "Export the cookies again with the guide below and save them." : "Save a new key below.";
                case "invalid" -> web ? "Export the cookies again with the guide below." : "Check the key in Google AI Studio, or create a new one.";
                case "blocked" -> web ? "Google refuses this account here; an API key may still work." : "Google refuses this key here; check its restrictions or create a new one.";
                case "unverified" -> "Press “Verify now” to ask Google.";
                default -> "";
            };
        }

    }

    /**
     * A refused form, for the next page: which form, the message, and the field it is about. {@code field} is null
     * when the message concerns the whole form (the values Google refused) or nothing the person typed (Google was
     * unreachable).
     */
    record FormError(String form, String code, String message, @Nullable String field) {

        static FormError of(String form, Problem problem) {
            String field = problem.errors().isEmpty() ? null : problem.errors().get(0).field();
            String message = problem.errors().isEmpty() ? problem.detail() : problem.errors().get(0).message();
            return new FormError(form, problem.code(), message, field);
        }

        /** Whether the input named {@code name} gets this message beside it. */
        public boolean about(String name) {
            return name.equals(field);
        }

        /** Whether Google refused what was typed as a whole: every input of the form is marked. */
        public boolean refused() {
            return field == null && code.equals("credentials_invalid");
        }

        /** Whether the message concerns no input: Google was unreachable, or the path is switched off. */
        public boolean general() {
            return field == null && !refused();
        }

    }

}
