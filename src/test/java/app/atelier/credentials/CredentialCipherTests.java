package app.atelier.credentials;

import java.security.GeneralSecurityException;
import java.util.Base64;

import com.google.crypto.tink.KeysetHandle;
import org.junit.jupiter.api.Test;

import app.atelier.provider.ProviderId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialCipherTests {

    private static final String SECRET = "psid=test-psid-cipher-R4t8\npsidts=test-psidts-cipher-M2n6";

    private final KeysetHandle keyA = CredentialKeyset.generate();

    private final CredentialCipher cipher = new CredentialCipher(keyA);

    @Test
    void decryptsWhatItEncrypted() throws GeneralSecurityException {
        String ciphertext = cipher.encrypt(7, ProviderId.GEMINI_WEB, SECRET);

        assertThat(ciphertext).doesNotContain("test-psid").isBase64();
        assertThat(cipher.decrypt(7, ProviderId.GEMINI_WEB, ciphertext)).isEqualTo(SECRET);
    }

    @Test
    void encryptsTheSameSecretDifferentlyEachTime() {
        assertThat(cipher.encrypt(7, ProviderId.GEMINI_WEB, SECRET)).isNotEqualTo(cipher.encrypt(7, ProviderId.GEMINI_WEB, SECRET));
    }

    @Test
    void aCiphertextMovedToAnotherAccountDoesNotDecrypt() {
        String ciphertext = cipher.encrypt(7, ProviderId.GEMINI_WEB, SECRET);

        assertThatThrownBy(() -> cipher.decrypt(8, ProviderId.GEMINI_WEB, ciphertext)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> cipher.decrypt(17, ProviderId.GEMINI_WEB, ciphertext)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aCiphertextMovedToAnotherProviderDoesNotDecrypt() {
        String web = cipher.encrypt(7, ProviderId.GEMINI_WEB, SECRET);
        String api = cipher.encrypt(7, ProviderId.GEMINI_API, "apiKey=test-api-key-cipher-W3e5");

        assertThatThrownBy(() -> cipher.decrypt(7, ProviderId.GEMINI_API, web)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> cipher.decrypt(7, ProviderId.GEMINI_WEB, api)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aTamperedCiphertextDoesNotDecrypt() {
        byte[] bytes = Base64.getDecoder().decode(cipher.encrypt(7, ProviderId.GEMINI_API, SECRET));
        for (int position : new int[] { 0, 3, 5, 12, bytes.length / 2, bytes.length - 1 }) {
            byte[] tampered = bytes.clone();
            tampered[position] ^= 0x01;
            String ciphertext = Base64.getEncoder().encodeToString(tampered);

            assertThatThrownBy(() -> cipher.decrypt(7, ProviderId.GEMINI_API, ciphertext)).as("a flipped bit at byte %d", position)
                .isInstanceOf(GeneralSecurityException.class);
        }
        String truncated = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertThatThrownBy(() -> cipher.decrypt(7, ProviderId.GEMINI_API, truncated)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void somethingThatIsNotACiphertextDoesNotDecrypt() {
        assertThatThrownBy(() -> cipher.decrypt(7, ProviderId.GEMINI_API, "not base64 at all!")).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> cipher.decrypt(7, ProviderId.GEMINI_API, "")).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void anotherKeysetCannotDecrypt() {
        String ciphertext = cipher.encrypt(7, ProviderId.GEMINI_WEB, SECRET);
        CredentialCipher stranger = new CredentialCipher(CredentialKeyset.generate());

        assertThatThrownBy(() -> stranger.decrypt(7, ProviderId.GEMINI_WEB, ciphertext)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aNewPrimaryKeyEncryptsWhileTheOlderKeyStillDecrypts() throws GeneralSecurityException {
        String underA = cipher.encrypt(7, ProviderId.GEMINI_WEB, SECRET);
        KeysetHandle keysAB = CredentialKeyset.withNewPrimary(keyA);
        CredentialCipher rotated = new CredentialCipher(keysAB);

        String underB = rotated.encrypt(7, ProviderId.GEMINI_WEB, SECRET);

        assertThat(keysAB.size()).isEqualTo(2);
        assertThat(keysAB.getPrimary().getId()).isNotEqualTo(keyA.getPrimary().getId());
        assertThat(keyIdOf(underA)).isEqualTo(keyA.getPrimary().getId());
        assertThat(keyIdOf(underB)).isEqualTo(keysAB.getPrimary().getId());
        assertThat(rotated.decrypt(7, ProviderId.GEMINI_WEB, underA)).isEqualTo(SECRET);
        assertThat(rotated.decrypt(7, ProviderId.GEMINI_WEB, underB)).isEqualTo(SECRET);
        assertThat(rotated.madeWithOlderKey(underA)).isTrue();
        assertThat(rotated.madeWithOlderKey(underB)).isFalse();
        assertThat(cipher.madeWithOlderKey(underA)).isFalse();
        assertThatThrownBy(() -> cipher.decrypt(7, ProviderId.GEMINI_WEB, underB)).as("key A alone cannot open what key B made")
            .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aKeysetSurvivesItsJsonForm() throws GeneralSecurityException {
        KeysetHandle keysAB = CredentialKeyset.withNewPrimary(keyA);
        String underB = new CredentialCipher(keysAB).encrypt(9, ProviderId.GEMINI_API, SECRET);

        KeysetHandle reread = CredentialKeyset.parse(CredentialKeyset.serialize(keysAB), "a test");

        assertThat(new CredentialCipher(reread).decrypt(9, ProviderId.GEMINI_API, underB)).isEqualTo(SECRET);
        assertThat(reread.getPrimary().getId()).isEqualTo(keysAB.getPrimary().getId());
    }

    /** Tink's output prefix: a version byte, then the id of the key that made the ciphertext. */
    private static int keyIdOf(String ciphertext) {
        return java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(ciphertext), 1, 4).getInt();
    }

}
