package app.atelier.web;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Absolute links for mails and share pages: {@code atelier.public-url} when set (behind a proxy, say), else the
 * address the current request came to.
 */
@Component
public class PublicUrl {

    private final @Nullable String configured;

    public PublicUrl(@Value("${atelier.public-url:}") String configured) {
        this.configured = configured.isBlank() ? null : configured.replaceAll("/+$", "");
    }

    /** The absolute URL of a path that starts with a slash; outside a request without a configured URL, the path alone. */
    public String of(String path) {
        if (configured != null) {
            return configured + path;
        }
        if (RequestContextHolder.getRequestAttributes() == null) {
            return path;
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().toUriString() + path;
    }

}
