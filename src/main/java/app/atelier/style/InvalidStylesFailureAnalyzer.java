package app.atelier.style;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a broken presets file into Spring Boot's "APPLICATION FAILED TO START" report, naming the problems. */
class InvalidStylesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidStylesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidStylesException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the style presets file (src/main/resources/styles.json) and start again.", cause);
    }

}
