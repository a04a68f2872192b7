package app.atelier.generation;

import org.junit.jupiter.api.AfterAll;

import app.atelier.provider.gemini.api.FakeGeminiApiAccess;
import app.atelier.support.TestClockConfiguration;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link GenerationQuotaContract} on PostgreSQL, where concurrent workers claim with {@code SKIP LOCKED}. */
@SpringBootTest(properties = { "atelier.test.database=postgresql", "atelier.quota.tiers.free.per-minute=1000",
        "atelier.quota.tiers.premium.per-minute=5", "atelier.quota.tiers.premium.daily-images=100",
        "spring.application.name=generationquotapostgres" })
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
class GenerationQuotaPostgresTests extends GenerationQuotaContract {

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
