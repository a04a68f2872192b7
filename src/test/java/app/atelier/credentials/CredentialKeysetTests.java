package app.atelier.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import app.atelier.AtelierApplication;
import app.atelier.platform.DataDirectory;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@ExtendWith(OutputCaptureExtension.class)
class CredentialKeysetTests {

    private static final Pattern KEY_VALUE = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]+)\"");

    @TempDir
    Path dataDir;

    @Test
    void takesTheKeysetFromAtelierKeysetFirst() {
        KeysetHandle configured = CredentialKeyset.generate();
        Path file = writeKeyset(CredentialKeyset.generate());
        MockEnvironment environment = new MockEnvironment().withProperty("ATELIER_KEYSET", CredentialKeyset.serialize(configured));

        KeysetHandle loaded = CredentialKeyset.load(environment, new CredentialsProperties(file, true), dataDirectory());

        assertThat(loaded.getPrimary().getId()).isEqualTo(configured.getPrimary().getId());
        assertThat(dataDir.resolve(CredentialKeyset.GENERATED_FILE)).doesNotExist();
        assertThat(CredentialKeyset.source(environment, new CredentialsProperties(file, true), dataDirectory()))
            .isEqualTo("the environment variable ATELIER_KEYSET");
    }

    @Test
    void takesTheKeysetFromTheConfiguredFile() {
        KeysetHandle configured = CredentialKeyset.withNewPrimary(CredentialKeyset.generate());
        Path file = writeKeyset(configured);

        KeysetHandle loaded = CredentialKeyset.load(new MockEnvironment().withProperty("ATELIER_KEYSET", " "),
                new CredentialsProperties(file, true), dataDirectory());

        assertThat(loaded.getPrimary().getId()).isEqualTo(configured.getPrimary().getId());
        assertThat(loaded.size()).isEqualTo(2);
        assertThat(dataDir.resolve(CredentialKeyset.GENERATED_FILE)).doesNotExist();
    }

    @Test
    void refusesAConfiguredFileThatIsMissing() {
        Path missing = dataDir.resolve("nowhere/keyset.json");

        CredentialKeyException refusal = catchThrowableOfType(CredentialKeyException.class,
                () -> CredentialKeyset.load(new MockEnvironment(), new CredentialsProperties(missing, false), dataDirectory()));

        assertThat(refusal).hasMessage("The credentials keyset file " + missing + " (atelier.credentials.keyset-file) cannot be read.");
        assertThat(refusal.action()).contains("--new-credentials-key");
        assertThat(dataDir.resolve(CredentialKeyset.GENERATED_FILE)).as("no silent fallback to a generated key").doesNotExist();
    }

    @Test
    void generatesAPrivateKeyFileWhenNothingIsConfiguredAndSaysSoWithoutTheKey(CapturedOutput output) throws IOException {
        KeysetHandle generated = CredentialKeyset.load(new MockEnvironment(), new CredentialsProperties(null, false), dataDirectory());

        Path file = dataDir.resolve(CredentialKeyset.GENERATED_FILE);
        assertThat(file).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(CredentialKeyset.parse(Files.readString(file), "the file").getPrimary().getId()).isEqualTo(generated.getPrimary().getId());
        assertThat(output).contains("WARN").contains("No credentials key is configured: generated one in " + file);
        assertThat(output).contains("atelier.credentials.require-configured-key=true");
        assertKeyMaterialAbsent(Files.readString(file), output.getAll());
        try (var leftovers = Files.list(dataDir)) {
            assertThat(leftovers).as("no temporary file stays behind").containsExactly(file);
        }
    }

    @Test
    void reusesTheGeneratedKeyOnTheNextStart(CapturedOutput output) throws IOException {
        KeysetHandle first = CredentialKeyset.load(new MockEnvironment(), new CredentialsProperties(null, false), dataDirectory());
        Path file = dataDir.resolve(CredentialKeyset.GENERATED_FILE);
        String written = Files.readString(file);
        String firstCiphertext = new CredentialCipher(first).encrypt(3, app.atelier.provider.ProviderId.GEMINI_API, "apiKey=reuse");
        int warningsBefore = count(output.getAll(), "No credentials key is configured");

        KeysetHandle second = CredentialKeyset.load(new MockEnvironment(), new CredentialsProperties(null, false), dataDirectory());

        assertThat(second.getPrimary().getId()).isEqualTo(first.getPrimary().getId());
        assertThat(Files.readString(file)).isEqualTo(written);
        assertThat(new CredentialCipher(second).madeWithOlderKey(firstCiphertext)).isFalse();
        assertThat(count(output.getAll(), "No credentials key is configured")).as("the warning comes with the generation only")
            .isEqualTo(warningsBefore);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void refusesToGenerateAKeyWhenAConfiguredOneIsRequired() {
        CredentialKeyException refusal = catchThrowableOfType(CredentialKeyException.class,
                () -> CredentialKeyset.load(new MockEnvironment(), new CredentialsProperties(null, true), dataDirectory()));

        assertThat(refusal).hasMessage("No credentials key is configured, and atelier.credentials.require-configured-key=true.");
        assertThat(refusal.action()).contains("ATELIER_KEYSET").contains("atelier.credentials.keyset-file").contains("--new-credentials-key");
        assertThat(dataDir.resolve(CredentialKeyset.GENERATED_FILE)).doesNotExist();
    }

    @Test
    void refusesAMalformedKeysetWithoutRepeatingIt() {
        String malformed = "{\"primaryKeyId\": 1, \"key\": [{\"keyData\": {\"value\": \"c2VjcmV0LWxvb2tpbmctbm9pc2U=\"";

        CredentialKeyException fromEnvironment = catchThrowableOfType(CredentialKeyException.class,
                () -> CredentialKeyset.load(new MockEnvironment().withProperty("ATELIER_KEYSET", malformed),
                        new CredentialsProperties(null, false), dataDirectory()));
        Path file = dataDir.resolve("broken.json");
        writeString(file, "not a keyset at all");
        CredentialKeyException fromFile = catchThrowableOfType(CredentialKeyException.class,
                () -> CredentialKeyset.load(new MockEnvironment(), new CredentialsProperties(file, false), dataDirectory()));

        assertThat(fromEnvironment).hasMessage("The credentials keyset from ATELIER_KEYSET is not a valid Tink JSON keyset.")
            .hasNoCause();
        assertThat(fromEnvironment.action()).contains("--new-credentials-key");
        assertThat(fromFile).hasMessage("The credentials keyset from " + file + " is not a valid Tink JSON keyset.");
        assertThat(dataDir.resolve(CredentialKeyset.GENERATED_FILE)).doesNotExist();
    }

    @Test
    void refusesAKeysetThatIsNotForEncryption() throws Exception {
        MacConfig.register();
        String macKeyset = CredentialKeyset.serialize(KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG));
        KeysetHandle parsed = CredentialKeyset.load(new MockEnvironment().withProperty("ATELIER_KEYSET", macKeyset),
                new CredentialsProperties(null, false), dataDirectory());

        assertThatThrownBy(() -> new CredentialCipher(parsed)).isInstanceOf(CredentialKeyException.class)
            .hasMessage("The credentials keyset is not a usable AEAD keyset (AES-256-GCM expected).");
    }

    @Test
    void aProductionStartWithoutAConfiguredKeyFailsWithAClearMessage(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplication(AtelierApplication.class).run("--server.port=0", "--atelier.data-dir=" + dataDir,
                "--atelier.credentials.require-configured-key=true").close())
            .hasRootCauseInstanceOf(CredentialKeyException.class);

        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("No credentials key is configured, and atelier.credentials.require-configured-key=true.")
            .contains("Set ATELIER_KEYSET or atelier.credentials.keyset-file");
        assertThat(dataDir.resolve(CredentialKeyset.GENERATED_FILE)).doesNotExist();
    }

    @Test
    void aStartWithAMalformedKeysetFailsWithAClearMessage(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplication(AtelierApplication.class).run("--server.port=0", "--atelier.data-dir=" + dataDir,
                "--ATELIER_KEYSET={\"noise\": \"secret-looking-noise-Z8\"}").close())
            .hasRootCauseInstanceOf(CredentialKeyException.class);

        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("The credentials keyset from ATELIER_KEYSET is not a valid Tink JSON keyset.");
        assertThat(output.getAll().replace("--ATELIER_KEYSET={\"noise\": \"secret-looking-noise-Z8\"}", ""))
            .doesNotContain("secret-looking-noise-Z8");
    }

    static void assertKeyMaterialAbsent(String keysetJson, String text) {
        Matcher value = KEY_VALUE.matcher(keysetJson);
        int keys = 0;
        while (value.find()) {
            keys++;
            assertThat(text).as("key material in the output").doesNotContain(value.group(1));
        }
        assertThat(keys).as("keys in the keyset JSON").isPositive();
    }

    private DataDirectory dataDirectory() {
        return dataDirectory(dataDir);
    }

    static DataDirectory dataDirectory(Path root) {
        try {
            return BeanUtils.instantiateClass(DataDirectory.class.getDeclaredConstructor(String.class), root.toString());
        }
        catch (NoSuchMethodException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private Path writeKeyset(KeysetHandle keyset) {
        Path file = dataDir.resolve("configured-keyset.json");
        CredentialKeyset.write(file, CredentialKeyset.serialize(keyset));
        return file;
    }

    private static void writeString(Path file, String content) {
        try {
            Files.writeString(file, content);
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

}
