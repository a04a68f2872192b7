package app.atelier.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** The JSON of an RFC 9457 problem document with Atelier's {@code code} and {@code errors} members. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ProblemBody(String type, String title, int status, String detail, String code, @Nullable List<FieldProblem> errors) {

    static ProblemBody of(Problem problem) {
        return new ProblemBody("about:blank", problem.status().getReasonPhrase(), problem.status().value(), problem.detail(),
                problem.code(), problem.errors().isEmpty() ? null : problem.errors());
    }

}
