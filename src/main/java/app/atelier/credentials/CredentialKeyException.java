package app.atelier.credentials;

/**
 * A problem with the credentials key that stops Atelier from starting: what is wrong, and what the operator should do
 * about it. Neither ever holds key material or a credential.
 */
class CredentialKeyException extends IllegalStateException {

    private final String action;

    CredentialKeyException(String description, String action) {
        super(description);
        this.action = action;
    }

    String action() {
        return action;
    }

}
