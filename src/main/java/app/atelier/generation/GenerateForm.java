package app.atelier.generation;

import java.util.List;

import org.jspecify.annotations.Nullable;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.ProviderId;

/**
 * The generate form as the page shows it: what the person typed or chose, kept as text so that a refused value comes
 * back exactly as it was sent.
 */
record GenerateForm(String prompt, String provider, String aspectRatio, String style, String count) {

    static GenerateForm empty(List<ProviderId> usable) {
        return new GenerateForm("", usable.isEmpty() ? "" : usable.get(0).id(), AspectRatio.SQUARE.id(), "", "1");
    }

    /** The parameters of an earlier generation; its provider only while it is still usable, the default otherwise. */
    static GenerateForm reusing(Generation generation, List<ProviderId> usable) {
        String provider = usable.contains(generation.provider()) ? generation.provider().id() : empty(usable).provider();
        return new GenerateForm(generation.prompt(), provider, generation.aspectRatio().id(),
                generation.style() == null ? "" : generation.style(), String.valueOf(generation.count()));
    }

    static GenerateForm submitted(@Nullable String prompt, @Nullable String provider, @Nullable String aspectRatio,
            @Nullable String style, @Nullable String count) {
        return new GenerateForm(prompt == null ? "" : prompt, provider == null ? "" : provider.strip(),
                aspectRatio == null ? "" : aspectRatio.strip(), style == null ? "" : style.strip(), count == null ? "" : count.strip());
    }

    GenerationRequest request() {
        return new GenerationRequest(prompt, blankToNull(provider), blankToNull(aspectRatio), blankToNull(style), countValue());
    }

    /** The prompt's length as the server counts it: code points, without surrounding white space. */
    public int promptLength() {
        String stripped = prompt.strip();
        return stripped.codePointCount(0, stripped.length());
    }

    /** A count that is no number at all is out of range too: it gets the same message as 7. */
    private @Nullable Integer countValue() {
        if (count.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(count);
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }

    private static @Nullable String blankToNull(String value) {
        return value.isBlank() ? null : value;
    }

}
