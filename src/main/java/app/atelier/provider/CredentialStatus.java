package app.atelier.provider;

/** What an upstream says about a credential; {@code unverified} exists only in storage, before the first check. */
public enum CredentialStatus {

    VALID, EXPIRED, INVALID, BLOCKED;

    public String id() {
        return name().toLowerCase();
    }

}
