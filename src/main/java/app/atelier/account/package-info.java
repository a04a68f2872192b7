/** People who can sign in: accounts, registration, passwords, sign-in throttling, remember-me and API tokens. */
@NullMarked
package app.atelier.account;

import org.jspecify.annotations.NullMarked;
