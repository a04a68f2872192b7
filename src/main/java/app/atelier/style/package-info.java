/** Style presets: named prompt suffixes in groups, read from {@code styles.json} at startup and listed by {@code GET /api/v1/styles}. */
@NullMarked
package app.atelier.style;

import org.jspecify.annotations.NullMarked;
