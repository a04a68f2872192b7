package app.atelier.web;

import jakarta.servlet.http.HttpServletRequest;

/** The address a request came from, as the container resolved it (honouring {@code X-Forwarded-For} when configured). */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        return address == null || address.isBlank() ? "unknown" : address;
    }

}
