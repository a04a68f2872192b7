package app.atelier.credentials;

import app.atelier.account.Accounts;
import app.atelier.mail.Mailer;
import app.atelier.provider.ProviderId;
import app.atelier.web.PublicUrl;

import org.springframework.stereotype.Component;

/** Tells an owner, once per expiry, that a credential died and how to fix it. */
@Component
class ExpiryNotices {

    private final Accounts accounts;

    private final Mailer mailer;

    private final PublicUrl publicUrl;

    ExpiryNotices(Accounts accounts, Mailer mailer, PublicUrl publicUrl) {
        this.accounts = accounts;
        this.mailer = mailer;
        this.publicUrl = publicUrl;
    }

    void credentialExpired(long accountId, ProviderId provider, String detail) {
        accounts.find(accountId).ifPresent(account -> mailer.send(account.email(), subject(provider), """
                Hello %s,

                %s stopped working: %s

                Atelier cannot generate with it until you replace it. %s
                %s
                """.formatted(account.username(), name(provider), detail, advice(provider), link())));
    }

    private String link() {
        try {
            return publicUrl.of("/credentials");
        }
        catch (IllegalStateException ex) {
            return "Open the Credentials page of Atelier.";
        }
    }

    static String name(ProviderId provider) {
        return provider == ProviderId.GEMINI_WEB ? "Your Gemini web cookies" : "Your Gemini API key";
    }

    private static String subject(ProviderId provider) {
        return provider == ProviderId.GEMINI_WEB ? "Your Gemini cookies expired" : "Your Gemini API key stopped working";
    }

    private static String advice(ProviderId provider) {
        return provider == ProviderId.GEMINI_WEB
                ? "Export the two cookies again from a private window (the Credentials page shows how) and paste them here:"
                : "Create a new key in Google AI Studio and enter it here:";
    }

}
