package app.atelier.provider.gemini.web;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every literal of the Gemini web protocol (paths, query keys, headers, RPC ids, payload shapes and index paths), as
 * {@code gemini-web-protocol.md} states them. Google changes them without notice, so they live here and nowhere else.
 * Index paths are read with {@link Jspb}, which also finds a field in JSPB's sparse form.
 */
final class WebProtocol {

    // Paths under the configured base URLs (section 1).

    static final String APP_PATH = "/app";

    static final String BATCH_EXECUTE_PATH = "/_/BardChatUi/data/batchexecute";

    static final String STREAM_GENERATE_PATH = "/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate";

    static final String ROTATE_COOKIES_PATH = "/RotateCookies";

    /** Where Google sends a flagged address ({@code www.google.com/sorry/index?...}). */
    static final String SORRY_PATH_PREFIX = "/sorry/";

    /** Redirect targets that mean "sign in again". */
    static final List<String> SIGN_IN_PATH_MARKERS = List.of("ServiceLogin", "/signin");

    // Cookies (section 2.1).

    static final String PSID = "__Secure-1PSID";

    static final String PSIDTS = "__Secure-1PSIDTS";

    // Page globals scraped from /app (section 2.2), each matched as "KEY":\s*"(.*?)".

    static final String ACCESS_TOKEN_KEY = "SNlM0e";

    static final String BUILD_LABEL_KEY = "cfb2h";

    static final String SESSION_ID_KEY = "FdrFJe";

    static final String LANGUAGE_KEY = "TuX5cc";

    static final String PUSH_ID_KEY = "qKIAYe";

    static final String DEFAULT_LANGUAGE = "en";

    // Query parameters (section 3).

    static final String QUERY_LANGUAGE = "hl";

    static final String QUERY_REQUEST_ID = "_reqid";

    static final String QUERY_RESPONSE_TYPE = "rt";

    static final String RESPONSE_TYPE_CHUNKED = "c";

    static final String QUERY_BUILD_LABEL = "bl";

    static final String QUERY_SESSION_ID = "f.sid";

    static final String QUERY_RPC_IDS = "rpcids";

    static final String QUERY_SOURCE_PATH = "source-path";

    static final String SOURCE_PATH_APP = "/app";

    /** {@code _reqid} starts as a random 5-digit number and grows by this much on every request. */
    static final int REQUEST_ID_STEP = 100_000;

    // Form fields.

    static final String FORM_ACCESS_TOKEN = "at";

    static final String FORM_REQUEST = "f.req";

    // Headers (sections 3, 5.1, 6.2, 9).

    static final String CONTENT_TYPE = "Content-Type";

    static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded;charset=utf-8";

    static final String JSON_CONTENT_TYPE = "application/json";

    static final String ORIGIN = "Origin";

    static final String REFERER = "Referer";

    static final String COOKIE = "Cookie";

    static final String SET_COOKIE = "Set-Cookie";

    static final String LOCATION = "Location";

    static final String RETRY_AFTER = "Retry-After";

    static final String USER_AGENT = "User-Agent";

    /** A desktop Chrome; one client reports that a non-browser user agent gets 400 from RotateCookies. */
    static final String USER_AGENT_VALUE = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/145.0.0.0 Safari/537.36";

    static final String SAME_DOMAIN = "X-Same-Domain";

    static final String SAME_DOMAIN_VALUE = "1";

    /** The model selector; left out entirely only for the account default, which this client never uses. */
    static final String MODEL_HEADER = "x-goog-ext-525001261-jspb";

    /** The model header's value on batchexecute (2.0). */
    static final String BATCH_MODEL_HEADER_VALUE = "[1,null,null,null,null,null,null,null,[4]]";

    /** 2.0 format; {@code %s} is the JSON string of the model id, {@code %d} the capacity (section 11). */
    static final String STREAM_MODEL_HEADER_FORMAT = "[1,null,null,null,%s,null,null,0,[4],null,null,%d]";

    static final String EXT_73010989_HEADER = "x-goog-ext-73010989-jspb";

    static final String EXT_73010989_VALUE = "[0]";

    static final String EXT_73010990_HEADER = "x-goog-ext-73010990-jspb";

    static final String EXT_73010990_VALUE = "[0]";

    /** {@code ["<UUID>",1]}, a fresh upper-case UUID per request, equal to INNER slot 59. */
    static final String REQUEST_UUID_HEADER = "x-goog-ext-525005358-jspb";

    // RPC ids and payloads (section 5.2, 8.3).

    static final String RPC_ACCOUNT_STATUS = "otAQ7b";

    static final String RPC_ACTIVITY = "ESY5D";

    static final String RPC_FULL_SIZE = "c8o8Fe";

    static final String ACCOUNT_STATUS_PAYLOAD = "[]";

    static final String ACTIVITY_PAYLOAD = "[[[\"bard_activity_enabled\"]]]";

    static final String RPC_GENERIC = "generic";

    /** c8o8Fe "download existing" mode. */
    static final int FULL_SIZE_MODE = 19;

    // Rotation (section 9): not JSON (leading zeros), sent as these exact bytes.

    static final String ROTATE_BODY = "[000,\"-0000000000000000000\"]";

    /** The library never rotates twice within this, and Google answers 429 when one does. */
    static final Duration MIN_ROTATION_GAP = Duration.ofSeconds(60);

    // Response framing (section 4).

    static final String XSSI_PREFIX = ")]}'";

    static final String PAYLOAD_ENVELOPE = "wrb.fr";

    static final int ENVELOPE_KIND = 0;

    static final int ENVELOPE_RPC_ID = 1;

    static final int ENVELOPE_PAYLOAD = 2;

    static final int[] ENVELOPE_ERROR = { 5 };

    static final int[] ENVELOPE_ERROR_STATUS = { 5, 0 };

    static final int[] ENVELOPE_ERROR_CODE = { 5, 2, 0, 1, 0 };

    /** At {@code part[5][0]}: the RPC was rejected, usually because the cookies expired. */
    static final int REJECTED_STATUS = 7;

    // otAQ7b reply (section 5.2).

    static final int[] ACCOUNT_STATUS = { 14 };

    static final int[] ACCOUNT_MODELS = { 15 };

    static final int[] ACCOUNT_TIER_FLAGS = { 16 };

    static final int[] ACCOUNT_CAPABILITY_FLAGS = { 17 };

    static final int MODEL_ID = 0;

    static final int MODEL_DISPLAY_NAME = 1;

    static final int MODEL_DESCRIPTION = 2;

    // StreamGenerate INNER payload map (section 7.2) and candidate map (7.3, 7.4).

    static final int[] CONVERSATION_ID = { 1, 0 };

    static final int[] RESPONSE_ID = { 1, 1 };

    static final int[] CANDIDATES = { 4 };

    static final int[] CONTEXT_TOKEN = { 25 };

    static final int[] CANDIDATE_ID = { 0 };

    static final int[] CANDIDATE_TEXT = { 1, 0 };

    static final int[] CANDIDATE_STATUS = { 8, 0 };

    static final int[] CANDIDATE_CARD_TEXT = { 22, 0 };

    /** The generated images list G: {@code c[12][7][0]}, or in sparse form {@code c[12][{"8": [G]}]}. */
    static final int[] GENERATED_IMAGES = { 12, 7, 0 };

    static final int[] WEB_IMAGES = { 12, 1 };

    static final int[] IMAGE_URL = { 0, 3, 3 };

    static final int[] IMAGE_ALT = { 0, 3, 2 };

    static final int[] IMAGE_ID = { 1, 0 };

    static final int STATUS_COMPLETE = 2;

    static final String IMAGE_ID_FORMAT = "http://googleusercontent.com/image_generation_content/%d";

    static final String CARD_CONTENT_PREFIX = "http://googleusercontent.com/card_content/";

    /** Placeholders the answer text carries where images and cards go. */
    static final Pattern PLACEHOLDER = Pattern.compile("http://googleusercontent\\.com/\\w+/\\d+\\n*");

    static final Pattern FOLLOW_UP = Pattern.compile("<FollowUp\\b[^>]*/>");

    // StreamGenerate INNER layout, 2.0 (section 6.4): 69 slots, null unless set here.

    static final int INNER_LENGTH = 69;

    static final int SLOT_MESSAGE = 0;

    static final int SLOT_LANGUAGE = 1;

    static final int SLOT_CHAT = 2;

    static final int SLOT_REQUEST_UUID = 59;

    /** Fixed slots as {@code slot, JSON value}. */
    static final List<Object[]> FIXED_SLOTS = List.of(new Object[] { 6, "[1]" }, new Object[] { 7, "1" },
            new Object[] { 10, "1" }, new Object[] { 11, "0" }, new Object[] { 17, "[[0]]" },
            new Object[] { 18, "0" }, new Object[] { 27, "1" }, new Object[] { 30, "[4]" },
            new Object[] { 41, "[1]" }, new Object[] { 53, "0" }, new Object[] { 61, "[]" },
            new Object[] { 68, "2" });

    /** Slot 2 for a new chat: {@code [cid, rid, rcid, null x6, context]}. */
    static final String NEW_CHAT = "[\"\",\"\",\"\",null,null,null,null,null,null,\"\"]";

    // Image download (section 8).

    static final String FALLBACK_SIZE_SUFFIX = "=s2048-rj";

    static final String FULL_SIZE_SUFFIX = "=d-I?alr=yes";

    static final int MAX_IMAGE_HOPS = 6;

    /** Redirect texts are short URLs; anything longer is not one. */
    static final int MAX_HOP_TEXT_CHARS = 8192;

    // Errors: in-stream codes (section 10.3) and account status (10.4).

    static final int CODE_TEMPORARY = 1013;

    static final int CODE_USAGE_LIMIT = 1037;

    static final int CODE_MODEL_MISMATCH = 1050;

    static final int CODE_MODEL_UNAVAILABLE = 1052;

    static final int CODE_BLOCKED = 1060;

    static final int CODE_IMAGE_REJECTED = 1003;

    static final int STATUS_AVAILABLE = 1000;

    static final int STATUS_TEMPORARILY_UNAVAILABLE = 1014;

    static final int STATUS_UNAUTHENTICATED = 1016;

    static final int STATUS_REJECTED = 1021;

    static final int STATUS_UNTRUSTED = 1033;

    static final int STATUS_TOS_PENDING = 1040;

    static final int STATUS_TOS_OUT_OF_DATE = 1042;

    static final int STATUS_REJECTED_BY_GUARDIAN = 1054;

    static final int STATUS_GUARDIAN_APPROVAL_REQUIRED = 1057;

    static final int STATUS_LOCATION_REJECTED = 1060;

    // Models (section 11): the built-in table is only a fallback for when discovery finds nothing.

    static final String FLASH = "flash";

    static final String PRO = "pro";

    /** Display names of the discovered models that stand for each family. */
    static final List<String> FLASH_NAMES = List.of("flash", "fast");

    static final List<String> PRO_NAMES = List.of("pro");

    static final String FLASH_FREE_ID = "fbb127bbb056c959";

    static final String FLASH_PAID_ID = "56fdd199312815e2";

    static final String PRO_FREE_ID = "9d8ca3786ebdfbea";

    static final String PRO_PAID_ID = "e6fa609c3fa255c0";

    // Capacity from the otAQ7b tier and capability flags (section 5.2).

    static final int CAPABILITY_PLUS = 115;

    static final int CAPABILITY_106 = 106;

    static final int CAPABILITY_PRO = 19;

    static final int TIER_16 = 16;

    static final int TIER_PRO = 8;

    private WebProtocol() {
    }

}
