package app.atelier.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The folder that holds the SQLite database, stored files and secrets generated on first start. */
@Component
public class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    private final Path root;

    DataDirectory(@Value("${atelier.data-dir:./data}") String dataDir) {
        this.root = Path.of(dataDir).toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** A sub-folder of the data directory, created when missing. */
    public Path folder(String name) {
        Path folder = root.resolve(name);
        try {
            return Files.createDirectories(folder);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot create " + folder, ex);
        }
    }

    /**
     * Reads a random secret kept in the data directory, generating it (256 bits, file mode 0600) the first time.
     * The log names the file, never its content.
     */
    public String secret(String fileName, String purpose) {
        Path file = root.resolve(fileName);
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                if (writePrivately(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random))) {
                    log.warn("Generated a new {} in {}; keep this file private and back it up with the database", purpose, file);
                }
            }
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read or create " + file, ex);
        }
    }

    /**
     * Writes the secret beside its final name and links it into place, so nobody ever reads a half-written (empty)
     * file and a secret published by a concurrent caller is never replaced. False when another caller won.
     */
    private static boolean writePrivately(Path file, String content) throws IOException {
        Path temporary;
        try {
            temporary = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        catch (UnsupportedOperationException ex) {
            temporary = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
        }
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.createLink(file, temporary);
            }
            catch (FileAlreadyExistsException ex) {
                return false;
            }
            catch (UnsupportedOperationException | FileSystemException ex) {
                Files.move(temporary, file);
            }
            return true;
        }
        catch (FileAlreadyExistsException ex) {
            return false;
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

}
