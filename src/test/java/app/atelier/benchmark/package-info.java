/** A benchmark of the generation pipeline against the fake Gemini API, run by {@code bench/generation.sh}; not a test. */
@NullMarked
package app.atelier.benchmark;

import org.jspecify.annotations.NullMarked;
