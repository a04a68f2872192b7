package app.atelier.provider.gemini.web;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.atelier.provider.CredentialCheck;
import app.atelier.provider.CredentialStatus;
import app.atelier.provider.FailureCode;
import app.atelier.provider.GeneratedImage;
import app.atelier.provider.GenerationResult;
import app.atelier.provider.ImageProvider;
import app.atelier.provider.ImageRequest;
import app.atelier.provider.ProviderCredential;
import app.atelier.provider.ProviderCredential.WebCookies;
import app.atelier.provider.ProviderFailure;
import app.atelier.provider.ProviderId;

import org.springframework.stereotype.Component;

/**
 * Images through the Gemini web app with the user's own cookies: bootstrap, account status, an explicit model, the
 * streamed answer, the full-size download, then a centre crop to the requested ratio (the web app has no ratio
 * setting, so {@code aspectRatioEmulated} is always true).
 */
@Component
class GeminiWebProvider implements ImageProvider {

    private static final Logger log = LoggerFactory.getLogger(GeminiWebProvider.class);

    private final GeminiWebClient client;

    private final ImageDownloads downloads;

    GeminiWebProvider(GeminiWebClient client) {
        this.client = client;
        this.downloads = new ImageDownloads(client);
    }

    @Override
    public ProviderId id() {
        return ProviderId.GEMINI_WEB;
    }

    @Override
    public CredentialCheck validate(ProviderCredential credential) {
        if (!(credential instanceof WebCookies cookies)) {
            return new CredentialCheck(CredentialStatus.INVALID, "not Gemini web cookies");
        }
        if (!CookieJar.wellFormed(cookies)) {
            return new CredentialCheck(CredentialStatus.INVALID, "the " + WebProtocol.PSID + " or " + WebProtocol.PSIDTS
                    + " value is empty or holds characters a cookie cannot have");
        }
        try {
            GeminiWebClient.Visit visit = client.open(cookies, Deadline.after(client.properties().callTimeout()));
            GeminiWebClient.Account account = client.account(visit);
            if (account.status().isEmpty()) {
                return visit.page().accessToken() != null ? CredentialCheck.valid("signed in")
                        : new CredentialCheck(CredentialStatus.EXPIRED, Failures.SIGNED_OUT);
            }
            Failures.AccountVerdict verdict = Failures.accountStatus(account.status().get());
            if (verdict.status() != CredentialStatus.VALID) {
                return new CredentialCheck(verdict.status(), verdict.detail());
            }
            List<String> models = account.models().stream().map(ModelChoice.Model::displayName).filter(name -> !name.isBlank()).toList();
            return CredentialCheck.valid("signed in" + (models.isEmpty() ? "" : "; models: " + String.join(", ", models)));
        }
        catch (ProviderFailure ex) {
            if (ex.code() == FailureCode.CREDENTIALS_EXPIRED) {
                return new CredentialCheck(CredentialStatus.EXPIRED, ex.upstreamReason());
            }
            if (ex.code() == FailureCode.UPSTREAM_BLOCKED) {
                return new CredentialCheck(CredentialStatus.BLOCKED, ex.upstreamReason());
            }
            throw ex;
        }
    }

    @Override
    public GenerationResult generate(ProviderCredential credential, ImageRequest request) {
        if (!(credential instanceof WebCookies cookies)) {
            throw new IllegalArgumentException("The Gemini web provider needs web cookies, not " + credential);
        }
        if (!CookieJar.wellFormed(cookies)) {
            throw new ProviderFailure(FailureCode.CREDENTIALS_EXPIRED, "The stored cookies are malformed — export them again");
        }
        GeminiWebClient.Visit visit = client.open(cookies, Deadline.after(client.properties().callTimeout()));
        GeminiWebClient.Account account = client.account(visit);
        int status = account.status()
            .orElse(visit.page().accessToken() == null ? WebProtocol.STATUS_UNAUTHENTICATED : WebProtocol.STATUS_AVAILABLE);
        Failures.AccountVerdict verdict = Failures.accountStatus(status);
        if (verdict.status() != CredentialStatus.VALID) {
            throw verdict.toFailure();
        }
        client.activity(visit);
        ModelChoice model = ModelChoice.choose(client.properties().model(), account.models(), account.tiers(),
                account.capabilities());
        StreamTurn turn = client.generate(visit, model, prompt(request));
        List<StreamTurn.ImageRef> refs = turn.images();
        if (refs.isEmpty()) {
            throw refused(turn);
        }
        List<GeneratedImage> images = new ArrayList<>();
        ProviderFailure lastFailure = null;
        for (StreamTurn.ImageRef ref : refs.subList(0, Math.min(refs.size(), request.count()))) {
            try {
                ImageDownloads.Download download = downloads.download(visit, turn, ref);
                images.add(AspectCrop.crop(download.bytes(), download.mimeType(), request.aspectRatio()));
            }
            catch (ProviderFailure ex) {
                if (ex.code() == FailureCode.TIMEOUT) {
                    throw ex;
                }
                log.debug("Could not fetch {} for {}: {}", ref.id(), cookies.key(), ex.upstreamReason());
                lastFailure = ex;
            }
        }
        if (images.isEmpty()) {
            throw lastFailure;
        }
        String text = turn.text();
        return new GenerationResult(images, text.isEmpty() ? null : text, turn.upstreamIds(), true);
    }

    private static ProviderFailure refused(StreamTurn turn) {
        String text = turn.text();
        if (!text.isEmpty()) {
            return new ProviderFailure(FailureCode.UPSTREAM_REFUSED, text);
        }
        return new ProviderFailure(FailureCode.UPSTREAM_REFUSED, turn.webImages() > 0
                ? "Gemini answered with pictures from the web instead of generating an image"
                : "Gemini answered without an image");
    }

    /** The prompt as Gemini's image tool expects it: an explicit request to generate, the style, the ratio as a hint. */
    static String prompt(ImageRequest request) {
        StringBuilder prompt = new StringBuilder(request.count() == 1 ? "Generate an image: "
                : "Generate " + request.count() + " different images: ");
        prompt.append(request.prompt().strip());
        if (request.styleText() != null && !request.styleText().isBlank()) {
            prompt.append("\n\nStyle: ").append(request.styleText().strip());
        }
        int width = request.aspectRatio().width();
        int height = request.aspectRatio().height();
        String shape = width > height ? "landscape" : width < height ? "portrait" : "square";
        prompt.append("\n\nAspect ratio: ").append(request.aspectRatio().id()).append(" (").append(shape).append(").");
        return prompt.toString();
    }

}
