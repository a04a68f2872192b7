package app.atelier.gallery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code atelier.gallery.orphan-sweep}.
 *
 * @param enabled whether stored files that no image row references are deleted at all
 * @param interval how often the whole image store is swept
 * @param minAge files stored more recently are left alone: they may belong to an image whose row has not committed yet
 */
@ConfigurationProperties("atelier.gallery.orphan-sweep")
record OrphanSweepProperties(@DefaultValue("true") boolean enabled, @DefaultValue("6h") Duration interval,
        @DefaultValue("1h") Duration minAge) {

    OrphanSweepProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("atelier.gallery.orphan-sweep.interval must be positive");
        }
        if (minAge.isNegative()) {
            throw new IllegalArgumentException("atelier.gallery.orphan-sweep.min-age must not be negative");
        }
    }

}
