/** Generation jobs: submit with a quota reservation, a database queue with leases, the worker, progress events and failure messages. */
@NullMarked
package app.atelier.generation;

import org.jspecify.annotations.NullMarked;
