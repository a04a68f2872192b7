package app.atelier.storage;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Answers a request for stored bytes: the body with its type, length, {@code ETag} and
 * {@code Cache-Control: private}, or {@code 304 Not Modified} without a body when {@code If-None-Match} names it.
 * <p>
 * This does no access control: the caller (a gallery controller) serves only images of the signed-in owner, and
 * answers 404 for everyone else's, before calling {@link #serve}. The content under a key never changes, so
 * browsers may keep it for a long time; {@code private} keeps shared caches from storing it at all.
 */
public final class ImageResponses {

    /** How long a browser keeps an image without asking again. */
    public static final Duration MAX_AGE = Duration.ofDays(365);

    private ImageResponses() {
    }

    public static ResponseEntity<Resource> serve(StoredBlob blob, HttpServletRequest request) {
        return serve(blob, request, CacheControl.maxAge(MAX_AGE).cachePrivate().immutable());
    }

    /** Like {@link #serve(StoredBlob, HttpServletRequest)} with other caching rules (a revocable public link revalidates). */
    public static ResponseEntity<Resource> serve(StoredBlob blob, HttpServletRequest request, CacheControl cacheControl) {
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(blob.etag());
        headers.setCacheControl(cacheControl);
        if (matches(blob, Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH)))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).build();
        }
        headers.setContentType(MediaType.parseMediaType(blob.mimeType()));
        headers.setContentLength(blob.length());
        return ResponseEntity.ok().headers(headers).body(blob.resource());
    }

    /** {@code If-None-Match} compares weakly (RFC 9110, 13.1.2): {@code W/"k"} matches {@code "k"}; {@code *} matches all. */
    private static boolean matches(StoredBlob blob, List<String> ifNoneMatch) {
        ETag ours = ETag.create(blob.etag());
        for (String header : ifNoneMatch) {
            for (ETag theirs : ETag.parse(header)) {
                if (theirs.isWildcard() || ours.compare(theirs, false)) {
                    return true;
                }
            }
        }
        return false;
    }

}
