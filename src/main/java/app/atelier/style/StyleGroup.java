package app.atelier.style;

/** A named group of style presets, such as {@code photo} or {@code craft}. */
public record StyleGroup(String id, String name) {
}
