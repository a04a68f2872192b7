package app.atelier.credentials;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.atelier.web.FieldProblem;
import app.atelier.web.Problem;

/**
 * Finds {@code __Secure-1PSID} and {@code __Secure-1PSIDTS} in whatever a person pastes: a {@code Cookie:} header, a
 * cookie-editor extension's JSON export, or a Netscape {@code cookies.txt}. Every other cookie is dropped on the spot.
 */
final class CookiePaste {

    static final String PSID = "__Secure-1PSID";

    static final String PSIDTS = "__Secure-1PSIDTS";

    static final int MAX_PASTE_LENGTH = 200_000;

    static final int MAX_VALUE_LENGTH = 4096;

    /** RFC 6265's cookie-octet: no spaces, quotes, commas, semicolons or backslashes. */
    private static final Pattern COOKIE_VALUE = Pattern.compile("[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]+");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CookiePaste() {
    }

    record WebCookies(String psid, String psidts) {

        @Override
        public String toString() {
            return "WebCookies[redacted]";
        }

    }

    static WebCookies parse(String paste) {
        String text = paste.strip();
        if (text.isEmpty()) {
            throw invalid("Paste your cookies first.");
        }
        if (text.length() > MAX_PASTE_LENGTH) {
            throw invalid("That paste is too long to be cookies. Paste only the Cookie header, the JSON export or cookies.txt.");
        }
        Map<String, String> found = text.startsWith("[") || text.startsWith("{") ? fromJson(text)
                : looksLikeNetscape(text) ? fromNetscape(text) : fromHeader(text);
        String psid = found.get(PSID);
        String psidts = found.get(PSIDTS);
        if (psid == null && psidts == null) {
            throw invalid("We couldn't find " + PSID + " or " + PSIDTS + " in what you pasted. Paste the Cookie header of a "
                    + "request to gemini.google.com, a JSON export from a cookie editor, or a cookies.txt file.");
        }
        if (psid == null) {
            throw invalid("The paste has " + PSIDTS + " but not " + PSID + ". Export the cookies of google.com again, with both.");
        }
        if (psidts == null) {
            throw invalid("The paste has " + PSID + " but not " + PSIDTS + ". Export the cookies of google.com again, with both.");
        }
        return checked(psid, psidts, "cookies");
    }

    /** Checks the two values typed separately; the field names are the API's. */
    static WebCookies checked(String psid, String psidts, String field) {
        checkValue(psid, PSID, field.equals("cookies") ? "cookies" : "psid");
        checkValue(psidts, PSIDTS, field.equals("cookies") ? "cookies" : "psidts");
        return new WebCookies(psid, psidts);
    }

    private static void checkValue(String value, String name, String field) {
        if (value.isEmpty()) {
            throw invalid(field, name + " is empty. Copy its Value column from the browser's cookie list.");
        }
        if (value.length() > MAX_VALUE_LENGTH || !COOKIE_VALUE.matcher(value).matches()) {
            throw invalid(field, name + " doesn't look like a cookie value: copy only the value, without spaces, quotes or semicolons.");
        }
    }

    private static Map<String, String> fromHeader(String text) {
        String header = text.regionMatches(true, 0, "cookie:", 0, 7) ? text.substring(7) : text;
        Map<String, String> found = new HashMap<>();
        for (String pair : header.split("[;\\r\\n]+")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                keep(found, pair.substring(0, equals).strip(), unquote(pair.substring(equals + 1).strip()));
            }
        }
        return found;
    }

    private static Map<String, String> fromJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        }
        catch (JacksonException ex) {
            throw invalid("That looks like JSON but can't be read. Export the cookies again and paste the whole export.");
        }
        List<JsonNode> cookies = root.isArray() ? root.valueStream().toList()
                : root.has("cookies") && root.get("cookies").isArray() ? root.get("cookies").valueStream().toList() : List.of(root);
        Map<String, String> found = new HashMap<>();
        for (JsonNode cookie : cookies) {
            JsonNode name = cookie.get("name");
            JsonNode value = cookie.get("value");
            if (name != null && value != null && name.isString() && value.isString() && googleDomain(cookie.get("domain"))) {
                keep(found, name.stringValue(), value.stringValue());
            }
        }
        return found;
    }

    private static boolean looksLikeNetscape(String text) {
        return text.startsWith("# Netscape HTTP Cookie File") || text.startsWith("# HTTP Cookie File")
                || text.lines().anyMatch(line -> line.split("\t").length >= 7);
    }

    private static Map<String, String> fromNetscape(String text) {
        Map<String, String> found = new HashMap<>();
        for (String line : text.split("\\r?\\n")) {
            String row = line.startsWith("#HttpOnly_") ? line.substring("#HttpOnly_".length()) : line;
            if (row.isBlank() || row.startsWith("#")) {
                continue;
            }
            String[] fields = row.split("\t");
            if (fields.length >= 7 && googleDomain(fields[0])) {
                keep(found, fields[5].strip(), fields[6].strip());
            }
        }
        return found;
    }

    private static void keep(Map<String, String> found, String name, String value) {
        if (name.equals(PSID) || name.equals(PSIDTS)) {
            found.putIfAbsent(name, value);
        }
    }

    private static boolean googleDomain(JsonNode domain) {
        return domain == null || domain.isNull() || googleDomain(domain.asString());
    }

    private static boolean googleDomain(String domain) {
        String host = domain.strip().toLowerCase(Locale.ROOT);
        host = host.startsWith(".") ? host.substring(1) : host;
        return host.isEmpty() || host.equals("google.com") || host.endsWith(".google.com");
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static Problem invalid(String message) {
        return invalid("cookies", message);
    }

    private static Problem invalid(String field, String message) {
        return Problem.validation(message, List.of(new FieldProblem(field, message)));
    }

}
