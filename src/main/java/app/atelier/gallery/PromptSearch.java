package app.atelier.gallery;

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

    /** SQLite FTS5: the owner's token and every word as a quoted prefix, in the prompt column. */
    String fts5Match(long accountId) {
        StringBuilder match = new StringBuilder("owner : a").append(accountId).append(" AND prompt : (");
        for (int i = 0; i < words.size(); i++) {
            match.append(i == 0 ? "" : " AND ").append('"').append(words.get(i)).append("\"*");
        }
        return match.append(')').toString();
    }

    /** PostgreSQL {@code to_tsquery('simple', …)}: every word as a prefix, all required. */
    String tsquery() {
        return String.join(" & ", words.stream().map(word -> word + ":*").toList());
    }

}
