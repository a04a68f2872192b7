package app.atelier.account;

import app.atelier.mail.Mailer;
import app.atelier.web.PublicUrl;

import org.springframework.stereotype.Component;

/** The texts of the mails about an account. Links are built while the request that caused them is still current. */
@Component
class AccountMails {

    private final Mailer mailer;

    private final PublicUrl publicUrl;

    AccountMails(Mailer mailer, PublicUrl publicUrl) {
        this.mailer = mailer;
        this.publicUrl = publicUrl;
    }

    void passwordReset(Account account, String token, long validMinutes) {
        mailer.send(account.email(), "Reset your Atelier password", """
                Hello %s,

                someone (hopefully you) asked to reset the password of your Atelier account.
                Choose a new password here within %d minutes:

                %s

                The link works once. If you did not ask for this, ignore this mail: your password stays as it is.
                """.formatted(account.username(), validMinutes, publicUrl.of("/password-reset/" + token)));
    }

    void emailVerification(Account account, String token) {
        mailer.send(account.email(), "Confirm your email address for Atelier", """
                Hello %s,

                please confirm that this is your email address by opening this link:

                %s

                If you did not create an Atelier account, ignore this mail.
                """.formatted(account.username(), publicUrl.of("/verify-email/" + token)));
    }

    void awaitingApproval(Account admin, Account newcomer) {
        mailer.send(admin.email(), "A new Atelier account waits for approval", """
                Hello %s,

                %s (%s) created an account and waits for an administrator to approve it.
                """.formatted(admin.username(), newcomer.username(), newcomer.email()));
    }

    void approved(Account account) {
        mailer.send(account.email(), "Your Atelier account is approved", """
                Hello %s,

                an administrator approved your account. Sign in and start creating: %s
                """.formatted(account.username(), publicUrl.of("/login")));
    }

    void passwordChanged(Account account) {
        mailer.send(account.email(), "Your Atelier password was changed", """
                Hello %s,

                the password of your Atelier account was just changed, and every "remember me" sign-in was ended.
                If this was not you, reset your password at once: %s
                """.formatted(account.username(), publicUrl.of("/password-reset")));
    }

}
