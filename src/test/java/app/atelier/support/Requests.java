package app.atelier.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Small request helpers for MockMvc tests. */
public final class Requests {

    private Requests() {
    }

    /** Makes the request come from a given client address, so throttling tests don't disturb each other. */
    public static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    public static String basic(String login, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

}
