/** Outgoing mail: through SMTP when {@code spring.mail.host} is set, otherwise into {@code ${atelier.data-dir}/outbox}. */
@NullMarked
package app.atelier.mail;

import org.jspecify.annotations.NullMarked;
