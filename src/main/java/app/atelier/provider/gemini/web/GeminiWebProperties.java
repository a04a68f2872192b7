package app.atelier.provider.gemini.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code atelier.gemini.web}. The URLs and host lists exist so tests (and anyone trying Atelier out)
 * can point the client at a fake server: the code path stays the one used against Google.
 *
 * @param baseUrl the Gemini web app
 * @param accountsUrl where {@code RotateCookies} lives
 * @param cookieDomain hosts equal to it or under it receive the user's cookies; no other host ever does
 * @param allowedImageHosts the only hosts images (and every redirect hop on the way) are fetched from; an entry
 * {@code *.example.com} allows every host under {@code example.com}
 * @param rotationInterval how often the stored cookies are rotated in the background (never under 60 s)
 * @param connectTimeout for opening a connection
 * @param idleStreamTimeout the answer stream counts as dead after this long without a byte
 * @param callTimeout the whole of one generation or validation, downloads included
 * @param maxImageBytes the largest image (or redirect text) accepted from an image host
 * @param model {@code flash}, {@code pro} or a model id; matched against the account's models, else a built-in table
 */
@ConfigurationProperties("atelier.gemini.web")
record GeminiWebProperties(@DefaultValue("https://gemini.google.com") URI baseUrl,
        @DefaultValue("https://accounts.google.com") URI accountsUrl, @DefaultValue("google.com") String cookieDomain,
        @DefaultValue({ "lh3.googleusercontent.com", "work.fife.usercontent.google.com",
                "*.googleusercontent.com" }) List<String> allowedImageHosts,
        @DefaultValue("10m") Duration rotationInterval, @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("120s") Duration idleStreamTimeout, @DefaultValue("5m") Duration callTimeout,
        @DefaultValue("25MB") DataSize maxImageBytes, @DefaultValue("flash") String model) {

    GeminiWebProperties {
        allowedImageHosts = List.copyOf(allowedImageHosts);
    }

}
