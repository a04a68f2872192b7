package app.atelier.provider;

/** One upstream that turns prompts into images. Implementations are thread-safe and keep no state shared between users. */
public interface ImageProvider {

    ProviderId id();

    /** Asks the upstream whether the credential works, without generating anything. Never throws for a bad credential. */
    CredentialCheck validate(ProviderCredential credential);

    /**
     * Generates {@code request.count()} images (the upstream may return fewer).
     * @throws ProviderFailure with a stable code when no image could be made
     */
    GenerationResult generate(ProviderCredential credential, ImageRequest request);

}
