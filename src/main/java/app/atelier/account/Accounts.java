package app.atelier.account;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import app.atelier.account.AccountsProperties.RegistrationMode;
import app.atelier.account.OneTimeTokens.Purpose;
import app.atelier.web.FieldProblem;
import app.atelier.web.Problem;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The entry point of the account module: registration, sign-in checks with throttling, settings changes, password
 * reset and email verification. Every failure is a {@link Problem} with the code {@code api-v1.md} names.
 */
@Service
public class Accounts {

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{2,31}");

    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    static final int MAX_EMAIL_LENGTH = 254;

    /** Reset mails per account and hour, so nobody can flood someone's inbox. */
    private static final int RESET_MAILS_PER_HOUR = 3;

    private static final int RESET_REQUESTS_PER_ADDRESS_AND_HOUR = 10;

    private final AccountRepository accounts;

    private final PasswordPolicy passwordPolicy;

    private final PasswordEncoder passwordEncoder;

    private final Throttles throttles;

    private final OneTimeTokens oneTimeTokens;

    private final RememberMeTokens rememberMeTokens;

    private final AccountMails mails;

    private final AccountsProperties properties;

    private final Clock clock;

    private final ApplicationEventPublisher events;

    /** Compared against when the login is unknown, so a wrong username costs as long as a wrong password. */
    private final String dummyHash;

    Accounts(AccountRepository accounts, PasswordPolicy passwordPolicy, PasswordEncoder passwordEncoder, Throttles throttles,
            OneTimeTokens oneTimeTokens, RememberMeTokens rememberMeTokens, AccountMails mails, AccountsProperties properties,
            Clock clock, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.passwordPolicy = passwordPolicy;
        this.passwordEncoder = passwordEncoder;
        this.throttles = throttles;
        this.oneTimeTokens = oneTimeTokens;
        this.rememberMeTokens = rememberMeTokens;
        this.mails = mails;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
        this.dummyHash = passwordEncoder.encode("not a real password, only for timing");
    }

    public Optional<Account> find(long id) {
        return accounts.findById(id);
    }

    public boolean registrationOpen() {
        return properties.registration() != RegistrationMode.CLOSED || accounts.count() == 0;
    }

    public boolean registrationNeedsApproval() {
        return properties.registration() == RegistrationMode.APPROVAL;
    }

    public boolean emailVerificationRequired() {
        return properties.requireEmailVerification();
    }

    /** Creates an account; the first one ever is an admin and is let in even when registration is closed. */
    public Account register(Registration form, String clientAddress) {
        String bucket = "register:address:" + clientAddress;
        var limit = properties.registrationThrottle();
        throttles.waitFor(bucket, limit.maxAttempts(), limit.window()).ifPresent(wait -> {
            throw Problem.rateLimited("Too many sign-ups from your network; try again later.", wait);
        });
        throttles.record(bucket);
        if (!registrationOpen()) {
            throw new Problem(HttpStatus.FORBIDDEN, "registration_closed", "This Atelier does not accept new accounts.");
        }
        String username = form.username() == null ? "" : form.username().strip();
        String email = form.email() == null ? "" : form.email().strip();
        String password = form.password() == null ? "" : form.password();
        List<FieldProblem> invalid = new ArrayList<>();
        checkUsername(username).ifPresent(message -> invalid.add(new FieldProblem("username", message)));
        checkEmail(email).ifPresent(message -> invalid.add(new FieldProblem("email", message)));
        Optional<String> weak = passwordPolicy.check(password, username, email);
        weak.ifPresent(message -> invalid.add(new FieldProblem("password", message)));
        if (!form.acceptTerms()) {
            invalid.add(new FieldProblem("acceptTerms", "Accept the terms of use to create an account."));
        }
        if (!invalid.isEmpty()) {
            throw registrationProblem(invalid);
        }
        if (accounts.usernameExists(username)) {
            throw taken("username");
        }
        if (accounts.emailExists(email, -1)) {
            throw taken("email");
        }
        Account account;
        try {
            account = accounts.insert(username, email, passwordEncoder.encode(password), !registrationNeedsApproval(),
                    clock.instant());
        }
        catch (DuplicateKeyException ex) {
            throw accounts.usernameExists(username) ? taken("username") : taken("email");
        }
        if (properties.requireEmailVerification()) {
            sendVerification(account);
        }
        if (!account.approved()) {
            accounts.findAdmins().forEach(admin -> mails.awaitingApproval(admin, account));
        }
        return account;
    }

    /**
     * Checks a sign-in. Throttling is checked before the password, so a correct password does not unlock a throttled
     * account or address early.
     */
    public Account authenticate(String login, String password, String clientAddress) {
        String normalized = login.strip().toLowerCase(Locale.ROOT);
        Optional<Account> found = normalized.isEmpty() ? Optional.empty() : accounts.findByLogin(normalized);
        String accountBucket = "login:account:" + found.map(account -> String.valueOf(account.id())).orElse(normalized);
        String addressBucket = "login:address:" + clientAddress;
        var limit = properties.loginThrottle();
        Optional<Duration> wait = longest(throttles.waitFor(accountBucket, limit.maxFailures(), limit.window()),
                throttles.waitFor(addressBucket, limit.maxFailures(), limit.window()));
        if (wait.isPresent()) {
            throw new LoginThrottledException(wait.get());
        }
        String hash = found.map(account -> accounts.passwordHash(account.id())).orElse(dummyHash);
        boolean matches = passwordEncoder.matches(password, hash) && found.isPresent();
        if (!matches) {
            throttles.record(accountBucket);
            throttles.record(addressBucket);
            throw new BadCredentialsException("Wrong username, email or password");
        }
        Account account = found.get();
        if (!account.enabled()) {
            throw new DisabledException("This account is disabled");
        }
        if (passwordEncoder.upgradeEncoding(hash)) {
            accounts.updatePasswordHash(account.id(), passwordEncoder.encode(password));
        }
        throttles.clear(accountBucket);
        accounts.recordLogin(account.id(), clock.instant());
        return account;
    }

    @Transactional
    public void changeEmail(long accountId, String currentPassword, String newEmail) {
        Account account = accounts.findById(accountId).orElseThrow(Problem::notFound);
        requireCurrentPassword(account, currentPassword);
        String email = newEmail.strip();
        Optional<String> invalid = checkEmail(email);
        if (invalid.isPresent()) {
            throw Problem.validation("The email address was not changed.", List.of(new FieldProblem("email", invalid.get())));
        }
        if (email.equalsIgnoreCase(account.email())) {
            return;
        }
        if (accounts.emailExists(email, accountId)) {
            throw taken("email");
        }
        accounts.updateEmail(accountId, email);
        if (properties.requireEmailVerification()) {
            sendVerification(accounts.findById(accountId).orElseThrow());
        }
    }

    /** Sets a new password and ends every remember-me sign-in of the account. */
    @Transactional
    public void changePassword(long accountId, String currentPassword, String newPassword) {
        Account account = accounts.findById(accountId).orElseThrow(Problem::notFound);
        requireCurrentPassword(account, currentPassword);
        setPassword(account, newPassword);
    }

    /** Deletes the account and, through the foreign keys and {@link AccountDeleted}, everything it owned. */
    @Transactional
    public void delete(long accountId, String typedUsername, String currentPassword) {
        Account account = accounts.findById(accountId).orElseThrow(Problem::notFound);
        if (!account.username().equals(typedUsername.strip())) {
            throw Problem.validation("The account was not deleted.",
                    List.of(new FieldProblem("confirmation", "Type your username exactly to confirm.")));
        }
        requireCurrentPassword(account, currentPassword);
        if (account.admin() && accounts.findAdmins().size() == 1 && accounts.count() > 1) {
            throw new Problem(HttpStatus.CONFLICT, "last_admin",
                    "You are the only administrator. Make someone else an administrator before deleting your account.");
        }
        accounts.delete(accountId);
        events.publishEvent(new AccountDeleted(accountId));
    }

    /** Accounts that wait for an administrator, oldest first. */
    public List<Account> pendingApproval() {
        return accounts.findPendingApproval();
    }

    /** Lets a waiting account in and tells its owner; an unknown or already approved id answers {@code not_found}. */
    public Account approve(long accountId) {
        if (!accounts.approve(accountId)) {
            throw Problem.notFound();
        }
        Account account = accounts.findById(accountId).orElseThrow(Problem::notFound);
        mails.approved(account);
        return account;
    }

    /** Turns a waiting account away: it is deleted with everything it holds. Approved accounts cannot be rejected. */
    @Transactional
    public void reject(long accountId) {
        Account account = accounts.findById(accountId).filter(candidate -> !candidate.approved()).orElseThrow(Problem::notFound);
        accounts.delete(account.id());
        events.publishEvent(new AccountDeleted(account.id()));
    }

    /** Mails a reset link when the address belongs to an account; the caller's answer is the same either way. */
    public void requestPasswordReset(String email, String clientAddress) {
        String addressBucket = "reset:address:" + clientAddress;
        throttles.waitFor(addressBucket, RESET_REQUESTS_PER_ADDRESS_AND_HOUR, Duration.ofHours(1)).ifPresent(wait -> {
            throw Problem.rateLimited("Too many reset requests from your network; try again later.", wait);
        });
        throttles.record(addressBucket);
        Optional<Account> account = accounts.findByEmail(email.strip()).filter(Account::enabled);
        if (account.isEmpty()) {
            return;
        }
        String accountBucket = "reset:account:" + account.get().id();
        if (throttles.waitFor(accountBucket, RESET_MAILS_PER_HOUR, Duration.ofHours(1)).isPresent()) {
            return;
        }
        throttles.record(accountBucket);
        String token = oneTimeTokens.issue(account.get().id(), Purpose.PASSWORD_RESET, properties.passwordResetValidity());
        mails.passwordReset(account.get(), token, properties.passwordResetValidity().toMinutes());
    }

    public boolean passwordResetValid(String token) {
        return oneTimeTokens.peek(token, Purpose.PASSWORD_RESET).isPresent();
    }

    /** Spends a reset token and sets the new password; a spent, expired or unknown token answers {@code not_found}. */
    @Transactional
    public Account resetPassword(String token, String newPassword) {
        long accountId = oneTimeTokens.peek(token, Purpose.PASSWORD_RESET).orElseThrow(Problem::notFound);
        Account account = accounts.findById(accountId).orElseThrow(Problem::notFound);
        checkNewPassword(account, newPassword);
        oneTimeTokens.consume(token, Purpose.PASSWORD_RESET).orElseThrow(Problem::notFound);
        setPassword(account, newPassword);
        return account;
    }

    public Optional<Account> verifyEmail(String token) {
        Optional<Long> accountId = oneTimeTokens.consume(token, Purpose.EMAIL_VERIFICATION);
        accountId.ifPresent(accounts::markEmailVerified);
        return accountId.flatMap(accounts::findById);
    }

    public void resendVerification(long accountId) {
        accounts.findById(accountId).filter(account -> !account.emailVerified()).ifPresent(this::sendVerification);
    }

    private void sendVerification(Account account) {
        String token = oneTimeTokens.issue(account.id(), Purpose.EMAIL_VERIFICATION, properties.emailVerificationValidity());
        mails.emailVerification(account, token);
    }

    private void setPassword(Account account, String newPassword) {
        checkNewPassword(account, newPassword);
        accounts.updatePasswordHash(account.id(), passwordEncoder.encode(newPassword));
        rememberMeTokens.removeAll(account.id());
        mails.passwordChanged(account);
    }

    private void checkNewPassword(Account account, String newPassword) {
        passwordPolicy.check(newPassword, account.username(), account.email()).ifPresent(message -> {
            throw new Problem(HttpStatus.UNPROCESSABLE_CONTENT, "password_too_weak", message,
                    List.of(new FieldProblem("newPassword", message)), null);
        });
    }

    private void requireCurrentPassword(Account account, String currentPassword) {
        String hash = accounts.passwordHash(account.id());
        if (hash == null || !passwordEncoder.matches(currentPassword, hash)) {
            throw Problem.validation("Your current password is not correct.",
                    List.of(new FieldProblem("currentPassword", "This is not your current password.")));
        }
    }

    private static Optional<String> checkUsername(String username) {
        if (username.isEmpty()) {
            return Optional.of("Choose a username.");
        }
        if (!USERNAME.matcher(username).matches()) {
            return Optional.of("Use 3 to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit.");
        }
        return Optional.empty();
    }

    static Optional<String> checkEmail(String email) {
        if (email.isEmpty()) {
            return Optional.of("Enter your email address.");
        }
        if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            return Optional.of("Enter a valid email address, like name@example.com.");
        }
        return Optional.empty();
    }

    /** One code for the whole answer: the specific one when only one kind of rule failed. */
    private static Problem registrationProblem(List<FieldProblem> invalid) {
        boolean onlyPassword = invalid.stream().allMatch(error -> error.field().equals("password"));
        boolean onlyTerms = invalid.stream().allMatch(error -> error.field().equals("acceptTerms"));
        if (onlyPassword) {
            return new Problem(HttpStatus.UNPROCESSABLE_CONTENT, "password_too_weak", invalid.get(0).message(), invalid, null);
        }
        if (onlyTerms) {
            return new Problem(HttpStatus.UNPROCESSABLE_CONTENT, "terms_not_accepted", invalid.get(0).message(), invalid, null);
        }
        return Problem.validation("Some fields need your attention.", invalid);
    }

    private static Problem taken(String field) {
        String message = field.equals("username") ? "This username is taken; choose another one."
                : "An account with this email address already exists. Sign in, or reset your password.";
        return new Problem(HttpStatus.CONFLICT, field + "_taken", message, List.of(new FieldProblem(field, message)), null);
    }

    private static Optional<Duration> longest(Optional<Duration> first, Optional<Duration> second) {
        if (first.isEmpty()) {
            return second;
        }
        return second.filter(duration -> duration.compareTo(first.get()) > 0).or(() -> first);
    }

}
