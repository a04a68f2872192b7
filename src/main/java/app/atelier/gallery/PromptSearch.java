package app.atelier.gallery;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A search for prompts: the words of what the user typed (letters and digits in any script), each matched as a
 * prefix, all required. Only these words reach the database's query syntax, so no input can inject operators.
 */
record PromptSearch(List<String> words) {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private static final Pattern INDEXED_WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}\\p{Co}]+");

    private static final int MAX_WORDS = 12;

    static Optional<PromptSearch> of(String text) {
        if (text == null) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find() && words.size() < MAX_WORDS) {
            words.add(matcher.group());
        }
        return words.isEmpty() ? Optional.empty() : Optional.of(new PromptSearch(List.copyOf(words)));
    }

    /** SQLite FTS5: every word as a quoted prefix of the owner's indexed words (see {@link #indexedWords}). */
    String fts5Match(long accountId) {
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            match.append(i == 0 ? "" : " AND ").append('"').append(owner(accountId)).append(words.get(i)).append("\"*");
        }
        return match.toString();
    }

    /**
     * SQLite FTS5: what the search index holds for a prompt, each word with its owner in front
     * ({@code a000000012xlighthouse}), so that a prefix search reads only that owner's words. The owner has a fixed
     * width, so that the index's prefixes of one and two letters (sqlite/V8) are prefixes of 12 and 13 characters. Words are split where FTS5's unicode61 tokenizer splits
     * them (letters, digits, marks and private-use characters make words); it folds case and accents itself, on the
     * indexed words and on the searched ones alike.
     */
    static String indexedWords(long accountId, String prompt) {
        StringBuilder indexed = new StringBuilder();
        Matcher matcher = INDEXED_WORD.matcher(Normalizer.normalize(prompt, Normalizer.Form.NFC));
        while (matcher.find()) {
            indexed.append(indexed.isEmpty() ? "" : " ").append(owner(accountId)).append(matcher.group());
        }
        return indexed.toString();
    }

    /** What goes in front of each indexed word of this owner: fixed width, so no owner's words start with another's. */
    static String owner(long accountId) {
        return String.format(Locale.ROOT, "a%09dx", accountId);
    }

    /**
     * PostgreSQL: the SQL of a {@code tsquery} for every word as a prefix of the owner's indexed words, all required
     * ({@code atelier_owner_query}, postgresql/V8). A literal, made of letters, digits and spaces only.
     */
    String postgresQuery(long accountId) {
        return "atelier_owner_query(" + accountId + ", '" + String.join(" ", words) + "')";
    }

}
