package app.atelier.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.google.crypto.tink.KeysetHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import app.atelier.AtelierApplication;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static app.atelier.credentials.CredentialKeysetTests.assertKeyMaterialAbsent;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class CredentialCommandsTests {

    @TempDir
    Path dataDir;

    @Test
    void recognisesItsTwoOptionsOnly() {
        assertThat(CredentialCommands.requested("--server.port=0", "--re-encrypt-credentials")).isTrue();
        assertThat(CredentialCommands.requested("--new-credentials-key")).isTrue();
        assertThat(CredentialCommands.requested("--server.port=0")).isFalse();
        assertThat(CredentialCommands.requested("--re-encrypt-credentials=false-friend")).isFalse();
        assertThat(CredentialCommands.requested()).isFalse();
    }

    @Test
    void createsAPrivateKeysetFileAndThenAddsPrimaryKeysToIt(CapturedOutput output) throws IOException {
        Path file = dataDir.resolve("etc/atelier/credentials-keyset.json");

        assertThat(newKey("--atelier.credentials.keyset-file=" + file)).isZero();

        KeysetHandle created = CredentialKeyset.parse(Files.readString(file), "test");
        assertThat(created.size()).isEqualTo(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(output).contains("Created the credentials keyset " + file + " (mode 0600) with one AES-256-GCM key (id "
                + Integer.toUnsignedString(created.getPrimary().getId()) + ").")
            .contains("atelier.credentials.require-configured-key=true");
        String first = Files.readString(file);

        assertThat(newKey("--atelier.credentials.keyset-file=" + file)).isZero();

        KeysetHandle extended = CredentialKeyset.parse(Files.readString(file), "test");
        assertThat(extended.size()).isEqualTo(2);
        assertThat(extended.getPrimary().getId()).isNotEqualTo(created.getPrimary().getId());
        assertThat(extended.getAt(0).getId()).as("the old key stays").isEqualTo(created.getPrimary().getId());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(output).contains("Added a new AES-256-GCM key (id " + Integer.toUnsignedString(extended.getPrimary().getId()) + ") to "
                + file + " as its primary key. The keyset now holds 2 keys")
            .contains("Restart every Atelier instance").contains("--re-encrypt-credentials")
            .contains("Keep the older keys in the keyset");
        assertKeyMaterialAbsent(first, output.getAll());
        assertKeyMaterialAbsent(Files.readString(file), output.getAll());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file stays behind").containsExactly(file);
        }
    }

    @Test
    void extendsTheGeneratedKeyWhenNothingIsConfigured(CapturedOutput output) throws IOException {
        Path generated = dataDir.resolve(CredentialKeyset.GENERATED_FILE);

        assertThat(newKey()).isZero();
        assertThat(newKey()).isZero();

        assertThat(CredentialKeyset.parse(Files.readString(generated), "test").size()).isEqualTo(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(generated))).isEqualTo("rw-------");
        assertThat(output).contains("to " + generated + " as its primary key");
        assertKeyMaterialAbsent(Files.readString(generated), output.getAll());
    }

    @Test
    void leavesAKeysetFromTheEnvironmentAloneAndExplainsWhatToDo(CapturedOutput output) throws IOException {
        String keyset = CredentialKeyset.serialize(CredentialKeyset.generate());
        Path file = dataDir.resolve("keys.json");

        assertThat(newKey("--ATELIER_KEYSET=" + keyset, "--atelier.credentials.keyset-file=" + file)).isEqualTo(2);

        assertThat(file).doesNotExist();
        assertThat(dataDir.resolve(CredentialKeyset.GENERATED_FILE)).doesNotExist();
        assertThat(output).contains("The credentials keyset comes from the environment variable ATELIER_KEYSET, which this command "
                + "cannot change. Nothing was changed.")
            .contains("run this command again without\nATELIER_KEYSET and with --atelier.credentials.keyset-file=<that file>");
        assertKeyMaterialAbsent(keyset, output.getAll().replace("--ATELIER_KEYSET=" + keyset, ""));
    }

    @Test
    void asksForAFileRatherThanGeneratingOneWhenAConfiguredKeyIsRequired(CapturedOutput output) {
        assertThat(newKey("--atelier.credentials.require-configured-key=true")).isEqualTo(2);

        assertThat(dataDir.resolve(CredentialKeyset.GENERATED_FILE)).doesNotExist();
        assertThat(output).contains("Nothing was changed. Give the file to create or extend: "
                + "--atelier.credentials.keyset-file=/path/to/credentials-keyset.json");
    }

    @Test
    void refusesAMalformedKeysetFileAndLeavesIt(CapturedOutput output) throws IOException {
        Path file = dataDir.resolve("broken.json");
        Files.writeString(file, "{\"half\": ");

        assertThat(newKey("--atelier.credentials.keyset-file=" + file)).isEqualTo(1);

        assertThat(Files.readString(file)).isEqualTo("{\"half\": ");
        assertThat(output).contains("No key was added: The credentials keyset from " + file + " is not a valid Tink JSON keyset.");
    }

    @Test
    void refusesBothCommandsAtOnce(CapturedOutput output) {
        assertThat(CredentialCommands.run(AtelierApplication.class, "--new-credentials-key", "--re-encrypt-credentials",
                "--atelier.data-dir=" + dataDir)).isEqualTo(2);

        assertThat(dataDir.resolve(CredentialKeyset.GENERATED_FILE)).doesNotExist();
        assertThat(output).contains("not both");
    }

    private int newKey(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--new-credentials-key";
        all[1] = "--atelier.data-dir=" + dataDir;
        System.arraycopy(args, 0, all, 2, args.length);
        return CredentialCommands.run(AtelierApplication.class, all);
    }

}
