package app.atelier.provider.gemini.api;

import java.util.ArrayList;
import java.util.List;

import com.google.genai.errors.ApiException;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.ImageConfig;
import com.google.genai.types.ListModelsConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import app.atelier.provider.CredentialCheck;
import app.atelier.provider.CredentialStatus;
import app.atelier.provider.FailureCode;
import app.atelier.provider.GeneratedImage;
import app.atelier.provider.GenerationResult;
import app.atelier.provider.ImageProvider;
import app.atelier.provider.ImageRequest;
import app.atelier.provider.ProviderCredential;
import app.atelier.provider.ProviderFailure;
import app.atelier.provider.ProviderId;

/**
 * Images from the official Gemini API: {@code generateContent} with an image model, the aspect ratio native in
 * {@code imageConfig}. An image model makes one image per call, so {@code count} images take {@code count} calls.
 */
@Component
class GeminiApiProvider implements ImageProvider {

    private static final Logger log = LoggerFactory.getLogger(GeminiApiProvider.class);

    private final ApiClients clients;

    private final GeminiApiProperties properties;

    GeminiApiProvider(ApiClients clients, GeminiApiProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    @Override
    public ProviderId id() {
        return ProviderId.GEMINI_API;
    }

    /** Lists one model: cheap, spends no generation quota, and fails exactly when the key is refused. */
    @Override
    public CredentialCheck validate(ProviderCredential credential) {
        String apiKey = apiKeyOf(credential);
        if (apiKey.isBlank()) {
            return new CredentialCheck(CredentialStatus.INVALID, "The API key is empty.");
        }
        try (ApiClients.Lease lease = clients.lease(apiKey)) {
            lease.client().models.list(ListModelsConfig.builder().pageSize(1).build());
            return CredentialCheck.valid("Google accepts this API key.");
        }
        catch (ApiException ex) {
            String reason = SdkFailures.scrub(SdkFailures.reasonOf(ex), apiKey);
            if (SdkFailures.refusesTheCaller(ex)) {
                return new CredentialCheck(CredentialStatus.BLOCKED, "Google refuses to serve this API key here; create "
                        + "a new one or check its restrictions and your region (" + reason + ").");
            }
            if (SdkFailures.rejectsTheKey(ex) || ex.code() == 400) {
                return new CredentialCheck(CredentialStatus.INVALID,
                        "Google does not accept this API key; check that it was copied whole (" + reason + ").");
            }
            if (ex.code() == 429) {
                return CredentialCheck.valid("Google accepts this API key, but its quota is used up for now (" + reason + ").");
            }
            throw SdkFailures.ofTransport(ex, apiKey, properties.timeout());
        }
        catch (RuntimeException ex) {
            throw SdkFailures.ofTransport(ex, apiKey, properties.timeout());
        }
    }

    /**
     * Makes one call per image. A refused call (safety, text only) does not stop the next ones, except a blocked
     * prompt, which every call would meet again; any other failure stops, and the images made so far are the result.
     */
    @Override
    public GenerationResult generate(ProviderCredential credential, ImageRequest request) {
        String apiKey = apiKeyOf(credential);
        if (apiKey.isBlank()) {
            throw new ProviderFailure(FailureCode.CREDENTIALS_EXPIRED, "The API key is empty");
        }
        String prompt = promptOf(request);
        GenerateContentConfig config = GenerateContentConfig.builder()
            .responseModalities("TEXT", "IMAGE")
            .imageConfig(ImageConfig.builder().aspectRatio(request.aspectRatio().id()).build())
            .build();
        List<GeneratedImage> images = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> responseIds = new ArrayList<>();
        Answer firstRefusal = null;
        try (ApiClients.Lease lease = clients.lease(apiKey)) {
            for (int call = 0; call < request.count() && images.size() < request.count(); call++) {
                Answer answer;
                try {
                    answer = Answer.of(lease.client().models.generateContent(properties.model(), prompt, config));
                }
                catch (ProviderFailure failure) {
                    return partialOrThrow(credential, images, texts, responseIds, failure);
                }
                catch (RuntimeException ex) {
                    ProviderFailure failure = SdkFailures.ofGeneration(ex, apiKey, properties.timeout());
                    return partialOrThrow(credential, images, texts, responseIds, failure);
                }
                if (answer.responseId() != null) {
                    responseIds.add(answer.responseId());
                }
                if (answer.refusal() != null) {
                    firstRefusal = firstRefusal == null ? answer : firstRefusal;
                    if (answer.promptBlocked()) {
                        break;
                    }
                    continue;
                }
                answer.images().stream().limit(request.count() - images.size()).forEach(images::add);
                if (answer.text() != null && !texts.contains(answer.text())) {
                    texts.add(answer.text());
                }
            }
        }
        if (images.isEmpty()) {
            String refusal = firstRefusal == null ? "The model answered without an image" : firstRefusal.refusal();
            log.debug("Gemini API refused a generation for {}: {}", credential.key(), refusal);
            throw new ProviderFailure(FailureCode.UPSTREAM_REFUSED, SdkFailures.scrub(refusal, apiKey));
        }
        return result(images, texts, responseIds);
    }

    private static GenerationResult partialOrThrow(ProviderCredential credential, List<GeneratedImage> images,
            List<String> texts, List<String> responseIds, ProviderFailure failure) {
        if (images.isEmpty()) {
            throw failure;
        }
        log.info("Gemini API stopped after {} image(s) for {}: {} {}", images.size(), credential.key(),
                failure.code().id(), failure.upstreamReason());
        return result(images, texts, responseIds);
    }

    private static GenerationResult result(List<GeneratedImage> images, List<String> texts, List<String> responseIds) {
        @Nullable String text = texts.isEmpty() ? null : String.join("\n\n", texts);
        return new GenerationResult(images, text, responseIds, false);
    }

    private static String promptOf(ImageRequest request) {
        String style = request.styleText();
        return style == null || style.isBlank() ? request.prompt() : request.prompt().strip() + "\n\n" + style.strip();
    }

    private static String apiKeyOf(ProviderCredential credential) {
        if (credential instanceof ProviderCredential.ApiKey key) {
            return key.apiKey();
        }
        throw new IllegalArgumentException("The Gemini API takes an API key, not " + credential);
    }

}
