package app.atelier.quota;

import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.atelier.quota.QuotaProperties.Tier;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class QuotaPropertiesTests {

    @Test
    void defaultsToTheContractsTiersAndUtc() {
        QuotaProperties properties = bind(Map.of());
        assertThat(properties.tiers()).containsExactlyInAnyOrderEntriesOf(Map.of("free", new Tier(20, 5), "premium", new Tier(100, 5)));
        assertThat(properties.resetZone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void configuringOneValueKeepsEveryOtherDefault() {
        QuotaProperties properties = bind(Map.of("atelier.quota.tiers.premium.daily-images", "250", "atelier.quota.reset-zone", "Europe/Berlin"));
        assertThat(properties.tiers()).containsExactlyInAnyOrderEntriesOf(Map.of("free", new Tier(20, 5), "premium", new Tier(250, 5)));
        assertThat(properties.resetZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(bind(Map.of("atelier.quota.tiers.free.per-minute", "2")).tier("free")).isEqualTo(new Tier(20, 2));
    }

    @Test
    void addsNewTiersBesideTheBuiltInOnes() {
        QuotaProperties properties = bind(Map.of("atelier.quota.tiers.gold.daily-images", "1000", "atelier.quota.tiers.gold.per-minute", "30"));
        assertThat(properties.tiers()).containsOnlyKeys("free", "premium", "gold");
        assertThat(properties.tier("gold")).isEqualTo(new Tier(1000, 30));
        assertThat(properties.tier("platinum")).isEqualTo(new Tier(20, 5));
        assertThat(properties.effectiveTier("platinum")).isEqualTo("free");
    }

    @Test
    void refusesANewTierWithoutItsDailyImagesAndLimitsBelowOne() {
        assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("atelier.quota.tiers.gold.per-minute", "30")))
            .withStackTraceContaining("atelier.quota.tiers.gold.daily-images must be set");
        assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("atelier.quota.tiers.free.per-minute", "0")))
            .withStackTraceContaining("per-minute must be at least 1");
        assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("atelier.quota.tiers.free.daily-images", "-1")))
            .withStackTraceContaining("daily-images must not be negative");
    }

    private static QuotaProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("atelier.quota", QuotaProperties.class);
    }

}
