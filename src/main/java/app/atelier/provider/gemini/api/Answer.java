package app.atelier.provider.gemini.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import com.google.genai.types.Blob;
import com.google.genai.types.BlockedReason;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponsePromptFeedback;
import com.google.genai.types.Part;
import org.jspecify.annotations.Nullable;

import app.atelier.provider.FailureCode;
import app.atelier.provider.GeneratedImage;
import app.atelier.provider.ProviderFailure;

/**
 * What one {@code generateContent} call gave: its images, the model's words, and why there is no image when there is
 * none. Reads {@code candidates()} and the finish reasons directly, because the SDK's {@code parts()} and {@code text()}
 * throw on safety finishes and warn on image parts.
 */
record Answer(List<GeneratedImage> images, @Nullable String text, @Nullable String responseId,
        @Nullable String refusal, boolean promptBlocked) {

    /** Finish reasons after which the candidate is complete; any image in it is the answer. */
    private static final Set<String> COMPLETE = Set.of("STOP", "MAX_TOKENS", "FINISH_REASON_UNSPECIFIED", "CONTINUATION");

    /** Finish reasons that mean the upstream went wrong, not that the model declined. */
    private static final Set<String> BROKEN = Set.of("MALFORMED_RESPONSE", "MALFORMED_FUNCTION_CALL",
            "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS");

    private static final Map<String, String> FINISHES = Map.ofEntries(
            Map.entry("IMAGE_SAFETY", "the image was withheld by Google's safety filters"),
            Map.entry("SAFETY", "the answer was withheld by Google's safety filters"),
            Map.entry("IMAGE_PROHIBITED_CONTENT", "the image would show prohibited content"),
            Map.entry("PROHIBITED_CONTENT", "the answer would contain prohibited content"),
            Map.entry("IMAGE_RECITATION", "the image was too close to existing work"),
            Map.entry("RECITATION", "the answer was too close to existing work"),
            Map.entry("BLOCKLIST", "the request contains blocked terms"),
            Map.entry("SPII", "the answer would reveal personal information"),
            Map.entry("NO_IMAGE", "the model made no image"),
            Map.entry("LANGUAGE", "the model does not support the prompt's language"));

    Answer {
        images = List.copyOf(images);
    }

    /**
     * @throws ProviderFailure {@code upstream_error} for an answer that is neither an image nor a refusal
     */
    static Answer of(GenerateContentResponse response) {
        String responseId = response.responseId().orElse(null);
        Optional<GenerateContentResponsePromptFeedback> feedback = response.promptFeedback();
        Optional<String> blocked = feedback.flatMap(GenerateContentResponsePromptFeedback::blockReason)
            .map(BlockedReason::toString)
            .filter(reason -> !reason.equals("BLOCKED_REASON_UNSPECIFIED"));
        if (blocked.isPresent()) {
            String message = feedback.flatMap(GenerateContentResponsePromptFeedback::blockReasonMessage)
                .map(words -> ": " + words)
                .orElse("");
            return refused(responseId, null, "The prompt was blocked (" + blocked.get() + ")" + message, true);
        }
        List<Candidate> candidates = response.candidates().orElse(List.of());
        if (candidates.isEmpty()) {
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "The Gemini API answered with no candidate");
        }
        List<GeneratedImage> images = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        String refusal = null;
        for (Candidate candidate : candidates) {
            String finish = candidate.finishReason().map(FinishReason::toString).orElse("FINISH_REASON_UNSPECIFIED");
            if (BROKEN.contains(finish)) {
                throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "The model's answer ended with " + finish);
            }
            List<Part> parts = candidate.content().flatMap(Content::parts).orElse(List.of());
            List<Part> said = parts.stream().filter(part -> !part.thought().orElse(false)).toList();
            String text = textOf(said);
            if (text != null) {
                texts.add(text);
            }
            Optional<Blob> image = COMPLETE.contains(finish) ? lastImage(said) : Optional.empty();
            if (image.isPresent()) {
                images.add(decode(image.get()));
            }
            else if (refusal == null) {
                refusal = refusalOf(finish, text);
            }
        }
        String text = texts.isEmpty() ? null : String.join("\n\n", texts);
        return images.isEmpty() ? refused(responseId, text, refusal, false)
                : new Answer(images, text, responseId, null, false);
    }

    private static Answer refused(@Nullable String responseId, @Nullable String text, String refusal,
            boolean promptBlocked) {
        return new Answer(List.of(), text, responseId, refusal, promptBlocked);
    }

    /** The model's words, when it only talked; otherwise the finish reason, explained, with any words it added. */
    private static String refusalOf(String finish, @Nullable String text) {
        if (COMPLETE.contains(finish)) {
            return text != null ? text : "The model answered without an image (" + finish + ")";
        }
        String explained = finish + ": " + FINISHES.getOrDefault(finish, "the model stopped without an image");
        return text == null ? explained : explained + " — " + text;
    }

    private static @Nullable String textOf(List<Part> parts) {
        String text = String.join("", parts.stream().flatMap(part -> part.text().stream()).toList()).strip();
        return text.isEmpty() ? null : text;
    }

    /** Image models may send drafts first (flagged as thoughts, already filtered out); the last image is the answer. */
    private static Optional<Blob> lastImage(List<Part> parts) {
        Blob last = null;
        for (Part part : parts) {
            Optional<Blob> blob = part.inlineData().filter(data -> data.data().map(bytes -> bytes.length > 0).orElse(false));
            if (blob.isPresent()) {
                last = blob.get();
            }
        }
        return Optional.ofNullable(last);
    }

    private static GeneratedImage decode(Blob blob) {
        byte[] bytes = blob.data().orElseThrow();
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw unreadable(blob);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                String format = reader.getOriginatingProvider().getMIMETypes()[0];
                return new GeneratedImage(bytes, blob.mimeType().filter(type -> type.startsWith("image/")).orElse(format),
                        reader.getWidth(0), reader.getHeight(0));
            }
            finally {
                reader.dispose();
            }
        }
        catch (IOException ex) {
            throw unreadable(blob);
        }
    }

    private static ProviderFailure unreadable(Blob blob) {
        return new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                "The Gemini API sent an image that cannot be read (" + blob.mimeType().orElse("no type") + ")");
    }

}
