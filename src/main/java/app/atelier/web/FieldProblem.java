package app.atelier.web;

/** One invalid field of a request: its name and a sentence a person can act on. */
public record FieldProblem(String field, String message) {
}
