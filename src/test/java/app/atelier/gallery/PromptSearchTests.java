package app.atelier.gallery;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What reaches the databases' search syntax: words only, and on SQLite each with its owner in front. */
class PromptSearchTests {

    @Test
    void searchesForTheWordsOfWhatWasTypedLowerCase() {
        assertThat(PromptSearch.of("  Light-house, \"STORM\"* OR (x) ").orElseThrow().words()).containsExactly("light", "house", "storm", "or", "x");
        assertThat(PromptSearch.of("\" * ( ) : -")).isEmpty();
        assertThat(PromptSearch.of(null)).isEmpty();
        assertThat(PromptSearch.of("a b c d e f g h i j k l m n").orElseThrow().words()).hasSize(12);
    }

    @Test
    void writesPrefixQueriesForBothDatabases() {
        PromptSearch search = new PromptSearch(List.of("light", "café"));

        assertThat(search.fts5Match(12)).isEqualTo("\"a12xlight\"* AND \"a12xcafé\"*");
        assertThat(search.tsquery()).isEqualTo("light:* & café:*");
    }

    @Test
    void indexesEachWordOfAPromptWithItsOwnerInFront() {
        assertThat(PromptSearch.indexedWords(7, "A Lighthouse at dusk, sci-fi: 東京 № 5!")).isEqualTo("a7xA a7xLighthouse a7xat a7xdusk a7xsci a7xfi a7x東京 a7x5");
        assertThat(PromptSearch.indexedWords(7, "cafe\u0301")).as("composed, then kept whole").isEqualTo("a7xcafé");
        assertThat(PromptSearch.indexedWords(7, "ab\u0301\u0302cd")).as("marks belong to their word").isEqualTo("a7xab\u0301\u0302cd");
        assertThat(PromptSearch.indexedWords(7, " ... ")).isEmpty();
    }

}
