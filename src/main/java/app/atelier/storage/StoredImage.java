package app.atelier.storage;

/**
 * What {@link ImageStore#put} stored.
 *
 * @param key the image's key (content address)
 * @param thumbnailKey the key of its thumbnail, at most {@link ImageStore#THUMBNAIL_SIZE} pixels on its longest side
 * @param mimeType the image's type
 * @param size the image's length in bytes
 * @param width the image's width in pixels
 * @param height the image's height in pixels
 */
public record StoredImage(String key, String thumbnailKey, String mimeType, long size, int width, int height) {
}
