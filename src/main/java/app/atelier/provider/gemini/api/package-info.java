/** The official Gemini API through Google's SDK: {@code generateContent} with an image model, one client per key. */
@NullMarked
package app.atelier.provider.gemini.api;

import org.jspecify.annotations.NullMarked;
