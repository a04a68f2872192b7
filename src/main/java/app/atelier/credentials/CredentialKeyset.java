package app.atelier.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.atelier.platform.DataDirectory;

import org.springframework.core.env.Environment;

/**
 * Where the credentials keyset comes from: the {@code ATELIER_KEYSET} environment variable, else
 * {@code atelier.credentials.keyset-file}, else (for a local run, unless a configured key is required) a keyset
 * generated once into the data directory with mode 0600.
 */
final class CredentialKeyset {

    static final String ENVIRONMENT_VARIABLE = "ATELIER_KEYSET";

    static final String GENERATED_FILE = "credentials-keyset.json";

    private static final Logger log = LoggerFactory.getLogger(CredentialKeyset.class);

    private CredentialKeyset() {
    }

    static KeysetHandle load(Environment environment, CredentialsProperties properties, DataDirectory dataDirectory) {
        String fromEnvironment = environment.getProperty(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return parse(fromEnvironment, ENVIRONMENT_VARIABLE);
        }
        if (properties.keysetFile() != null) {
            Path file = properties.keysetFile();
            if (!Files.isReadable(file)) {
                throw new CredentialKeyException("The credentials keyset file " + file + " (atelier.credentials.keyset-file) cannot be read.",
                        "Check the path and the file's permissions, or create the keyset with --new-credentials-key "
                                + "(see README, 'Credentials key').");
            }
            return parse(read(file), file.toString());
        }
        if (properties.requireConfiguredKey()) {
            throw new CredentialKeyException("No credentials key is configured, and atelier.credentials.require-configured-key=true.",
                    "Set ATELIER_KEYSET or atelier.credentials.keyset-file to the keyset that encrypts the stored credentials; "
                            + "create one with --new-credentials-key (see README, 'Credentials key').");
        }
        Path generated = dataDirectory.root().resolve(GENERATED_FILE);
        if (Files.exists(generated)) {
            return parse(read(generated), generated.toString());
        }
        KeysetHandle keyset = generate();
        write(generated, serialize(keyset));
        log.warn("No credentials key is configured: generated one in {} (mode 0600). Anyone with this file can read the stored "
                + "Gemini credentials; back it up, and for production set ATELIER_KEYSET or atelier.credentials.keyset-file "
                + "with atelier.credentials.require-configured-key=true.", generated);
        return keyset;
    }

    /** Where {@link #load} takes the keyset from, in words for an operator; names no key material. */
    static String source(Environment environment, CredentialsProperties properties, DataDirectory dataDirectory) {
        String fromEnvironment = environment.getProperty(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return "the environment variable " + ENVIRONMENT_VARIABLE;
        }
        if (properties.keysetFile() != null) {
            return "the file " + properties.keysetFile() + " (atelier.credentials.keyset-file)";
        }
        return "the file " + dataDirectory.root().resolve(GENERATED_FILE) + ", generated when no key was configured";
    }

    static KeysetHandle generate() {
        try {
            AeadConfig.register();
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot generate a credentials key", ex);
        }
    }

    /** The same keyset with a fresh AES-256-GCM key as its primary; the other keys stay, so their ciphertexts still open. */
    static KeysetHandle withNewPrimary(KeysetHandle keyset) {
        try {
            AeadConfig.register();
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
            KeysetHandle.Builder.Entry entry = KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId();
            builder.addEntry(entry);
            entry.makePrimary();
            return builder.build();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot add a key to the credentials keyset", ex);
        }
    }

    static KeysetHandle parse(String json, String source) {
        try {
            AeadConfig.register();
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        }
        catch (GeneralSecurityException | RuntimeException ex) {
            throw new CredentialKeyException("The credentials keyset from " + source + " is not a valid Tink JSON keyset.",
                    "Give the whole keyset JSON as written by --new-credentials-key (or Tinkey), unchanged (see README, 'Credentials key').");
        }
    }

    static String serialize(KeysetHandle keyset) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot serialise the credentials keyset", ex);
        }
    }

    /** Writes a keyset file readable only by its owner, replacing any earlier one in a single step. */
    static void write(Path file, String json) {
        try {
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".keyset-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot write the credentials keyset to " + file, ex);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the credentials keyset " + file, ex);
        }
    }

}
