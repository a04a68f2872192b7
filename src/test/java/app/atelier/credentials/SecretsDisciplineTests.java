package app.atelier.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import app.atelier.platform.DataDirectory;
import app.atelier.provider.ProviderId;
import app.atelier.provider.gemini.web.FakeGeminiWebServer;
import app.atelier.support.Browser;
import app.atelier.support.FakeUpstreams;
import app.atelier.support.Unique;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static app.atelier.credentials.CredentialsApiTests.body;
import static app.atelier.credentials.CredentialsApiTests.tree;
import static app.atelier.support.Requests.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * Stores both kinds of credentials with distinctive test secrets, then looks for those secrets everywhere Atelier
 * writes: every page a signed-in administrator can open, every answer of the credentials API, the whole log (at DEBUG
 * for Atelier and Spring's web layer) and every file of the data directory, the SQLite database and its WAL included.
 */
@SpringBootTest(properties = { "logging.level.app.atelier=DEBUG", "logging.level.org.springframework.web=DEBUG",
        "logging.level.org.springframework.security=DEBUG" })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class SecretsDisciplineTests {

    private static final String PSID = "test-psid-discipline-F4k9Xw";

    private static final String PSIDTS = "test-psidts-discipline-J7q2Vn";

    private static final String API_KEY = "test-api-key-discipline-T5r8Mb";

    /** A cookie pasted along with the two needed ones: dropped on the spot, so it must not show up either. */
    private static final String OTHER_COOKIE = "test-other-cookie-discipline-L3d6";

    private static final List<String> SECRETS = List.of(PSID, PSIDTS, API_KEY, OTHER_COOKIE);

    private static final String PASSWORD = "juniper anvil meadowlark";

    @RegisterExtension
    static final FakeUpstreams fakes = new FakeUpstreams();

    static final FakeGeminiWebServer web = fakes.web();

    static {
        web.signIn(PSID, PSIDTS);
    }

    @DynamicPropertySource
    static void pointAtTheFakes(DynamicPropertyRegistry registry) {
        fakes.pointApplicationAt(registry);
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Credentials credentials;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataDirectory dataDirectory;

    private final List<String> answers = new ArrayList<>();

    @Test
    void noTestSecretAppearsInPagesApiAnswersTheLogOrTheDataDirectory(CapturedOutput output) throws IOException {
        String name = Unique.name("discipline");
        Browser browser = new Browser(mvc);
        assertThat(browser.register(name, Unique.email(name), PASSWORD)).hasStatus(302);
        String token = token(name);
        long accountId = tree(body(mvc.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange())).path("id").asLong();

        String paste = JsonMapper.builder().build().writeValueAsString(Map.of("cookies", """
                [{"domain": ".google.com", "name": "__Secure-1PSID", "value": "%s"},
                 {"domain": ".google.com", "name": "__Secure-1PSIDTS", "value": "%s"},
                 {"domain": ".google.com", "name": "SAPISID", "value": "%s"}]""".formatted(PSID, PSIDTS, OTHER_COOKIE)));
        assertThat(answer(browser.exchange(mvc.put().uri("/api/v1/credentials/gemini-web").with(csrf().asHeader())
            .contentType(MediaType.APPLICATION_JSON).content(paste)))).hasStatus(200);
        assertThat(answer(bearer(token, mvc.put().uri("/api/v1/credentials/gemini-api").contentType(MediaType.APPLICATION_JSON)
            .content("{\"apiKey\": \"" + API_KEY + "\"}")))).hasStatus(200);
        answer(bearer(token, mvc.put().uri("/api/v1/credentials/gemini-web").contentType(MediaType.APPLICATION_JSON)
            .content("{\"psid\": \"" + PSID + "\", \"psidts\": \"" + PSIDTS + "\"}")));
        answer(bearer(token, mvc.put().uri("/api/v1/credentials/gemini-web").contentType(MediaType.APPLICATION_JSON)
            .content("{\"psid\": \"" + PSID + "\", \"psidts\": \"" + PSIDTS + "-stale\"}")));
        answer(bearer(token, mvc.put().uri("/api/v1/credentials/gemini-web").contentType(MediaType.APPLICATION_JSON)
            .content("{\"cookies\": \"__Secure-1PSID=" + PSID + "\"}")));
        answer(bearer(token, mvc.put().uri("/api/v1/credentials/gemini-api").contentType(MediaType.APPLICATION_JSON)
            .content("{\"apiKey\": \"" + API_KEY + " " + API_KEY + "\"}")));
        answer(bearer(token, mvc.post().uri("/api/v1/credentials/gemini-web/verify")));
        answer(bearer(token, mvc.post().uri("/api/v1/credentials/gemini-api/verify")));
        answer(bearer(token, mvc.get().uri("/api/v1/credentials")));
        answer(browser.exchange(mvc.get().uri("/api/v1/credentials")));
        assertThat(credentials.open(accountId, ProviderId.GEMINI_WEB)).isPresent();
        assertThat(credentials.open(accountId, ProviderId.GEMINI_API)).isPresent();
        assertThat(answers).as("answers of the credentials API").hasSize(10);

        List<String> pages = new ArrayList<>();
        for (String page : List.of("/", "/settings", "/credentials", "/terms", "/admin/accounts")) {
            MvcTestResult result = browser.get(page);
            // the admin page answers 403 unless this context's first account is the one signed in; checked all the same
            assertThat(result.getResponse().getStatus()).as(page).isIn(page.startsWith("/admin") ? List.of(200, 403) : List.of(200));
            pages.add(body(result));
        }
        assertThat(pages.get(0)).contains(name);
        assertThat(pages.get(2)).as("the credentials page lists both credentials").contains("Gemini API key").contains("valid");

        Path database = Path.of(jdbc.sql("PRAGMA database_list").query((rs, row) -> rs.getString("file")).list().get(0));
        jdbc.sql("PRAGMA wal_checkpoint(PASSIVE)").query().listOfRows();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dataDirectory.root())) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        try (Stream<Path> walk = Files.walk(database.getParent())) {
            walk.filter(Files::isRegularFile).filter(file -> !files.contains(file)).forEach(files::add);
        }
        assertThat(files).contains(database);
        String storedCiphertext = jdbc.sql("SELECT ciphertext FROM credentials WHERE account_id = :account AND provider = 'gemini-api'")
            .param("account", accountId).query(String.class).single();
        String databaseBytes = read(database) + read(Path.of(database + "-wal"));
        assertThat(databaseBytes).as("the database as read holds the stored row").contains(storedCiphertext);

        String log = output.getAll();
        assertThat(log).as("the log at DEBUG covers the requests").contains("/api/v1/credentials/gemini-web");
        for (String secret : SECRETS) {
            assertThat(answers).as("API answers").allSatisfy(answer -> assertThat(answer).doesNotContain(secret));
            assertThat(pages).as("pages").allSatisfy(page -> assertThat(page).doesNotContain(secret));
            assertThat(log).as("the log").doesNotContain(secret);
            for (Path file : files) {
                assertThat(read(file)).as("the file %s", file).doesNotContain(secret);
            }
        }
    }

    private MvcTestResult answer(MvcTestResult result) {
        answers.add(body(result));
        return result;
    }

    private static MvcTestResult bearer(String token, MockMvcRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    private String token(String name) {
        MvcTestResult token = mvc.post().uri("/api/v1/tokens").remoteAddress(Unique.address())
            .header(HttpHeaders.AUTHORIZATION, basic(name, PASSWORD)).exchange();
        assertThat(token).hasStatus(201);
        return tree(body(token)).path("token").asString();
    }

    /** The bytes as Latin-1, so any UTF-8 or ASCII text inside a binary file reads as itself. */
    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
