package app.atelier.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import app.atelier.provider.gemini.api.FakeGeminiApiAccess;
import app.atelier.storage.ImageStore;
import app.atelier.support.ApiUser;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.support.ApiUser.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;

/**
 * Answers arriving together: the images of only a few jobs are stored at once (the rest wait their turn, holding no
 * decoded image and no database connection), and a job cancelled while it waits stores nothing.
 */
@SpringBootTest(properties = { "atelier.quota.tiers.free.per-minute=1000", "atelier.quota.tiers.free.daily-images=1000" })
@AutoConfigureMockMvc
class JobRunnerTests {

    static final int AT_ONCE = Math.max(2, Runtime.getRuntime().availableProcessors());

    static final FakeGeminiApiAccess api = new FakeGeminiApiAccess();

    @DynamicPropertySource
    static void pointAtTheFake(DynamicPropertyRegistry registry) {
        api.pointApplicationAt(registry);
    }

    @AfterAll
    static void stopFake() {
        api.close();
    }

    @MockitoSpyBean
    ImageStore store;

    @Autowired
    MockMvcTester mvc;

    final AtomicInteger storing = new AtomicInteger();

    final AtomicInteger mostAtOnce = new AtomicInteger();

    final AtomicInteger stored = new AtomicInteger();

    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void letEveryoneThrough() {
        release.countDown();
    }

    @Test
    void storesTheImagesOfOnlyAFewJobsAtOnce() {
        holdEveryStore();
        ApiUser user = userWithKey();
        List<Long> ids = submit(user, AT_ONCE + 3);

        awaitTheFirstFewStoring();
        release.countDown();

        for (long id : ids) {
            assertThat(awaitEnd(user, id).path("status").asString()).isEqualTo("succeeded");
        }
        assertThat(mostAtOnce).hasValue(AT_ONCE);
        assertThat(stored).hasValue(AT_ONCE + 3);
    }

    @Test
    void aJobCancelledWhileWaitingToStoreStoresNothing() {
        holdEveryStore();
        ApiUser user = userWithKey();
        List<Long> ids = submit(user, AT_ONCE + 1);
        awaitTheFirstFewStoring();

        for (long id : ids) {
            assertThat(user.delete("/api/v1/generations/" + id)).hasStatus(202);
        }
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> storing.get() == 0);
        for (long id : ids) {
            assertThat(awaitEnd(user, id).path("status").asString()).isEqualTo("cancelled");
        }
        // the first few were storing when cancelled; the one waiting for its turn never started
        assertThat(stored).hasValueLessThanOrEqualTo(AT_ONCE);
        assertThat(mostAtOnce).hasValue(AT_ONCE);
    }

    /** Every store waits for {@link #release} (ignoring interrupts, as a slow disk would) before it writes. */
    void holdEveryStore() {
        doAnswer(call -> {
            mostAtOnce.accumulateAndGet(storing.incrementAndGet(), Math::max);
            try {
                boolean interrupted = false;
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    }
                    catch (InterruptedException ex) {
                        interrupted = true;
                    }
                }
                stored.incrementAndGet();
                Object result = call.callRealMethod();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return result;
            }
            finally {
                storing.decrementAndGet();
            }
        }).when(store).put(any(byte[].class), anyString());
    }

    /** The first few jobs are storing, and the others stay out for a while after the fake has answered them all. */
    void awaitTheFirstFewStoring() {
        await().atMost(Duration.ofSeconds(20)).until(() -> storing.get() == AT_ONCE);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> storing.get() == AT_ONCE);
    }

    ApiUser userWithKey() {
        ApiUser user = ApiUser.register(mvc, "runner");
        assertThat(user.put("/api/v1/credentials/gemini-api", "{\"apiKey\": \"test-key-run\"}")).hasStatus(200);
        return user;
    }

    List<Long> submit(ApiUser user, int jobs) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            MvcTestResult submitted = user.post("/api/v1/generations", "{\"prompt\": \"a quiet harbour " + i + "\"}");
            assertThat(submitted).hasStatus(202);
            ids.add(tree(submitted).path("id").asLong());
        }
        return ids;
    }

    JsonNode awaitEnd(ApiUser user, long id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = tree(user.get("/api/v1/generations/" + id));
            return Set.of("succeeded", "failed", "cancelled").contains(last[0].path("status").asString());
        });
        return last[0];
    }

}
