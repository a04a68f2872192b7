/** Talking to Google: one {@link app.atelier.provider.ImageProvider} per upstream, our web-protocol client and the official API adapter. */
@NullMarked
package app.atelier.provider;

import org.jspecify.annotations.NullMarked;
