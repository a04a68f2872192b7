package app.atelier.web;

import jakarta.servlet.http.HttpServletRequest;

/** The path of a request inside the application, without the context path (the servlet path is empty in some setups). */
public final class RequestPath {

    private RequestPath() {
    }

    public static String of(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

}
