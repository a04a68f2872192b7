package app.atelier.provider.gemini.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.atelier.provider.FailureCode;
import app.atelier.provider.ProviderFailure;

/**
 * Fetches a generated image: the full-size chain first ({@code c8o8Fe}, then {@code =d-I?alr=yes} and up to six hops
 * of redirects or text links), the {@code =s2048-rj} size of the stream's URL when that fails (section 8). Every hop
 * must be an allowed image host, and only hosts under the cookie domain get the cookies.
 */
final class ImageDownloads {

    /** The image bytes and their type, and whether they came through the full-size chain. */
    record Download(byte[] bytes, String mimeType, boolean fullSize) {

        @Override
        public String toString() {
            return "Download[" + mimeType + ", " + bytes.length + " bytes, fullSize=" + fullSize + "]";
        }

    }

    private static final Logger log = LoggerFactory.getLogger(ImageDownloads.class);

    private final GeminiWebClient client;

    ImageDownloads(GeminiWebClient client) {
        this.client = client;
    }

    Download download(GeminiWebClient.Visit visit, StreamTurn turn, StreamTurn.ImageRef image) {
        try {
            Optional<String> fullSize = client.fullSizeUrl(visit, turn, image);
            if (fullSize.isPresent()) {
                return follow(visit, withSuffix(fullSize.get(), WebProtocol.FULL_SIZE_SUFFIX), true);
            }
            log.debug("Gemini gave no full-size URL for {}; using the 2048 px size", image.id());
        }
        catch (ProviderFailure ex) {
            if (ex.code() == FailureCode.TIMEOUT) {
                throw ex;
            }
            log.debug("The full-size download of {} failed ({}); using the 2048 px size", image.id(), ex.upstreamReason());
        }
        return follow(visit, withSuffix(image.url(), WebProtocol.FALLBACK_SIZE_SUFFIX), false);
    }

    private Download follow(GeminiWebClient.Visit visit, String start, boolean fullSize) {
        Upstream upstream = client.upstream();
        URI uri = parse(start);
        long maxBytes = client.properties().maxImageBytes().toBytes();
        for (int hop = 0; hop <= WebProtocol.MAX_IMAGE_HOPS; hop++) {
            if (!upstream.hosts().imageHostAllowed(uri)) {
                throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "Refused to fetch an image from "
                        + HostPolicy.describe(uri) + ": not one of the allowed image hosts");
            }
            HttpRequest request = upstream.request(uri, visit.session().jar(), visit.deadline())
                .header(WebProtocol.ORIGIN, GeminiWebClient.origin(client.properties().baseUrl()))
                .header(WebProtocol.REFERER, client.properties().baseUrl().toString().replaceAll("/+$", "") + "/")
                .GET()
                .build();
            Upstream.Reply reply = upstream.send(request, visit.session().jar(), visit.deadline(), maxBytes);
            if (reply.redirect()) {
                uri = resolve(uri, reply.header(WebProtocol.LOCATION).orElseThrow());
                continue;
            }
            if (reply.status() != 200) {
                throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "The image host " + HostPolicy.describe(uri)
                        + " answered HTTP " + reply.status()
                        + (reply.status() == 403 ? " (the session or the signed link is no longer valid)" : ""));
            }
            Optional<String> imageType = imageType(reply);
            if (imageType.isPresent()) {
                return new Download(reply.body(), imageType.get(), fullSize);
            }
            String text = reply.body().length <= WebProtocol.MAX_HOP_TEXT_CHARS
                    ? new String(reply.body(), StandardCharsets.UTF_8).strip() : "";
            if (text.startsWith("https://") || text.startsWith("http://")) {
                uri = parse(text);
                continue;
            }
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                    "The image host " + HostPolicy.describe(uri) + " answered with neither an image nor a link");
        }
        throw new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                "The image download took more than " + WebProtocol.MAX_IMAGE_HOPS + " hops");
    }

    /** The URL with its {@code =...} size option replaced (two options give HTTP 400), any query kept at the end. */
    static String withSuffix(String url, String suffix) {
        int queryStart = url.indexOf('?');
        String base = queryStart < 0 ? url : url.substring(0, queryStart);
        String query = queryStart < 0 ? "" : url.substring(queryStart + 1);
        int lastSlash = base.lastIndexOf('/');
        int option = base.indexOf('=', lastSlash + 1);
        if (option >= 0) {
            base = base.substring(0, option);
        }
        String joined = base + suffix;
        if (query.isEmpty()) {
            return joined;
        }
        return joined + (joined.contains("?") ? "&" : "?") + query;
    }

    /** The image type from the bytes' signature, else from an {@code image/*} content type. */
    static Optional<String> imageType(Upstream.Reply reply) {
        byte[] bytes = reply.body();
        if (startsWith(bytes, 0x89, 'P', 'N', 'G')) {
            return Optional.of("image/png");
        }
        if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(bytes, 'G', 'I', 'F', '8')) {
            return Optional.of("image/gif");
        }
        if (bytes.length >= 12 && startsWith(bytes, 'R', 'I', 'F', 'F') && bytes[8] == 'W' && bytes[9] == 'E'
                && bytes[10] == 'B' && bytes[11] == 'P') {
            return Optional.of("image/webp");
        }
        return reply.header(WebProtocol.CONTENT_TYPE)
            .map(type -> type.split(";")[0].strip().toLowerCase(Locale.ROOT))
            .filter(type -> type.startsWith("image/") && bytes.length > 0);
    }

    private static boolean startsWith(byte[] bytes, int... signature) {
        if (bytes.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((bytes[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private static URI parse(String url) {
        try {
            return new URI(url.strip());
        }
        catch (URISyntaxException ex) {
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "Gemini named an image by an invalid address");
        }
    }

    private static URI resolve(URI base, String location) {
        try {
            return base.resolve(new URI(location.strip()));
        }
        catch (URISyntaxException | IllegalArgumentException ex) {
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "An image host redirected to an invalid address");
        }
    }

}
