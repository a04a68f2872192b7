package app.atelier.credentials;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;

import app.atelier.provider.ProviderId;

/**
 * The only class that uses the credentials key. Tink AEAD (AES-256-GCM) with associated data that names the owner and
 * the provider, so a ciphertext copied into another row, or another user's, does not decrypt. Tink prefixes each
 * ciphertext with the id of the key that made it: several keys can be active, new writes use the primary.
 */
class CredentialCipher {

    private static final String ASSOCIATED_DATA_PREFIX = "atelier:credential:v1:";

    private final Aead aead;

    private final int primaryKeyId;

    CredentialCipher(KeysetHandle keyset) {
        try {
            AeadConfig.register();
            this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
            this.primaryKeyId = keyset.getPrimary().getId();
        }
        catch (GeneralSecurityException | IllegalStateException ex) {
            throw new CredentialKeyException("The credentials keyset is not a usable AEAD keyset (AES-256-GCM expected).",
                    "Configure a Tink AEAD keyset, such as one made by --new-credentials-key (see README, 'Credentials key').");
        }
    }

    String encrypt(long accountId, ProviderId provider, String plaintext) {
        try {
            byte[] ciphertext = aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), associatedData(accountId, provider));
            return Base64.getEncoder().encodeToString(ciphertext);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Encryption failed", ex);
        }
    }

    /** @throws GeneralSecurityException when no configured key opens it, or it belongs to another account or provider */
    String decrypt(long accountId, ProviderId provider, String ciphertext) throws GeneralSecurityException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(ciphertext);
        }
        catch (IllegalArgumentException ex) {
            throw new GeneralSecurityException("The stored ciphertext is not Base64");
        }
        return new String(aead.decrypt(bytes, associatedData(accountId, provider)), StandardCharsets.UTF_8);
    }

    /** Whether a ciphertext was made with a key other than the primary: re-encryption would move it to the primary. */
    boolean madeWithOlderKey(String ciphertext) {
        byte[] bytes = Base64.getDecoder().decode(ciphertext);
        return bytes.length < 5 || ByteBuffer.wrap(bytes, 1, 4).getInt() != primaryKeyId;
    }

    private static byte[] associatedData(long accountId, ProviderId provider) {
        return (ASSOCIATED_DATA_PREFIX + accountId + ":" + provider.id()).getBytes(StandardCharsets.UTF_8);
    }

}
