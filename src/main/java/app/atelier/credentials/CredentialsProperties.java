package app.atelier.credentials;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code atelier.credentials}. The keyset itself may also come from the {@code ATELIER_KEYSET}
 * environment variable (Tink's JSON keyset format), which wins over the file.
 */
@ConfigurationProperties("atelier.credentials")
record CredentialsProperties(@Nullable Path keysetFile, @DefaultValue("false") boolean requireConfiguredKey) {
}
