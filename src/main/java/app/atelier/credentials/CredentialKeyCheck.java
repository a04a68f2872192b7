package app.atelier.credentials;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.atelier.platform.DataDirectory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * At startup, after the migrations and before anything serves or runs in the background: every stored credential
 * must open with the configured keyset. If one does not, Atelier refuses to start and changes nothing; credentials
 * still under an older key are only counted, for the operator to re-encrypt.
 */
@Component
@DependsOnDatabaseInitialization
class CredentialKeyCheck implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(CredentialKeyCheck.class);

    static final int PAGE_SIZE = 500;

    private static final int IDS_SHOWN = 20;

    private final CredentialRepository repository;

    private final CredentialCipher cipher;

    private final String keysetSource;

    /** Started by {@code --re-encrypt-credentials}, which is about to do what the warning would ask for. */
    private final boolean reEncrypting;

    CredentialKeyCheck(CredentialRepository repository, CredentialCipher cipher, Environment environment, CredentialsProperties properties,
            DataDirectory dataDirectory) {
        this.repository = repository;
        this.cipher = cipher;
        this.keysetSource = CredentialKeyset.source(environment, properties, dataDirectory);
        this.reEncrypting = environment.containsProperty(CredentialCommands.RE_ENCRYPT.substring(2));
    }

    @Override
    public void afterPropertiesSet() {
        List<Long> undecryptable = new ArrayList<>();
        int olderKey = 0;
        long after = 0;
        List<StoredCredential> page;
        do {
            page = repository.findPage(after, PAGE_SIZE);
            for (StoredCredential credential : page) {
                after = credential.id();
                try {
                    cipher.decrypt(credential.accountId(), credential.provider(), credential.ciphertext());
                    if (cipher.madeWithOlderKey(credential.ciphertext())) {
                        olderKey++;
                    }
                }
                catch (GeneralSecurityException ex) {
                    undecryptable.add(credential.id());
                }
            }
        }
        while (page.size() == PAGE_SIZE);
        if (!undecryptable.isEmpty()) {
            throw refusal(undecryptable);
        }
        if (olderKey > 0 && !reEncrypting) {
            log.warn("{} stored credential{} still encrypted with an older key of the keyset. Run Atelier once with "
                    + "--re-encrypt-credentials to move {} to the primary key, and keep the older keys until then (see README, "
                    + "'Credentials key').", olderKey, olderKey == 1 ? " is" : "s are", olderKey == 1 ? "it" : "them");
        }
    }

    private CredentialKeyException refusal(List<Long> ids) {
        String shown = ids.stream().limit(IDS_SHOWN).map(String::valueOf).collect(Collectors.joining(", "))
                + (ids.size() > IDS_SHOWN ? " and " + (ids.size() - IDS_SHOWN) + " more" : "");
        String count = ids.size() == 1 ? "1 stored credential (id " + shown + ") cannot" : ids.size() + " stored credentials (ids " + shown + ") cannot";
        return new CredentialKeyException(count + " be decrypted with the configured credentials keyset, which comes from "
                + keysetSource + ". Atelier stopped before serving anything; no credential was changed or deleted.",
                "Configure the keyset that encrypted them, with all its keys, through ATELIER_KEYSET or "
                        + "atelier.credentials.keyset-file (after a key rotation, keep the old keys in the keyset until "
                        + "--re-encrypt-credentials has run). If that keyset is lost for good, these credentials cannot be "
                        + "recovered: delete those rows of the credentials table and ask their owners to enter them again. "
                        + "See README, 'Credentials key'.");
    }

}
