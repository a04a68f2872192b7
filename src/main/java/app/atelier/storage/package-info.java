/** Image bytes and their thumbnails: content-addressed files under {@code ${atelier.data-dir}/images}, served with ETags. */
@NullMarked
package app.atelier.storage;

import org.jspecify.annotations.NullMarked;
