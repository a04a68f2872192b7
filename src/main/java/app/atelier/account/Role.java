package app.atelier.account;

/** What an account may do; the first account ever created is an admin. */
public enum Role {

    USER, ADMIN;

    public String id() {
        return name().toLowerCase();
    }

    static Role of(String id) {
        return valueOf(id.toUpperCase());
    }

}
