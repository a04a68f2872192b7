/** The signed-in home page: today's quota, the last 30 days, the credentials' state and recent images at a glance. */
@NullMarked
package app.atelier.dashboard;

import org.jspecify.annotations.NullMarked;
