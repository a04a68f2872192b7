package app.atelier.provider.gemini.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Which hosts may receive the user's cookies (the cookie domain and its subdomains) and which hosts images may come
 * from (the allowed image hosts, {@code *.} entries matching every subdomain). Everything else is refused, on every
 * redirect hop: an image URL in Google's answer must never make the server fetch an internal address.
 */
final class HostPolicy {

    private final String cookieDomain;

    private final List<String> imageHosts;

    HostPolicy(String cookieDomain, List<String> allowedImageHosts) {
        this.cookieDomain = normalise(cookieDomain.startsWith(".") ? cookieDomain.substring(1) : cookieDomain);
        this.imageHosts = allowedImageHosts.stream().map(HostPolicy::normalise).filter(host -> !host.isEmpty()).toList();
    }

    boolean receivesCookies(URI uri) {
        String host = hostOf(uri);
        return host != null && isWeb(uri) && (host.equals(cookieDomain) || host.endsWith("." + cookieDomain));
    }

    boolean imageHostAllowed(URI uri) {
        String host = hostOf(uri);
        if (host == null || !isWeb(uri) || uri.getRawUserInfo() != null) {
            return false;
        }
        for (String allowed : imageHosts) {
            if (allowed.startsWith("*.") ? host.endsWith(allowed.substring(1)) : host.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    /** The host for messages: never a path or query, which may carry a signed token. */
    static String describe(URI uri) {
        String host = hostOf(uri);
        return host == null ? "an invalid address" : host;
    }

    private static boolean isWeb(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
    }

    private static @Nullable String hostOf(URI uri) {
        String host = uri.getHost();
        return host == null || host.isBlank() ? null : normalise(host);
    }

    private static String normalise(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

}
