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

        assertThat(search.fts5Match(12)).isEqualTo("\"a000000012xlight\"* AND \"a000000012xcafé\"*");
        assertThat(search.postgresQuery(12)).isEqualTo("atelier_owner_query(12, 'light café')");
    }

    @Test
    void indexesEachWordOfAPromptWithItsOwnerInFront() {
        assertThat(PromptSearch.indexedWords(7, "A Lighthouse at dusk, sci-fi: 東京 № 5!")).isEqualTo("a000000007xA a000000007xLighthouse a000000007xat a000000007xdusk a000000007xsci a000000007xfi a000000007x東京 a000000007x5");
        assertThat(PromptSearch.indexedWords(7, "cafe\u0301")).as("composed, then kept whole").isEqualTo("a000000007xcafé");
        assertThat(PromptSearch.indexedWords(7, "ab\u0301\u0302cd")).as("marks belong to their word").isEqualTo("a000000007xab\u0301\u0302cd");
        assertThat(PromptSearch.indexedWords(7, " ... ")).isEmpty();
    }

}
