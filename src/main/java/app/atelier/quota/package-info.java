/** Daily image quotas per tier, per-minute rate limits, reservations held in the same transaction as a job, usage history. */
@NullMarked
package app.atelier.quota;

import org.jspecify.annotations.NullMarked;
