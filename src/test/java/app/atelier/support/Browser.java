package app.atelier.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * One person's browser over MockMvc: it keeps the session and the cookies between requests and always comes from the
 * same client address, so throttling in one test does not disturb another.
 */
public final class Browser {

    private final MockMvcTester mvc;

    private final String address;

    private @Nullable MockHttpSession session;

    private final Map<String, Cookie> cookies = new LinkedHashMap<>();

    public Browser(MockMvcTester mvc) {
        this(mvc, Unique.address());
    }

    public Browser(MockMvcTester mvc, String address) {
        this.mvc = mvc;
        this.address = address;
    }

    public String address() {
        return address;
    }

    public MvcTestResult get(String uri) {
        return exchange(mvc.get().uri(likeAContainer(uri)));
    }

    /** A form post with a valid CSRF token; {@code fields} are name, value, name, value… */
    public MvcTestResult post(String uri, String... fields) {
        return exchange(form(mvc.post().uri(uri), fields).with(csrf()));
    }

    /** A form post as a forged cross-site form would send it: without the CSRF token. */
    public MvcTestResult postWithoutCsrf(String uri, String... fields) {
        return exchange(form(mvc.post().uri(uri), fields));
    }

    /** Sends any request with this browser's session, cookies and address, and keeps what the answer changed. */
    public MvcTestResult exchange(MockMvcRequestBuilder request) {
        request.remoteAddress(address);
        if (session != null) {
            request.session(session);
        }
        if (!cookies.isEmpty()) {
            request.cookie(cookies.values().toArray(Cookie[]::new));
        }
        MvcTestResult result = request.exchange();
        HttpSession after = result.getRequest().getSession(false);
        session = after instanceof MockHttpSession mock && !mock.isInvalid() ? mock : null;
        for (Cookie cookie : result.getResponse().getCookies()) {
            if (cookie.getMaxAge() == 0) {
                cookies.remove(cookie.getName());
            }
            else {
                cookies.put(cookie.getName(), cookie);
            }
        }
        return result;
    }

    /** GETs a page that must answer 200 and returns its HTML. */
    public String page(String uri) {
        MvcTestResult result = get(uri);
        assertThat(result).hasStatus(200);
        return body(result);
    }

    /** Follows a redirect the way a browser would (the fragment stays in the browser). */
    public MvcTestResult follow(MvcTestResult redirect) {
        assertThat(redirect).hasStatus3xxRedirection();
        String location = redirect.getResponse().getRedirectedUrl();
        assertThat(location).isNotNull();
        int fragment = location.indexOf('#');
        return get(fragment < 0 ? location : location.substring(0, fragment));
    }

    /** Posts the sign-in form and answers the redirect Spring Security sends. */
    public MvcTestResult signIn(String login, String password) {
        return post("/login", "username", login, "password", password);
    }

    public MvcTestResult signInRemembered(String login, String password) {
        return post("/login", "username", login, "password", password, "remember-me", "true");
    }

    /** Signs in and checks that it worked. */
    public Browser signedIn(String login, String password) {
        MvcTestResult result = signIn(login, password);
        assertThat(result).hasStatus(302);
        assertThat(result.getResponse().getRedirectedUrl()).doesNotStartWith("/login");
        return this;
    }

    /** Registers through the form, which also signs the new person in. */
    public MvcTestResult register(String username, String email, String password) {
        return post("/register", "username", username, "email", email, "password", password, "acceptTerms", "true");
    }

    /** Like closing the browser: the session cookie is gone, other cookies stay. */
    public void closeSession() {
        session = null;
    }

    public Optional<Cookie> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    public static String body(MvcTestResult result) {
        return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * MockMvc reads {@code /login?error} as a parameter without a value (null), while servlet containers read an empty
     * string; {@code ?error=} means the same to both.
     */
    static String likeAContainer(String uri) {
        int query = uri.indexOf('?');
        if (query < 0) {
            return uri;
        }
        String parameters = Arrays.stream(uri.substring(query + 1).split("&"))
            .map(parameter -> parameter.contains("=") || parameter.isEmpty() ? parameter : parameter + "=")
            .collect(Collectors.joining("&"));
        return uri.substring(0, query + 1) + parameters;
    }

    private static MockMvcRequestBuilder form(MockMvcRequestBuilder request, String... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("Fields come in name, value pairs");
        }
        for (int i = 0; i < fields.length; i += 2) {
            request.param(fields[i], fields[i + 1]);
        }
        return request;
    }

}
