package app.atelier.provider.gemini.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * {@link FakeGeminiWeb} for tests in other packages (credentials, generation): the same server, started once for a
 * Spring context, with the few switches those tests need.
 */
public final class FakeGeminiWebServer implements AutoCloseable {

    /** The two cookies one {@code RotateCookies} request carried. */
    public record SentCookies(@Nullable String psid, @Nullable String psidts) {
    }

    private final FollowingClock clock = new FollowingClock();

    private final FakeGeminiWeb fake = new FakeGeminiWeb(clock);

    private final Map<String, FakeGeminiWeb.Account> accounts = new ConcurrentHashMap<>();

    private FakeGeminiWebServer() {
    }

    public static FakeGeminiWebServer start() {
        return new FakeGeminiWebServer();
    }

    /** The properties that point the application's web client at this server. */
    public Map<String, String> springProperties() {
        return fake.springProperties();
    }

    /** Points the application's web client at this server, from a test's {@code @DynamicPropertySource}. */
    public void pointApplicationAt(DynamicPropertyRegistry registry) {
        springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The fake reads the time from this clock (the application's, so both agree on when a rotation happened). */
    public void useClock(Clock time) {
        clock.target = time;
    }

    /** A signed-in Google account whose cookies are these two values. */
    public void signIn(String psid, String psidts) {
        accounts.put(psid, fake.account(psid, psidts));
    }

    /** A signed-in account whose Gemini access has this account status (1060: region not supported). */
    public void signIn(String psid, String psidts, int status) {
        FakeGeminiWeb.Account account = fake.account(psid, psidts);
        account.status(status);
        accounts.put(psid, account);
    }

    /** Google's pages answer 500 until {@link #up()}. */
    public void down() {
        fake.pageMode(FakeGeminiWeb.PageMode.SERVER_ERROR);
    }

    public void up() {
        fake.pageMode(FakeGeminiWeb.PageMode.NORMAL);
    }

    /** How many requests the fake has answered, to prove that nothing reached Google. */
    public int requestCount() {
        return fake.requests().size();
    }

    /** The account signs out everywhere: its cookies are dead, and {@code RotateCookies} answers 401 to them. */
    public void signOut(String psid) {
        FakeGeminiWeb.Account account = account(psid);
        account.psidts = "signed-out";
        account.previousPsidts = null;
        account.previousValidUntil = Instant.EPOCH;
    }

    /** The {@code __Secure-1PSIDTS} the fake accepts for this account now (a rotation changes it). */
    public @Nullable String psidts(String psid) {
        return account(psid).psidts;
    }

    /** The account was rotated just now elsewhere, so the next rotation within 60 s is answered 429. */
    public void rotatedElsewhereJustNow(String psid) {
        account(psid).lastRotation = clock.instant();
    }

    /** Every {@code RotateCookies} request is answered 401, whatever cookies it carries. */
    public void refuseRotations() {
        fake.rotationMode(FakeGeminiWeb.RotationMode.UNAUTHORIZED);
    }

    /** {@code RotateCookies} answers 200 without a new {@code __Secure-1PSIDTS}. */
    public void rotateWithoutNewCookie() {
        fake.rotationMode(FakeGeminiWeb.RotationMode.WITHOUT_PSIDTS);
    }

    public void rotateNormally() {
        fake.rotationMode(FakeGeminiWeb.RotationMode.NORMAL);
    }

    /** The cookies of every {@code RotateCookies} request so far, oldest first. */
    public List<SentCookies> rotations() {
        return fake.requests("/accounts" + WebProtocol.ROTATE_COOKIES_PATH).stream().map(request -> {
            Map<String, String> cookies = cookies(request.header("cookie"));
            return new SentCookies(cookies.get(WebProtocol.PSID), cookies.get(WebProtocol.PSIDTS));
        }).toList();
    }

    /** The {@code RotateCookies} requests that carried this account's {@code __Secure-1PSID}. */
    public List<SentCookies> rotations(String psid) {
        return rotations().stream().filter(sent -> psid.equals(sent.psid())).toList();
    }

    @Override
    public void close() {
        fake.close();
    }

    private FakeGeminiWeb.Account account(String psid) {
        return Objects.requireNonNull(accounts.get(psid), () -> "No fake account signed in with this psid");
    }

    private static Map<String, String> cookies(@Nullable String header) {
        Map<String, String> cookies = new LinkedHashMap<>();
        if (header != null) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    cookies.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
                }
            }
        }
        return cookies;
    }

    private static final class FollowingClock extends Clock {

        private volatile Clock target = Clock.systemUTC();

        @Override
        public Instant instant() {
            return target.instant();
        }

        @Override
        public ZoneId getZone() {
            return target.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return target.withZone(zone);
        }

    }

}
