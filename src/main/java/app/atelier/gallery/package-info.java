/** Every stored image of every user: its row, its bytes through the image store, owner-scoped reads, serving and deletion. */
@NullMarked
package app.atelier.gallery;

import org.jspecify.annotations.NullMarked;
