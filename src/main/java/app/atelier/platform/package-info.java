/** Where Atelier keeps its data: the data directory, the choice of database and the secrets made on first start. */
@NullMarked
package app.atelier.platform;

import org.jspecify.annotations.NullMarked;
