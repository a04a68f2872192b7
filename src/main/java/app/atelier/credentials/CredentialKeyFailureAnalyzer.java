package app.atelier.credentials;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a credentials key problem into Spring Boot's "APPLICATION FAILED TO START" report, without a stack trace. */
class CredentialKeyFailureAnalyzer extends AbstractFailureAnalyzer<CredentialKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CredentialKeyException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }

}
