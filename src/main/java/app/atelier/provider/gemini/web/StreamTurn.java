package app.atelier.provider.gemini.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What one StreamGenerate answer says so far. Every payload frame is a complete snapshot of the turn (text is
 * cumulative), so each one replaces what came before; an error frame is remembered together with whether an answer
 * was already complete (a late error such as 1096 then does not matter). Frames arrive on the HTTP client's thread
 * while the caller may look at the turn after a timeout, hence the synchronisation.
 */
final class StreamTurn {

    /** One generated image as the stream names it. */
    record ImageRef(String url, @Nullable String alt, String id) {

        @Override
        public String toString() {
            return "ImageRef[" + id + "]";
        }

    }

    private @Nullable String conversationId;

    private @Nullable String responseId;

    private @Nullable String candidateId;

    private @Nullable String rawText;

    private @Nullable String contextToken;

    private int status;

    private List<ImageRef> images = List.of();

    private int webImages;

    private @Nullable Integer errorCode;

    private @Nullable Integer errorStatus;

    private boolean errorAfterAnswer;

    private int payloadFrames;

    synchronized void accept(JsonNode frame) {
        for (JsonNode envelope : frame.values()) {
            if (!envelope.isArray()
                    || !WebProtocol.PAYLOAD_ENVELOPE.equals(Jspb.string(envelope, WebProtocol.ENVELOPE_KIND).orElse(null))) {
                continue;
            }
            readError(envelope);
            Optional<JsonNode> inner = Jspb.string(envelope, WebProtocol.ENVELOPE_PAYLOAD).flatMap(Jspb::parse);
            inner.ifPresent(this::readPayload);
        }
    }

    private void readError(JsonNode envelope) {
        JsonNode error = Jspb.at(envelope, WebProtocol.ENVELOPE_ERROR);
        if (error == null) {
            return;
        }
        Optional<Integer> code = Jspb.integer(envelope, WebProtocol.ENVELOPE_ERROR_CODE);
        Optional<Integer> errorState = Jspb.integer(envelope, WebProtocol.ENVELOPE_ERROR_STATUS);
        // An error without a code is how 2.0 sees "queueing"; only a rejection status means something.
        if (code.isEmpty() && !errorState.equals(Optional.of(WebProtocol.REJECTED_STATUS))) {
            return;
        }
        if (errorCode == null && errorStatus == null) {
            errorCode = code.orElse(null);
            errorStatus = errorState.orElse(null);
            errorAfterAnswer = answered();
        }
    }

    private void readPayload(JsonNode inner) {
        payloadFrames++;
        Jspb.string(inner, WebProtocol.CONVERSATION_ID).ifPresent(id -> conversationId = id);
        Jspb.string(inner, WebProtocol.RESPONSE_ID).ifPresent(id -> responseId = id);
        Jspb.string(inner, WebProtocol.CONTEXT_TOKEN).ifPresent(token -> contextToken = token);
        List<JsonNode> candidates = Jspb.list(inner, WebProtocol.CANDIDATES);
        if (candidates.isEmpty()) {
            return;
        }
        JsonNode candidate = candidates.get(0);
        Jspb.string(candidate, WebProtocol.CANDIDATE_ID).ifPresent(id -> candidateId = id);
        Jspb.string(candidate, WebProtocol.CANDIDATE_TEXT).ifPresent(text -> {
            rawText = text;
            if (text.startsWith(WebProtocol.CARD_CONTENT_PREFIX)) {
                Jspb.string(candidate, WebProtocol.CANDIDATE_CARD_TEXT).ifPresent(card -> rawText = card);
            }
        });
        Jspb.integer(candidate, WebProtocol.CANDIDATE_STATUS).ifPresent(value -> status = value);
        List<ImageRef> found = readImages(candidate);
        if (!found.isEmpty()) {
            images = found;
        }
        int web = Jspb.list(candidate, WebProtocol.WEB_IMAGES).size();
        if (web > 0) {
            webImages = web;
        }
    }

    private static List<ImageRef> readImages(JsonNode candidate) {
        List<ImageRef> found = new ArrayList<>();
        List<JsonNode> generated = Jspb.list(candidate, WebProtocol.GENERATED_IMAGES);
        for (int i = 0; i < generated.size(); i++) {
            JsonNode image = generated.get(i);
            Optional<String> url = Jspb.string(image, WebProtocol.IMAGE_URL).filter(value -> !value.isBlank());
            if (url.isEmpty()) {
                continue;
            }
            String id = Jspb.string(image, WebProtocol.IMAGE_ID).orElse(String.format(Locale.ROOT, WebProtocol.IMAGE_ID_FORMAT, i));
            found.add(new ImageRef(url.get(), Jspb.string(image, WebProtocol.IMAGE_ALT).orElse(null), id));
        }
        return found;
    }

    /** The answer is complete: status 2 arrived, or images did (they come in the final frame). */
    synchronized boolean answered() {
        return status == WebProtocol.STATUS_COMPLETE || !images.isEmpty();
    }

    synchronized boolean complete() {
        return status == WebProtocol.STATUS_COMPLETE;
    }

    /** The code of an error that arrived before any answer, which makes the turn a failure. */
    synchronized Optional<Integer> fatalErrorCode() {
        return errorCode != null && !errorAfterAnswer ? Optional.of(errorCode) : Optional.empty();
    }

    /** Rejected ({@code part[5][0] == 7}) without a code, before any answer. */
    synchronized boolean rejected() {
        return errorCode == null && errorStatus != null && !errorAfterAnswer;
    }

    /** A code that came after the answer (1096, say): worth a log line, not a failure. */
    synchronized Optional<Integer> lateErrorCode() {
        return errorCode != null && errorAfterAnswer ? Optional.of(errorCode) : Optional.empty();
    }

    synchronized List<ImageRef> images() {
        return images;
    }

    synchronized int webImages() {
        return webImages;
    }

    synchronized int payloadFrames() {
        return payloadFrames;
    }

    synchronized Optional<String> conversationId() {
        return Optional.ofNullable(conversationId);
    }

    synchronized Optional<String> responseId() {
        return Optional.ofNullable(responseId);
    }

    synchronized Optional<String> candidateId() {
        return Optional.ofNullable(candidateId);
    }

    synchronized Optional<String> contextToken() {
        return Optional.ofNullable(contextToken);
    }

    /** The answer's text without image placeholders, follow-up suggestions or HTML entities. */
    synchronized String text() {
        return cleanText(rawText);
    }

    synchronized List<String> upstreamIds() {
        List<String> ids = new ArrayList<>();
        conversationId().ifPresent(ids::add);
        responseId().ifPresent(ids::add);
        candidateId().ifPresent(ids::add);
        return ids;
    }

    static String cleanText(@Nullable String text) {
        if (text == null) {
            return "";
        }
        String cleaned = WebProtocol.PLACEHOLDER.matcher(text).replaceAll("");
        cleaned = WebProtocol.FOLLOW_UP.matcher(cleaned).replaceAll("");
        return unescapeEntities(cleaned).strip();
    }

    private static String unescapeEntities(String text) {
        return text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&amp;", "&");
    }

}
