package app.atelier.credentials;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.atelier.provider.CredentialCheck;
import app.atelier.provider.CredentialStatus;
import app.atelier.provider.FailureCode;
import app.atelier.provider.ImageProvider;
import app.atelier.provider.ImageProviders;
import app.atelier.provider.ProviderCredential;
import app.atelier.provider.ProviderFailure;
import app.atelier.provider.ProviderId;
import app.atelier.web.FieldProblem;
import app.atelier.web.Problem;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The entry point of the credentials module. Secrets are validated upstream before anything is stored, encrypted
 * before they touch the database, and decrypted only into local variables of the call that needs them.
 */
@Service
public class Credentials {

    private static final Logger log = LoggerFactory.getLogger(Credentials.class);

    private static final Pattern API_KEY = Pattern.compile("[\\x21-\\x7E]{6,256}");

    private final CredentialRepository repository;

    private final CredentialCipher cipher;

    private final ImageProviders providers;

    private final ExpiryNotices notices;

    private final Clock clock;

    private final boolean geminiWebEnabled;

    Credentials(CredentialRepository repository, CredentialCipher cipher, ImageProviders providers, ExpiryNotices notices, Clock clock,
            @Value("${atelier.providers.gemini-web.enabled:true}") boolean geminiWebEnabled) {
        this.repository = repository;
        this.cipher = cipher;
        this.providers = providers;
        this.notices = notices;
        this.clock = clock;
        this.geminiWebEnabled = geminiWebEnabled;
    }

    public boolean geminiWebEnabled() {
        return geminiWebEnabled;
    }

    public List<Credential> list(long accountId) {
        return repository.findAll(accountId).stream().map(StoredCredential::view).toList();
    }

    public Optional<Credential> find(long accountId, ProviderId provider) {
        return repository.find(accountId, provider).map(StoredCredential::view);
    }

    /** The owner's credentials that died and wait to be replaced, for the banner on every page. */
    public List<Credential> expired(long accountId) {
        return list(accountId).stream().filter(Credential::expired).toList();
    }

    /** Validates the two web cookies upstream and stores them encrypted; nothing is stored when Google refuses them. */
    public Credential saveWebCookies(long accountId, String psid, String psidts) {
        requireEnabled(ProviderId.GEMINI_WEB);
        CookiePaste.WebCookies cookies = CookiePaste.checked(psid.strip(), psidts.strip(), "psid");
        return store(accountId, new ProviderCredential.WebCookies(key(accountId, ProviderId.GEMINI_WEB), cookies.psid(), cookies.psidts()),
                SecretPayload.webCookies(cookies.psid(), cookies.psidts()), cookies.psid());
    }

    /** Like {@link #saveWebCookies}, from a raw paste: a Cookie header, a JSON export or a cookies.txt. */
    public Credential saveWebCookiesPaste(long accountId, String paste) {
        requireEnabled(ProviderId.GEMINI_WEB);
        CookiePaste.WebCookies cookies = CookiePaste.parse(paste);
        return store(accountId, new ProviderCredential.WebCookies(key(accountId, ProviderId.GEMINI_WEB), cookies.psid(), cookies.psidts()),
                SecretPayload.webCookies(cookies.psid(), cookies.psidts()), cookies.psid());
    }

    public Credential saveApiKey(long accountId, String apiKey) {
        String key = apiKey.strip();
        if (!API_KEY.matcher(key).matches()) {
            String message = "Paste the whole API key: 6 to 256 visible characters, no spaces.";
            throw Problem.validation(message, List.of(new FieldProblem("apiKey", message)));
        }
        return store(accountId, new ProviderCredential.ApiKey(key(accountId, ProviderId.GEMINI_API), key), SecretPayload.apiKey(key), key);
    }

    /** Asks the upstream again about a stored credential and records the answer. */
    public Credential verify(long accountId, ProviderId provider) {
        requireEnabled(provider);
        StoredCredential stored = repository.find(accountId, provider).orElseThrow(Problem::notFound);
        CredentialCheck check = check(provider, openStored(stored));
        if (check.status() == CredentialStatus.EXPIRED) {
            expire(stored, check.detail());
        }
        else {
            repository.updateStatus(stored.id(), check.status().id(), check.detail(), clock.instant());
        }
        return repository.find(accountId, provider).map(StoredCredential::view).orElseThrow(Problem::notFound);
    }

    public void delete(long accountId, ProviderId provider) {
        if (!repository.delete(accountId, provider)) {
            throw Problem.notFound();
        }
    }

    /**
     * The decrypted credential for one generation, when the owner has a usable one. Keep it in a local variable: it
     * must not outlive the call.
     */
    public Optional<ProviderCredential> open(long accountId, ProviderId provider) {
        if (provider == ProviderId.GEMINI_WEB && !geminiWebEnabled) {
            return Optional.empty();
        }
        Optional<StoredCredential> stored = repository.find(accountId, provider).filter(credential -> credential.view().usable());
        stored.ifPresent(credential -> repository.recordUse(credential.id(), clock.instant()));
        return stored.map(this::openStored);
    }

    /** A generation or rotation proved the credential dead: mark it expired at once and tell the owner, once. */
    public void reportExpired(long accountId, ProviderId provider, String detail) {
        repository.find(accountId, provider).ifPresent(stored -> expire(stored, detail));
    }

    void expire(StoredCredential stored, String detail) {
        if (repository.markExpired(stored.id(), detail, clock.instant())) {
            log.info("Credential {} of account {} expired; its owner is told", stored.provider().id(), stored.accountId());
            notices.credentialExpired(stored.accountId(), stored.provider(), detail);
        }
    }

    ProviderCredential openStored(StoredCredential stored) {
        try {
            String plaintext = cipher.decrypt(stored.accountId(), stored.provider(), stored.ciphertext());
            return SecretPayload.open(key(stored.accountId(), stored.provider()), stored.provider(), plaintext);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Credential " + stored.id() + " cannot be decrypted with the configured keyset");
        }
    }

    private Credential store(long accountId, ProviderCredential credential, String payload, String secretForHint) {
        CredentialCheck check = check(credential.provider(), credential);
        if (!check.valid()) {
            throw new Problem(HttpStatus.UNPROCESSABLE_CONTENT, "credentials_invalid", check.detail());
        }
        repository.save(accountId, credential.provider(), cipher.encrypt(accountId, credential.provider(), payload), hint(secretForHint),
                check.status().id(), check.detail(), clock.instant());
        return repository.find(accountId, credential.provider()).map(StoredCredential::view).orElseThrow();
    }

    private CredentialCheck check(ProviderId id, ProviderCredential credential) {
        ImageProvider provider = providers.get(id)
            .orElseThrow(() -> new Problem(HttpStatus.FORBIDDEN, "provider_disabled", "This provider is not available here."));
        try {
            return provider.validate(credential);
        }
        catch (ProviderFailure failure) {
            throw new Problem(HttpStatus.BAD_GATEWAY, "upstream_unavailable", (failure.code() == FailureCode.TIMEOUT
                    ? "Google did not answer in time" : "Google could not be reached") + ", so the credential could not be checked. "
                    + "Nothing was changed; try again in a moment.");
        }
    }

    private void requireEnabled(ProviderId provider) {
        if (provider == ProviderId.GEMINI_WEB && !geminiWebEnabled) {
            throw new Problem(HttpStatus.FORBIDDEN, "provider_disabled",
                    "The Gemini web-cookie path is switched off on this installation; use an API key instead.");
        }
    }

    static String key(long accountId, ProviderId provider) {
        return accountId + ":" + provider.id();
    }

    static String hint(String secret) {
        return secret.length() < 8 ? "…" : "…" + secret.substring(secret.length() - 4);
    }

}
