package app.atelier.storage;

import org.springframework.core.io.Resource;

/**
 * Stored bytes ready to be served.
 *
 * @param key the key they are stored under
 * @param mimeType their type, from the key's extension
 * @param length their length in bytes
 * @param resource their content; read it soon, the bytes may be deleted later
 */
public record StoredBlob(String key, String mimeType, long length, Resource resource) {

    /** A strong, quoted entity tag; the key is the content's hash, so it changes exactly when the content does. */
    public String etag() {
        return "\"" + key + "\"";
    }

}
