package app.atelier.generation;

/** Why a generation did not deliver: a stable code from {@code api-v1.md} and a sentence that says what to do next. */
public record GenerationError(String code, String message) {
}
