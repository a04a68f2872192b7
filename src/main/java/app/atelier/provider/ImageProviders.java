package app.atelier.provider;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

/** The entry point of the provider module: the provider for an id, and cookie rotation for the web path. */
@Service
public class ImageProviders {

    private final Map<ProviderId, ImageProvider> providers = new EnumMap<>(ProviderId.class);

    private final Optional<CookieRotator> cookieRotator;

    ImageProviders(List<ImageProvider> providers, Optional<CookieRotator> cookieRotator) {
        providers.forEach(provider -> this.providers.put(provider.id(), provider));
        this.cookieRotator = cookieRotator;
    }

    /** The provider for an id, if this installation has it. */
    public Optional<ImageProvider> get(ProviderId id) {
        return Optional.ofNullable(providers.get(id));
    }

    public Optional<CookieRotator> cookieRotator() {
        return cookieRotator;
    }

}
