package app.atelier.gallery;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL: the words of each owner's prompts ({@code image_words}, postgresql/V9), which turn a searched prefix
 * into the owner's words that start with it. The full-text index answers a prefix by collecting the postings of every
 * word it names into a bitmap first (10 ms for a word in 40,000 prompts), while the same words asked for exactly are
 * intersected posting list by posting list (0.5 ms).
 */
final class OwnerWords {

    /** A prefix that names more of the owner's words than this is searched as a prefix. */
    static final int MAX_EXPANDED = 16;

    /** The greatest code point: a word that starts with a prefix sorts below the prefix followed by it ("C" collation). */
    private static final String LAST = new String(Character.toChars(Character.MAX_CODE_POINT));

    private final JdbcClient jdbc;

    OwnerWords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Keeps the words of a new image's prompt, split and folded as the search column splits and folds them. In the
     * words' order, so that two transactions adding the same new words wait for each other instead of deadlocking.
     */
    void record(long accountId, String prompt) {
        jdbc.sql("""
                INSERT INTO image_words (account_id, word)
                SELECT :account, w.lexeme FROM unnest(to_tsvector('simple', :prompt)) AS w ORDER BY w.lexeme COLLATE "C"
                ON CONFLICT DO NOTHING""")
            .param("account", accountId)
            .param("prompt", prompt)
            .update();
    }

    /**
     * The SQL of the search's {@code tsquery}: each word that names at most {@link #MAX_EXPANDED} of the owner's words
     * as those words exactly, the others (and any the table does not know, such as a word PostgreSQL folds otherwise)
     * as prefixes through {@code atelier_owner_query}. A literal the planner can read.
     */
    String tsquery(long accountId, PromptSearch search) {
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String prefix : search.words()) {
            List<String> words = jdbc.sql("""
                    SELECT word FROM image_words WHERE account_id = :account AND word >= :prefix AND word < :upper
                    ORDER BY word LIMIT :max""")
                .param("account", accountId)
                .param("prefix", prefix)
                .param("upper", prefix + LAST)
                .param("max", MAX_EXPANDED + 1)
                .query(String.class)
                .list();
            if (words.isEmpty() || words.size() > MAX_EXPANDED) {
                prefixes.add(prefix);
            }
            else {
                exact.add(words.stream().map(word -> lexeme(PromptSearch.owner(accountId) + word)).collect(Collectors.joining(" | ", "(", ")")));
            }
        }
        String expanded = exact.isEmpty() ? null : "'" + String.join(" & ", exact).replace("'", "''") + "'::tsquery";
        String prefixed = prefixes.isEmpty() ? null : new PromptSearch(List.copyOf(prefixes)).postgresQuery(accountId);
        if (expanded == null) {
            return prefixed;
        }
        return prefixed == null ? expanded : "(" + prefixed + " && " + expanded + ")";
    }

    /** A lexeme in tsquery syntax: quoted, its quotes doubled and backslashes escaped. */
    private static String lexeme(String word) {
        return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'";
    }

}
