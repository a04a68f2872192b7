package app.atelier.provider.gemini.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Google's JSPB arrays: a field {@code n} is either at position {@code n}, or (the sparse form) in a trailing
 * object under the key {@code n + 1}. Every lookup tolerates a missing or differently shaped value and answers empty,
 * so an unknown shape becomes a clear "not found", never a null pointer.
 */
final class Jspb {

    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private Jspb() {
    }

    /** The parsed JSON, or empty when the text is not exactly one JSON value. */
    static Optional<JsonNode> parse(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        }
        catch (JacksonException ex) {
            return Optional.empty();
        }
    }

    /** Field {@code index} of a JSPB array, positional first, else from the trailing sparse object. */
    static @Nullable JsonNode field(@Nullable JsonNode array, int index) {
        if (array == null || !array.isArray()) {
            return null;
        }
        int size = array.size();
        JsonNode trailing = size > 0 && array.get(size - 1).isObject() ? array.get(size - 1) : null;
        if (index < size && !(trailing != null && index == size - 1)) {
            JsonNode positional = array.get(index);
            if (positional != null && !positional.isNull()) {
                return positional;
            }
        }
        if (trailing != null) {
            JsonNode sparse = trailing.get(Integer.toString(index + 1));
            if (sparse != null && !sparse.isNull()) {
                return sparse;
            }
        }
        return null;
    }

    static @Nullable JsonNode at(@Nullable JsonNode root, int... path) {
        JsonNode node = root;
        for (int index : path) {
            node = field(node, index);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    static Optional<String> string(@Nullable JsonNode root, int... path) {
        JsonNode node = at(root, path);
        return node != null && node.isString() ? Optional.of(node.stringValue()) : Optional.empty();
    }

    static Optional<Integer> integer(@Nullable JsonNode root, int... path) {
        JsonNode node = at(root, path);
        return node != null && node.isIntegralNumber() ? Optional.of(node.intValue()) : Optional.empty();
    }

    /** The elements of a list (not a message: a trailing object is an element here). */
    static List<JsonNode> list(@Nullable JsonNode root, int... path) {
        JsonNode node = at(root, path);
        List<JsonNode> elements = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.values().forEach(elements::add);
        }
        return elements;
    }

    static List<Integer> integers(@Nullable JsonNode root, int... path) {
        return list(root, path).stream().filter(JsonNode::isIntegralNumber).map(JsonNode::intValue).toList();
    }

    /** A Java string as a JSON string literal, quotes included. */
    static String quote(String value) {
        return JSON.writeValueAsString(value);
    }

}
