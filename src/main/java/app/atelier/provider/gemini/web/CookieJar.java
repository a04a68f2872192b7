package app.atelier.provider.gemini.web;

import java.net.HttpCookie;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import app.atelier.provider.ProviderCredential.WebCookies;

/**
 * The cookies of one stored credential, never shared with another. It holds only {@code __Secure-1PSID} and
 * {@code __Secure-1PSIDTS}: other clients report that extra Google cookies make rotation fail with 401. A PSIDTS that
 * rotation replaced is remembered, so a caller that has not stored the new value yet does not put the dead one back.
 * Its {@code toString} shows no value.
 */
final class CookieJar {

    /** RFC 6265 cookie-octets: nothing that could end the value or inject a header. */
    private static final Pattern COOKIE_VALUE = Pattern.compile("[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]+");

    private static final int REMEMBERED_SUPERSEDED = 8;

    private final Map<String, String> cookies = new LinkedHashMap<>();

    private final Set<String> superseded = new HashSet<>();

    static boolean wellFormed(WebCookies credential) {
        return COOKIE_VALUE.matcher(credential.psid()).matches()
                && (credential.psidts().isEmpty() || COOKIE_VALUE.matcher(credential.psidts()).matches());
    }

    /**
     * Takes the caller's cookies, unless its PSIDTS is one this jar has already rotated away. A caller without PSIDTS
     * (some accounts have none) keeps whatever rotation gave.
     */
    synchronized void seed(WebCookies credential) {
        cookies.put(WebProtocol.PSID, credential.psid());
        if (!credential.psidts().isEmpty() && !superseded.contains(credential.psidts())) {
            cookies.put(WebProtocol.PSIDTS, credential.psidts());
        }
    }

    synchronized Optional<String> psid() {
        return Optional.ofNullable(cookies.get(WebProtocol.PSID));
    }

    synchronized Optional<String> psidts() {
        return Optional.ofNullable(cookies.get(WebProtocol.PSIDTS));
    }

    /** The {@code Cookie} header value, or empty when the jar is empty. */
    synchronized String header() {
        List<String> pairs = new ArrayList<>();
        cookies.forEach((name, value) -> pairs.add(name + "=" + value));
        return String.join("; ", pairs);
    }

    /**
     * Takes new values of the two cookies from {@code Set-Cookie} headers (of a host under the cookie domain).
     * @return the names of the cookies that were set
     */
    synchronized Set<String> absorb(List<String> setCookieHeaders) {
        Set<String> set = new HashSet<>();
        for (String header : setCookieHeaders) {
            List<HttpCookie> parsed;
            try {
                parsed = HttpCookie.parse(header);
            }
            catch (IllegalArgumentException ex) {
                continue;
            }
            for (HttpCookie cookie : parsed) {
                String name = cookie.getName();
                String value = cookie.getValue();
                if ((name.equals(WebProtocol.PSID) || name.equals(WebProtocol.PSIDTS)) && value != null
                        && COOKIE_VALUE.matcher(value).matches() && !cookie.hasExpired()) {
                    String previous = cookies.put(name, value);
                    if (name.equals(WebProtocol.PSIDTS) && previous != null && !previous.equals(value)) {
                        if (superseded.size() >= REMEMBERED_SUPERSEDED) {
                            superseded.clear();
                        }
                        superseded.add(previous);
                    }
                    set.add(name);
                }
            }
        }
        return set;
    }

    @Override
    public String toString() {
        return "CookieJar[redacted]";
    }

}
