package app.atelier.credentials;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Moves every stored credential to the primary key of the keyset, one row at a time: each row is replaced in a single
 * statement, only if nobody changed it meanwhile. Running it again does nothing more.
 */
@Component
class CredentialReEncryption {

    private static final Logger log = LoggerFactory.getLogger(CredentialReEncryption.class);

    private static final int ATTEMPTS_PER_ROW = 5;

    private final CredentialRepository repository;

    private final CredentialCipher cipher;

    CredentialReEncryption(CredentialRepository repository, CredentialCipher cipher) {
        this.repository = repository;
        this.cipher = cipher;
    }

    record Result(int examined, int reEncrypted) {
    }

    /** @throws IllegalStateException when a credential cannot be decrypted: the rows already moved stay moved */
    Result reEncryptAll() {
        int examined = 0;
        int reEncrypted = 0;
        long after = 0;
        List<StoredCredential> page;
        do {
            page = repository.findPage(after, CredentialKeyCheck.PAGE_SIZE);
            for (StoredCredential credential : page) {
                after = credential.id();
                examined++;
                if (reEncrypt(credential)) {
                    reEncrypted++;
                }
            }
        }
        while (page.size() == CredentialKeyCheck.PAGE_SIZE);
        log.info("Re-encryption: {} of {} stored credentials moved to the primary key", reEncrypted, examined);
        return new Result(examined, reEncrypted);
    }

    private boolean reEncrypt(StoredCredential first) {
        Optional<StoredCredential> current = Optional.of(first);
        for (int attempt = 0; attempt < ATTEMPTS_PER_ROW && current.isPresent(); attempt++) {
            StoredCredential credential = current.get();
            if (!cipher.madeWithOlderKey(credential.ciphertext())) {
                return false;
            }
            String fresh;
            try {
                fresh = cipher.encrypt(credential.accountId(), credential.provider(),
                        cipher.decrypt(credential.accountId(), credential.provider(), credential.ciphertext()));
            }
            catch (GeneralSecurityException ex) {
                throw new IllegalStateException("Credential " + credential.id() + " cannot be decrypted with the configured keyset");
            }
            if (repository.replaceCiphertext(credential.id(), credential.ciphertext(), fresh)) {
                return true;
            }
            current = repository.findById(credential.id());
        }
        if (current.isPresent()) {
            throw new IllegalStateException("Credential " + first.id() + " kept changing during re-encryption; run it again");
        }
        return false;
    }

}
