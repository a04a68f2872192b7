package app.atelier.provider;

/** The outcome of validating a credential, with a sentence a person can act on ("signed out — export the cookies again"). */
public record CredentialCheck(CredentialStatus status, String detail) {

    public static CredentialCheck valid(String detail) {
        return new CredentialCheck(CredentialStatus.VALID, detail);
    }

    public boolean valid() {
        return status == CredentialStatus.VALID;
    }

}
