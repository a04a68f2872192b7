package app.atelier.provider.gemini.api;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.genai.Client;
import com.google.genai.types.ListModelsConfig;
import com.google.genai.types.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ApiClientsTests {

    static FakeGeminiApi fake;

    ApiClients clients;

    @BeforeAll
    static void startFake() {
        fake = new FakeGeminiApi().start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @AfterEach
    void closeClients() {
        clients.close();
        fake.reset();
    }

    @Test
    void keepsOneClientPerKey() {
        clients = clients(4);

        Client first = peek("fake-key-a");

        assertThat(peek("fake-key-a")).isSameAs(first);
        assertThat(peek("fake-key-b")).isNotSameAs(first);
        assertThat(clients.size()).isEqualTo(2);
    }

    @Test
    void eachClientSendsOnlyItsOwnKey() {
        clients = clients(4);

        try (ApiClients.Lease a = clients.lease("fake-key-a"); ApiClients.Lease b = clients.lease("fake-key-b")) {
            a.client().models.list(ListModelsConfig.builder().pageSize(1).build());
            b.client().models.list(ListModelsConfig.builder().pageSize(1).build());
        }

        assertThat(fake.requests()).extracting(request -> request.header("x-goog-api-key"))
            .containsExactly("fake-key-a", "fake-key-b");
    }

    @Test
    void closesTheLeastRecentlyUsedClientWhenFull() {
        clients = clients(2);
        Client a = peek("fake-key-a");
        Client b = peek("fake-key-b");
        peek("fake-key-a");

        Client c = peek("fake-key-c");

        assertThat(clients.size()).isEqualTo(2);
        assertThat(answersAsynchronously(b)).isFalse();
        assertThat(answersAsynchronously(a)).isTrue();
        assertThat(answersAsynchronously(c)).isTrue();
        assertThat(peek("fake-key-b")).isNotSameAs(b);
    }

    @Test
    void closesAnEvictedClientOnlyOnceItsCallIsOver() {
        clients = clients(1);
        ApiClients.Lease lease = clients.lease("fake-key-a");

        peek("fake-key-b");

        assertThat(answersAsynchronously(lease.client())).isTrue();
        lease.close();
        assertThat(answersAsynchronously(lease.client())).isFalse();
    }

    @Test
    void closesEveryClientWhenTheApplicationStops() {
        clients = clients(4);
        Client a = peek("fake-key-a");
        Client b = peek("fake-key-b");

        clients.close();

        assertThat(answersAsynchronously(a)).isFalse();
        assertThat(answersAsynchronously(b)).isFalse();
        assertThatIllegalStateException().isThrownBy(() -> clients.lease("fake-key-a"));
    }

    ApiClients clients(int capacity) {
        return new ApiClients(
                new GeminiApiProperties(fake.baseUrl(), "gemini-2.5-flash-image", "v1beta", Duration.ofSeconds(5), capacity));
    }

    Client peek(String apiKey) {
        try (ApiClients.Lease lease = clients.lease(apiKey)) {
            return lease.client();
        }
    }

    /** A closed client's OkHttp dispatcher is shut down, so its asynchronous calls fail before they are sent. */
    static boolean answersAsynchronously(Client client) {
        try {
            Model model = client.async.models.get("gemini-2.5-flash-image", null).get(5, TimeUnit.SECONDS);
            return model.name().orElseThrow().equals("models/gemini-2.5-flash-image");
        }
        catch (ExecutionException | RuntimeException ex) {
            return false;
        }
        catch (InterruptedException | TimeoutException ex) {
            throw new AssertionError(ex);
        }
    }

}
