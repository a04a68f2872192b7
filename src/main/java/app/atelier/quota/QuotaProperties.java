package app.atelier.quota;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code atelier.quota}. The built-in tiers ({@code free} 20 images a day, {@code premium} 100, both 5
 * requests a minute) stay in place when other tiers or single values are configured; a configured value replaces only
 * itself. Tiers are named as on the account; {@code reset-zone} is the time zone whose midnight ends "today".
 */
@ConfigurationProperties("atelier.quota")
final class QuotaProperties {

    static final String FALLBACK_TIER = "free";

    private static final int DEFAULT_PER_MINUTE = 5;

    private static final Map<String, Integer> DEFAULT_DAILY_IMAGES = Map.of("free", 20, "premium", 100);

    private final Map<String, Tier> tiers;

    private final ZoneId resetZone;

    QuotaProperties(@Nullable Map<String, Configured> tiers, @DefaultValue("UTC") ZoneId resetZone) {
        this.tiers = Map.copyOf(merge(tiers));
        this.resetZone = resetZone;
    }

    Map<String, Tier> tiers() {
        return tiers;
    }

    ZoneId resetZone() {
        return resetZone;
    }

    /** The limits of one tier, with defaults filled in. */
    record Tier(int dailyImages, int perMinute) {

        Tier {
            if (dailyImages < 0) {
                throw new IllegalArgumentException("atelier.quota.tiers.*.daily-images must not be negative");
            }
            if (perMinute < 1) {
                throw new IllegalArgumentException("atelier.quota.tiers.*.per-minute must be at least 1");
            }
        }

    }

    /** One tier as configured; a missing value falls back to the built-in default for that tier. */
    record Configured(@Nullable Integer dailyImages, @Nullable Integer perMinute) {
    }

    /** The tier's limits, or those of {@code free} for a tier nobody configured. */
    Tier tier(String name) {
        Tier tier = tiers.get(name);
        return tier != null ? tier : tiers.get(FALLBACK_TIER);
    }

    /** The name whose limits apply to an account of tier {@code name}. */
    String effectiveTier(String name) {
        return tiers.containsKey(name) ? name : FALLBACK_TIER;
    }

    private static Map<String, Tier> merge(@Nullable Map<String, Configured> configured) {
        Map<String, Tier> tiers = new LinkedHashMap<>();
        DEFAULT_DAILY_IMAGES.forEach((name, daily) -> tiers.put(name, new Tier(daily, DEFAULT_PER_MINUTE)));
        if (configured != null) {
            configured.forEach((name, tier) -> {
                Integer daily = tier.dailyImages() != null ? tier.dailyImages() : DEFAULT_DAILY_IMAGES.get(name);
                if (daily == null) {
                    throw new IllegalArgumentException("atelier.quota.tiers." + name + ".daily-images must be set for a new tier");
                }
                tiers.put(name, new Tier(daily, tier.perMinute() != null ? tier.perMinute() : DEFAULT_PER_MINUTE));
            });
        }
        return tiers;
    }

}
