/** The web shell every feature builds on: security, layout helpers, error pages and problem details; depends on no feature. */
@NullMarked
package app.atelier.web;

import org.jspecify.annotations.NullMarked;
