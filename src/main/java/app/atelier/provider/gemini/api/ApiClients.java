package app.atelier.provider.gemini.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * One SDK {@link Client} per API key: the key belongs to the client (a per-request key header is overwritten by the
 * client's own), and each client owns its OkHttp client, so nothing is shared between keys. Clients are cached by a
 * hash of the key, least recently used first out, and closed once evicted and no call is using them any more.
 */
@Component
class ApiClients implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiClients.class);

    private final GeminiApiProperties properties;

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    private boolean closed;

    ApiClients(GeminiApiProperties properties) {
        this.properties = properties;
    }

    /** The client for this key, to be closed (returned) after the call. */
    synchronized Lease lease(String apiKey) {
        if (closed) {
            throw new IllegalStateException("The Gemini API clients are closed");
        }
        Entry entry = entries.computeIfAbsent(fingerprint(apiKey), fingerprint -> new Entry(build(apiKey)));
        entry.leases++;
        evictBeyondCapacity();
        return new Lease(entry);
    }

    synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        entries.values().forEach(this::retire);
        entries.clear();
    }

    private Client build(String apiKey) {
        HttpOptions http = HttpOptions.builder()
            .baseUrl(properties.baseUrl())
            .apiVersion(properties.apiVersion())
            .timeout((int) Math.min(Integer.MAX_VALUE, properties.timeout().toMillis()))
            // The app retries with the user's context; the SDK would retry 429s and even sleep after the last attempt.
            .retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build())
            .build();
        return Client.builder().apiKey(apiKey).vertexAI(false).httpOptions(http).build();
    }

    private void evictBeyondCapacity() {
        Iterator<Entry> eldestFirst = entries.values().iterator();
        while (entries.size() > properties.clientCacheSize() && eldestFirst.hasNext()) {
            Entry eldest = eldestFirst.next();
            eldestFirst.remove();
            retire(eldest);
        }
    }

    private void retire(Entry entry) {
        entry.retired = true;
        if (entry.leases == 0) {
            shut(entry.client);
        }
    }

    private synchronized void release(Entry entry) {
        entry.leases--;
        if (entry.retired && entry.leases == 0) {
            shut(entry.client);
        }
    }

    private static void shut(Client client) {
        try {
            client.close();
        }
        catch (RuntimeException ex) {
            log.warn("Could not close a Gemini API client: {}", ex.toString());
        }
    }

    private static String fingerprint(String apiKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static final class Entry {

        private final Client client;

        private int leases;

        private boolean retired;

        private Entry(Client client) {
            this.client = client;
        }

    }

    /** A client in use; closing the lease returns it to the cache. */
    final class Lease implements AutoCloseable {

        private final Entry entry;

        private boolean returned;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        Client client() {
            return entry.client;
        }

        @Override
        public void close() {
            if (!returned) {
                returned = true;
                release(entry);
            }
        }

    }

}
