package app.atelier.credentials;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.google.crypto.tink.KeysetHandle;

import app.atelier.platform.DataDirectory;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;

/**
 * The operator's commands for the credentials key, run instead of the server: {@code --new-credentials-key} adds a
 * fresh primary key to the keyset file, {@code --re-encrypt-credentials} moves every stored credential to the primary
 * key. Both print what they did on standard output, never any key material or credential, and answer an exit code.
 */
public final class CredentialCommands {

    static final String NEW_KEY = "--new-credentials-key";

    static final String RE_ENCRYPT = "--re-encrypt-credentials";

    private CredentialCommands() {
    }

    /** Whether the command line asks for one of these commands rather than the server. */
    public static boolean requested(String... args) {
        return Arrays.asList(args).contains(NEW_KEY) || Arrays.asList(args).contains(RE_ENCRYPT);
    }

    /**
     * Runs the command the arguments name, with the application's configuration (properties, environment and the
     * other arguments), and answers the exit code for the process: 0 when it did its work.
     */
    public static int run(Class<?> application, String... args) {
        boolean newKey = Arrays.asList(args).contains(NEW_KEY);
        boolean reEncrypt = Arrays.asList(args).contains(RE_ENCRYPT);
        if (newKey && reEncrypt) {
            System.err.println("Give " + NEW_KEY + " or " + RE_ENCRYPT + ", not both: restart Atelier with the new key in between.");
            return 2;
        }
        return newKey ? newKey(args) : reEncrypt(application, args);
    }

    /**
     * The whole application, its startup check first, so nothing happens on a wrong keyset. {@code server.port=-1}
     * keeps the web application context (the security configuration needs it) but opens no port.
     */
    private static int reEncrypt(Class<?> application, String... args) {
        SpringApplication spring = new SpringApplication(application);
        spring.setBannerMode(Banner.Mode.OFF);
        String[] withoutPort = Arrays.copyOf(args, args.length + 1);
        withoutPort[args.length] = "--server.port=-1";
        try (ConfigurableApplicationContext context = spring.run(withoutPort)) {
            CredentialReEncryption.Result result = context.getBean(CredentialReEncryption.class).reEncryptAll();
            System.out.println("Re-encrypted " + result.reEncrypted() + " of " + result.examined() + " stored credentials under the "
                    + "primary key; the others were under it already.");
            System.out.println("Once every Atelier instance runs with this keyset, the older keys are no longer needed by stored "
                    + "credentials (keep a backup of the keyset anyway).");
            return 0;
        }
        catch (RuntimeException ex) {
            System.err.println("Re-encryption failed: " + NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
            return 1;
        }
    }

    /** Only the configuration, no database: the keyset file may not exist yet, and no server may run with it yet. */
    private static int newKey(String... args) {
        SpringApplication spring = new SpringApplication(KeyCommandConfiguration.class);
        spring.setWebApplicationType(WebApplicationType.NONE);
        spring.setBannerMode(Banner.Mode.OFF);
        spring.setLogStartupInfo(false);
        try (ConfigurableApplicationContext context = spring.run(args)) {
            return newKey(context.getEnvironment(), context.getBean(CredentialsProperties.class), context.getBean(DataDirectory.class),
                    System.out);
        }
        catch (RuntimeException ex) {
            System.err.println("No key was added: " + ex.getMessage());
            return 1;
        }
    }

    static int newKey(Environment environment, CredentialsProperties properties, DataDirectory dataDirectory, PrintStream out) {
        String fromEnvironment = environment.getProperty(CredentialKeyset.ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            out.println("""
                    The credentials keyset comes from the environment variable %1$s, which this command cannot change. Nothing was changed.
                    To add a key: save the value of %1$s into a file only you can read (chmod 600), run this command again without
                    %1$s and with --atelier.credentials.keyset-file=<that file>, then either put the file's new content into %1$s
                    yourself or keep using the file through atelier.credentials.keyset-file.""".formatted(CredentialKeyset.ENVIRONMENT_VARIABLE));
            return 2;
        }
        Path file;
        if (properties.keysetFile() != null) {
            file = properties.keysetFile().toAbsolutePath();
        }
        else if (properties.requireConfiguredKey()) {
            out.println("atelier.credentials.require-configured-key=true and no keyset file is named. Nothing was changed. Give the file "
                    + "to create or extend: --atelier.credentials.keyset-file=/path/to/credentials-keyset.json");
            return 2;
        }
        else {
            file = dataDirectory.root().resolve(CredentialKeyset.GENERATED_FILE);
        }
        boolean exists = Files.exists(file);
        if (!exists) {
            createParent(file);
        }
        KeysetHandle keyset = exists ? CredentialKeyset.withNewPrimary(CredentialKeyset.parse(CredentialKeyset.read(file), file.toString()))
                : CredentialKeyset.generate();
        CredentialKeyset.write(file, CredentialKeyset.serialize(keyset));
        int primary = keyset.getPrimary().getId();
        if (exists) {
            out.println("Added a new AES-256-GCM key (id " + Integer.toUnsignedString(primary) + ") to " + file + " as its primary key. "
                    + "The keyset now holds " + keyset.size() + " keys: the older ones stay, so stored credentials still decrypt.");
            out.println("""
                    Next:
                      1. Restart every Atelier instance with this keyset, so that new credentials are encrypted with the new key.
                      2. Re-encrypt the stored credentials under it, with the same configuration:
                           java -jar atelier.jar --re-encrypt-credentials
                         or: mvn spring-boot:run -Dspring-boot.run.arguments=--re-encrypt-credentials
                      3. Keep the older keys in the keyset at least until re-encryption has reported success; back up %s.""".formatted(file));
        }
        else {
            out.println("Created the credentials keyset " + file + " (mode 0600) with one AES-256-GCM key (id "
                    + Integer.toUnsignedString(primary) + ").");
            out.println("""
                    Next: start Atelier with --atelier.credentials.keyset-file=%s (or ATELIER_CREDENTIALS_KEYSET_FILE), and
                    atelier.credentials.require-configured-key=true in production. Back the file up: without it, stored
                    credentials cannot be decrypted.""".formatted(file));
        }
        return 0;
    }

    private static void createParent(Path file) {
        try {
            Files.createDirectories(file.getParent());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot create the folder of " + file, ex);
        }
    }

    /** Not a {@code @Configuration}, so the application's component scan leaves it out. */
    @EnableConfigurationProperties(CredentialsProperties.class)
    @Import(DataDirectory.class)
    static class KeyCommandConfiguration {

    }

}
