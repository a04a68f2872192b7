package app.atelier.generation;

import org.junit.jupiter.api.AfterAll;

import app.atelier.provider.gemini.api.FakeGeminiApiAccess;
import app.atelier.support.TestClockConfiguration;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link GenerationQuotaContract} on SQLite. */
@SpringBootTest(properties = { "atelier.quota.tiers.free.per-minute=1000",
        "atelier.quota.tiers.premium.per-minute=5", "atelier.quota.tiers.premium.daily-images=100",
        "spring.application.name=generationquota" })
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
class GenerationQuotaTests extends GenerationQuotaContract {

    static final FakeGeminiApiAccess api = new FakeGeminiApiAccess();

    @DynamicPropertySource
    static void pointAtTheFake(DynamicPropertyRegistry registry) {
        api.pointApplicationAt(registry);
    }

    @AfterAll
    static void stopFake() {
        api.close();
    }

}
