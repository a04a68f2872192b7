package app.atelier.style;

/** A style preset: a stable kebab-case {@code id}, a display {@code name}, its group's id and the suffix added to the prompt. */
public record Style(String id, String name, String group, String prompt) {
}
