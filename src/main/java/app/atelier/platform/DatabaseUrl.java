package app.atelier.platform;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/** A {@code DATABASE_URL} as Heroku and Railway set it ({@code postgres://user:pass@host:port/db}), turned into JDBC terms. */
record DatabaseUrl(String jdbcUrl, @Nullable String username, @Nullable String password) {

    static DatabaseUrl parse(String value) {
        String trimmed = value.trim();
        if (trimmed.startsWith("jdbc:")) {
            return new DatabaseUrl(trimmed, null, null);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("DATABASE_URL is not a valid URL; expected postgres://user:password@host:port/database");
        }
        String scheme = uri.getScheme();
        if (!"postgres".equals(scheme) && !"postgresql".equals(scheme)) {
            throw new IllegalStateException("DATABASE_URL must start with postgres:// or postgresql:// (or be a jdbc: URL), not "
                    + (scheme == null ? "nothing" : scheme + "://"));
        }
        // The raw authority, not getHost(): java.net.URI finds no host in names with underscores (docker-compose's atelier_db).
        String authority = uri.getRawAuthority();
        int at = authority == null ? -1 : authority.lastIndexOf('@');
        String hostAndPort = authority == null ? "" : authority.substring(at + 1);
        if (hostAndPort.isBlank() || uri.getRawPath() == null || uri.getRawPath().length() < 2) {
            throw new IllegalStateException("DATABASE_URL needs a host and a database name: postgres://user:password@host:port/database");
        }
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String jdbcUrl = "jdbc:postgresql://" + hostAndPort + uri.getRawPath() + query;
        String username = null;
        String password = null;
        String userInfo = at < 0 ? null : authority.substring(0, at);
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        return new DatabaseUrl(jdbcUrl, username, password);
    }

    /** Percent-decoding only: in a URL's user info a '+' is a plus sign, not a space as in a form. */
    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + "]";
    }

}
