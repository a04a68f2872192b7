package app.atelier.style;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StylesTests {

    private static final String GROUPS = """
            "groups": [{"id": "photo", "name": "Photo"}, {"id": "mood", "name": "Mood"}]""";

    private static final Styles SHIPPED = Styles.read(new ClassPathResource(Styles.FILE));

    @TempDir
    Path dir;

    @Test
    void shipsAboutThirtyPresetsWithSeveralInEveryGroup() {
        assertThat(SHIPPED.list()).hasSizeBetween(25, 40);
        assertThat(SHIPPED.groups()).extracting(StyleGroup::id)
            .containsExactly("photo", "illustration", "art", "digital", "mood", "craft");
        Map<String, Long> perGroup = SHIPPED.list().stream().collect(Collectors.groupingBy(Style::group, Collectors.counting()));
        assertThat(perGroup).containsOnlyKeys("photo", "illustration", "art", "digital", "mood", "craft");
        assertThat(perGroup.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(3));
    }

    @Test
    void shippedPresetsHaveUniqueKebabCaseIdsNamesAndShortPrompts() {
        Set<String> ids = new HashSet<>();
        for (Style style : SHIPPED.list()) {
            assertThat(ids.add(style.id())).as("unique id %s", style.id()).isTrue();
            assertThat(style.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(style.name()).isNotBlank();
            assertThat(style.prompt()).isNotBlank().hasSizeLessThanOrEqualTo(Styles.MAX_PROMPT_LENGTH).endsWith(".");
        }
        assertThat(SHIPPED.list()).extracting(Style::name).doesNotHaveDuplicates();
    }

    @Test
    void keepsTheFilesOrder() {
        assertThat(SHIPPED.list().get(0).id()).isEqualTo("cinematic-photo");
        assertThat(SHIPPED.list().get(SHIPPED.list().size() - 1).id()).isEqualTo("stained-glass");
    }

    @Test
    void findsKnownIdsOnly() {
        assertThat(SHIPPED.find("watercolour")).get().satisfies(style -> {
            assertThat(style.name()).isEqualTo("Watercolour");
            assertThat(style.group()).isEqualTo("illustration");
            assertThat(style.prompt()).containsIgnoringCase("watercolour");
        });
        assertThat(SHIPPED.groupOf(SHIPPED.find("ukiyo-e").orElseThrow()).name()).isEqualTo("Art");
        assertThat(SHIPPED.find("no-such-style")).isEmpty();
        assertThat(SHIPPED.find("Watercolour")).isEmpty();
        assertThat(SHIPPED.find("")).isEmpty();
        assertThat(SHIPPED.find(null)).isEmpty();
    }

    @Test
    void readsAValidFile() throws IOException {
        Styles styles = load("""
                {%s, "styles": [
                  {"id": "golden-hour", "name": " Golden hour ", "group": "mood", "prompt": "Warm low sunlight."},
                  {"id": "aerial", "name": "Aerial", "group": "photo", "prompt": "Seen from high above."}]}""".formatted(GROUPS));
        assertThat(styles.list()).containsExactly(new Style("golden-hour", "Golden hour", "mood", "Warm low sunlight."),
                new Style("aerial", "Aerial", "photo", "Seen from high above."));
        assertThat(styles.groups()).containsExactly(new StyleGroup("photo", "Photo"), new StyleGroup("mood", "Mood"));
    }

    @Test
    void refusesDuplicateIds() {
        assertRefused(styles(style("aerial", "Aerial", "photo", "Seen from above."), style("aerial", "Aerial 2", "mood", "Hazy.")),
                "style #2 (\"aerial\") repeats an id");
    }

    @Test
    void refusesIdsThatAreNotKebabCase() {
        assertRefused(styles(style("Aerial Photo", "Aerial", "photo", "Seen from above."), moodStyle()), "style #1 has the id \"Aerial Photo\"");
        assertRefused(styles(style("aerial_photo", "Aerial", "photo", "Seen from above."), moodStyle()), "\"aerial_photo\"");
        assertRefused(styles(style("", "Aerial", "photo", "Seen from above."), moodStyle()), "style #1 has the id \"\"");
    }

    @Test
    void refusesUnknownGroups() {
        assertRefused(styles(style("aerial", "Aerial", "landscape", "Seen from above."), moodStyle()),
                "style #1 (\"aerial\") names the unknown group \"landscape\"");
    }

    @Test
    void refusesBlankNamesAndPrompts() {
        assertRefused(styles(style("aerial", "  ", "photo", "Seen from above."), moodStyle()), "style #1 (\"aerial\") has no name");
        assertRefused(styles(style("aerial", "Aerial", "photo", ""), moodStyle()), "style #1 (\"aerial\") has no prompt");
        assertRefused("""
                {%s, "styles": [{"id": "aerial", "group": "photo"}, %s]}""".formatted(GROUPS, moodStyle()),
                "has no name", "has no prompt");
    }

    @Test
    void refusesPromptsOverThreeHundredCharacters() {
        assertThat(load(styles(style("long", "Long", "photo", "x".repeat(300)), moodStyle())).find("long")).isPresent();
        assertRefused(styles(style("long", "Long", "photo", "x".repeat(301)), moodStyle()),
                "style #1 (\"long\") has a prompt of 301 characters; at most 300");
    }

    @Test
    void refusesGroupsWithoutStylesOrWithoutNames() {
        assertRefused(styles(style("aerial", "Aerial", "photo", "Seen from above.")), "group \"mood\" has no styles");
        assertRefused("""
                {"groups": [{"id": "photo"}], "styles": [%s]}""".formatted(style("aerial", "Aerial", "photo", "Above.")),
                "group #1 (\"photo\") has no name");
        assertRefused("""
                {"groups": [{"id": "photo", "name": "Photo"}, {"id": "photo", "name": "Again"}], "styles": [%s]}"""
            .formatted(style("aerial", "Aerial", "photo", "Above.")), "group #2 repeats the id \"photo\"");
    }

    @Test
    void refusesMissingSectionsUnknownFieldsAndBrokenJson() {
        assertRefused("{%s}".formatted(GROUPS), "\"styles\" is missing or empty");
        assertRefused("{\"styles\": []}", "\"groups\" is missing or empty", "\"styles\" is missing or empty");
        assertRefused(styles(style("aerial", "Aerial", "photo", "Above.").replace("\"prompt\"", "\"promt\""), moodStyle()), "promt");
        assertRefused("{" + GROUPS + ", \"styles\": [", "not valid", "line 1");
        assertRefused("", "not valid");
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheFile() {
        assertRefused(styles(style("a", "", "photo", "Above."), style("a", "B", "nowhere", "")), dir.resolve("styles.json").toString(),
                "style #1 (\"a\") has no name", "style #2 (\"a\") repeats an id", "unknown group \"nowhere\"", "style #2 (\"a\") has no prompt");
    }

    @Test
    void aBrokenFileFailsStartupWithItsProblemsAsTheDescription() {
        InvalidStylesException problem = refusal(styles(style("aerial", "Aerial", "landscape", "Above."), moodStyle()));
        FailureAnalysis analysis = new InvalidStylesFailureAnalyzer()
            .analyze(new BeanCreationException("styles", "Failed to instantiate", problem));
        assertThat(analysis.getDescription()).contains("unknown group \"landscape\"");
        assertThat(analysis.getAction()).contains("styles.json");
    }

    private void assertRefused(String json, String... fragments) {
        assertThat(refusal(json).getMessage()).contains(fragments);
    }

    private InvalidStylesException refusal(String json) {
        return (InvalidStylesException) assertThatThrownBy(() -> load(json)).isInstanceOf(InvalidStylesException.class)
            .actual();
    }

    private Styles load(String json) {
        Path file = dir.resolve("styles.json");
        try {
            Files.writeString(file, json, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return Styles.read(new FileSystemResource(file));
    }

    private static String styles(String... styles) {
        return "{" + GROUPS + ", \"styles\": [" + String.join(", ", List.of(styles)) + "]}";
    }

    private static String moodStyle() {
        return style("golden-hour", "Golden hour", "mood", "Warm low sunlight.");
    }

    private static String style(String id, String name, String group, String prompt) {
        return """
                {"id": "%s", "name": "%s", "group": "%s", "prompt": "%s"}""".formatted(id, name, group, prompt);
    }

}
