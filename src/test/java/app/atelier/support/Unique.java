package app.atelier.support;

import java.util.concurrent.atomic.AtomicInteger;

/** Names, emails and client addresses no other test uses, for tests that share a Spring context and its database. */
public final class Unique {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Unique() {
    }

    /** A valid username: the prefix, a sequence number and a bit of the clock, so reruns against one database differ. */
    public static String name(String prefix) {
        return prefix + SEQUENCE.incrementAndGet() + "n" + System.nanoTime() % 100000;
    }

    public static String email(String username) {
        return username + "@example.com";
    }

    /** A private client address of its own (172.16.0.0/12 is not used by other tests). */
    public static String address() {
        int n = SEQUENCE.incrementAndGet();
        return "172." + (16 + (n / 62500) % 16) + "." + (n / 250) % 250 + "." + (n % 250 + 1);
    }

}
