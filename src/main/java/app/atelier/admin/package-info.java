/** The administrators' pages; they act through other modules' entry points and hold no SQL of their own. */
@NullMarked
package app.atelier.admin;

import org.jspecify.annotations.NullMarked;
