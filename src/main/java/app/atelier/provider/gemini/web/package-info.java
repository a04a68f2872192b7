/** Our client of the Gemini web protocol: bootstrap, RPCs, the streamed answer, downloads and cookie rotation. */
@NullMarked
package app.atelier.provider.gemini.web;

import org.jspecify.annotations.NullMarked;
