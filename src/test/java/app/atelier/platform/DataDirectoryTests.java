package app.atelier.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class DataDirectoryTests {

    @TempDir
    Path temp;

    @Test
    void resolvesItsRootToAnAbsolutePath() {
        assertThat(new DataDirectory(temp + "/a/../data").root()).isEqualTo(temp.resolve("data")).isAbsolute();
    }

    @Test
    void createsFoldersOnDemand() {
        DataDirectory dataDirectory = new DataDirectory(temp.toString());
        Path images = dataDirectory.folder("images");
        assertThat(images).isEqualTo(temp.resolve("images")).isDirectory();
        assertThat(dataDirectory.folder("images")).isEqualTo(images);
    }

    @Test
    void generatesA256BitSecretOnce() {
        DataDirectory dataDirectory = new DataDirectory(temp.toString());
        String secret = dataDirectory.secret("remember-me.key", "remember-me key");
        assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
        assertThat(dataDirectory.secret("remember-me.key", "remember-me key")).isEqualTo(secret);
        assertThat(new DataDirectory(temp.toString()).secret("remember-me.key", "remember-me key")).isEqualTo(secret);
        assertThat(dataDirectory.secret("other.key", "other key")).isNotEqualTo(secret);
    }

    @Test
    void keepsTheSecretFileReadableByItsOwnerOnly() throws Exception {
        new DataDirectory(temp.toString()).secret("remember-me.key", "remember-me key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("remember-me.key")))).isEqualTo("rw-------");
    }

    @Test
    void logsTheFileButNeverTheSecret(CapturedOutput output) {
        DataDirectory dataDirectory = new DataDirectory(temp.toString());
        String secret = dataDirectory.secret("remember-me.key", "remember-me key");
        dataDirectory.secret("remember-me.key", "remember-me key");
        assertThat(output).contains(temp.resolve("remember-me.key").toString()).contains("remember-me key").doesNotContain(secret);
        assertThat(output.toString().split("Generated a new", -1)).as("one log line for one generated secret").hasSize(2);
    }

    @Test
    void readsASecretThatAlreadyExists() throws Exception {
        Files.writeString(temp.resolve("api.key"), "  kept-from-an-earlier-start \n");
        assertThat(new DataDirectory(temp.toString()).secret("api.key", "API key")).isEqualTo("kept-from-an-earlier-start");
    }

    @Test
    void givesEveryConcurrentFirstCallerTheSameSecret() throws Exception {
        int threads = 8;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                DataDirectory dataDirectory = new DataDirectory(temp.resolve("round-" + round).toString());
                Files.createDirectories(dataDirectory.root());
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> calls = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    calls.add(executor.submit(() -> {
                        start.await();
                        return dataDirectory.secret("session.key", "session key");
                    }));
                }
                start.countDown();
                List<String> secrets = new ArrayList<>();
                for (Future<String> call : calls) {
                    secrets.add(call.get(30, TimeUnit.SECONDS));
                }
                assertThat(secrets).as("round " + round).hasSize(threads).allSatisfy(secret -> assertThat(secret).hasSize(43))
                    .containsOnly(secrets.get(0));
                try (var files = Files.list(dataDirectory.root())) {
                    assertThat(files).as("round " + round).containsExactly(dataDirectory.root().resolve("session.key"));
                }
            }
        }
        finally {
            executor.shutdownNow();
        }
    }

}
