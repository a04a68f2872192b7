package app.atelier.provider.gemini.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import app.atelier.provider.CredentialStatus;
import app.atelier.provider.FailureCode;
import app.atelier.provider.ProviderFailure;

/** How Gemini's codes and HTTP statuses map to Atelier's stable failure codes, with words a person can act on. */
final class Failures {

    /** What an {@code otAQ7b} account status means for a credential and for a generation. */
    record AccountVerdict(CredentialStatus status, FailureCode failure, String detail) {

        ProviderFailure toFailure() {
            return new ProviderFailure(failure, detail);
        }

    }

    static final String SIGNED_OUT = "signed out — export the cookies again";

    private Failures() {
    }

    static AccountVerdict accountStatus(int code) {
        return switch (code) {
            case WebProtocol.STATUS_AVAILABLE -> new AccountVerdict(CredentialStatus.VALID, FailureCode.UPSTREAM_ERROR,
                    "signed in");
            case WebProtocol.STATUS_UNAUTHENTICATED -> expired(SIGNED_OUT + " (account status 1016)");
            case WebProtocol.STATUS_LOCATION_REJECTED -> blocked("region not supported (account status 1060)");
            case WebProtocol.STATUS_TEMPORARILY_UNAVAILABLE ->
                blocked("access temporarily unavailable: a regional or session issue (account status 1014)");
            case WebProtocol.STATUS_REJECTED -> blocked("account rejected by Gemini (account status 1021)");
            case WebProtocol.STATUS_UNTRUSTED -> blocked("account not trusted by Gemini (account status 1033)");
            case WebProtocol.STATUS_TOS_PENDING, WebProtocol.STATUS_TOS_OUT_OF_DATE ->
                new AccountVerdict(CredentialStatus.INVALID, FailureCode.UPSTREAM_BLOCKED,
                        "accept Gemini's terms of service in a browser first (account status " + code + ")");
            case WebProtocol.STATUS_REJECTED_BY_GUARDIAN ->
                blocked("the account's guardian has not allowed Gemini (account status 1054)");
            case WebProtocol.STATUS_GUARDIAN_APPROVAL_REQUIRED ->
                blocked("the account needs a guardian's approval for Gemini (account status 1057)");
            default -> blocked("account status " + code + ", which Gemini treats as rejected");
        };
    }

    /** An error code inside a StreamGenerate answer that came before any answer (section 10.3). */
    static ProviderFailure streamCode(int code, String model) {
        return switch (code) {
            case WebProtocol.CODE_USAGE_LIMIT -> new ProviderFailure(FailureCode.UPSTREAM_USAGE_LIMIT,
                    "Gemini error 1037: the usage limit of this model or time window is reached");
            case WebProtocol.CODE_BLOCKED -> new ProviderFailure(FailureCode.UPSTREAM_BLOCKED,
                    "Gemini error 1060: this server's address is temporarily blocked");
            case WebProtocol.STATUS_UNAUTHENTICATED -> new ProviderFailure(FailureCode.CREDENTIALS_EXPIRED,
                    "Gemini error 1016: " + SIGNED_OUT);
            case WebProtocol.REJECTED_STATUS -> rejected();
            case WebProtocol.CODE_TEMPORARY -> new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                    "Gemini error 1013: a temporary error, try again");
            case WebProtocol.CODE_MODEL_MISMATCH -> new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                    "Gemini error 1050: model " + model + " does not match the chat's earlier model");
            case WebProtocol.CODE_MODEL_UNAVAILABLE -> new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                    "Gemini error 1052: model " + model + " is unavailable, or the request format is outdated");
            case WebProtocol.CODE_IMAGE_REJECTED -> new ProviderFailure(FailureCode.UPSTREAM_REFUSED,
                    "Gemini error 1003: the image request was rejected");
            default -> new ProviderFailure(FailureCode.UPSTREAM_ERROR, "Gemini error " + code + " (unknown code)");
        };
    }

    static ProviderFailure rejected() {
        return new ProviderFailure(FailureCode.CREDENTIALS_EXPIRED,
                "Gemini rejected the request (status 7): " + SIGNED_OUT);
    }

    /** A non-2xx answer from a gemini host. */
    static ProviderFailure http(int status, String what, @Nullable Duration retryAfter) {
        String reason = what + " answered HTTP " + status;
        if (status == 401 || status == 403) {
            return new ProviderFailure(FailureCode.CREDENTIALS_EXPIRED, reason + ": " + SIGNED_OUT);
        }
        if (status == 429) {
            return new ProviderFailure(FailureCode.UPSTREAM_USAGE_LIMIT, reason + ": too many requests", retryAfter, null);
        }
        if (status == 400) {
            return new ProviderFailure(FailureCode.UPSTREAM_ERROR,
                    reason + ": the access token was refused or the request format is outdated");
        }
        return new ProviderFailure(FailureCode.UPSTREAM_ERROR, reason);
    }

    private static AccountVerdict expired(String detail) {
        return new AccountVerdict(CredentialStatus.EXPIRED, FailureCode.CREDENTIALS_EXPIRED, detail);
    }

    private static AccountVerdict blocked(String detail) {
        return new AccountVerdict(CredentialStatus.BLOCKED, FailureCode.UPSTREAM_BLOCKED, detail);
    }

}
