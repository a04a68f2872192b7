package app.atelier.provider.gemini.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The model sent in the model header: the account's own model list ({@code otAQ7b}) first, the built-in table only
 * when discovery found nothing. Never the account default: without an explicit model Gemini may answer an image
 * request with a "limit resets" text.
 */
record ModelChoice(String id, int capacity, boolean discovered) {

    /** One model as {@code otAQ7b} lists it. */
    record Model(String id, String displayName, String description) {
    }

    /** The {@code x-goog-ext-525001261-jspb} value. */
    String header() {
        return String.format(Locale.ROOT, WebProtocol.STREAM_MODEL_HEADER_FORMAT, Jspb.quote(id), capacity);
    }

    static ModelChoice choose(String preference, List<Model> models, List<Integer> tiers, List<Integer> capabilities) {
        int capacity = capacity(tiers, capabilities);
        String wanted = preference.strip().toLowerCase(Locale.ROOT);
        Optional<Model> exact = models.stream().filter(model -> model.id().equalsIgnoreCase(wanted)).findFirst();
        if (exact.isPresent()) {
            return new ModelChoice(exact.get().id(), capacity, true);
        }
        List<String> names = wanted.equals(WebProtocol.FLASH) ? WebProtocol.FLASH_NAMES
                : wanted.equals(WebProtocol.PRO) ? WebProtocol.PRO_NAMES : List.of(wanted);
        for (boolean whole : new boolean[] { true, false }) {
            for (Model model : models) {
                String name = model.displayName().toLowerCase(Locale.ROOT);
                if (names.stream().anyMatch(candidate -> whole ? name.equals(candidate) : name.contains(candidate))) {
                    return new ModelChoice(model.id(), capacity, true);
                }
            }
        }
        if (!models.isEmpty()) {
            return new ModelChoice(models.get(0).id(), capacity, true);
        }
        return new ModelChoice(builtIn(wanted, capacity), capacity, false);
    }

    private static String builtIn(String wanted, int capacity) {
        boolean paid = capacity > 1;
        if (wanted.equals(WebProtocol.PRO)) {
            return paid ? WebProtocol.PRO_PAID_ID : WebProtocol.PRO_FREE_ID;
        }
        if (wanted.equals(WebProtocol.FLASH) || wanted.isEmpty()) {
            return paid ? WebProtocol.FLASH_PAID_ID : WebProtocol.FLASH_FREE_ID;
        }
        return wanted;
    }

    /** The tier as the model header's last field wants it (section 5.2). */
    static int capacity(List<Integer> tiers, List<Integer> capabilities) {
        if (capabilities.contains(WebProtocol.CAPABILITY_PLUS)) {
            return 4;
        }
        if (tiers.contains(WebProtocol.TIER_16) || capabilities.contains(WebProtocol.CAPABILITY_106)) {
            return 3;
        }
        if (tiers.contains(WebProtocol.TIER_PRO) || capabilities.contains(WebProtocol.CAPABILITY_PRO)) {
            return 2;
        }
        return 1;
    }

}
