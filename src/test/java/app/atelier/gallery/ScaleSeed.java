package app.atelier.gallery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The data of the gallery benchmark: accounts and image rows written with batched SQL, deterministic for a seed. The
 * first account is the heavy one (a tenth of all images, spread evenly through time); the others share the rest.
 * Images are dated over the last year in id order, as the application writes them. Prompts are 8 to 20 words: function
 * words, content words drawn by a Zipf law (a few very common, many rare), now and then a word from a long tail of
 * invented names, and {@link #RARE_WORD} in exactly {@link #RARE_IN_HEAVY} of the heavy account's prompts.
 */
final class ScaleSeed {

    static final String RARE_WORD = "zanzibar";

    static final int RARE_IN_HEAVY = 20;

    static final String[] STYLES = {"cinematic-photo", "portrait-photo", "product-shot", "aerial-photo", "film-grain-35mm",
            "watercolour", "ink-sketch", "childrens-book", "comic-book", "line-art", "oil-painting", "impressionist", "art-nouveau",
            "ukiyo-e", "pop-art", "3d-render", "pixel-art", "isometric", "low-poly", "vaporwave", "golden-hour", "moody-noir",
            "pastel-dream", "neon-night", "misty-morning", "paper-cut-out", "clay-model", "embroidery", "origami", "stained-glass"};

    private static final String[] RATIOS = {"1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3", "21:9"};

    private static final double[] RATIO_WEIGHTS = {40, 20, 15, 8, 7, 4, 4, 2};

    private static final String[] FUNCTION_WORDS = {"a", "the", "of", "in", "with", "and", "at", "on", "under", "by", "from",
            "over", "through", "near", "behind", "between"};

    /** Content words of image prompts, roughly most frequent first (the Zipf rank is the position). */
    static final String[] WORDS = ("""
            light portrait city night detailed sky woman forest sunset mountain man ocean street cat old river garden
            house castle dragon flowers rain snow lake moon stars tree robot girl boy dark golden soft cinematic colorful
            beautiful tiny giant ancient futuristic abandoned quiet stormy misty glowing neon vintage modern cozy wild
            dog horse bird fox wolf owl bear whale butterfly fish deer rabbit lion tiger elephant bee spider turtle
            lighthouse lightning lights window door bridge tower road path field meadow desert island beach cliff cave
            valley canyon waterfall volcano glacier harbor village market cafe library kitchen bedroom train ship boat
            car bicycle airplane balloon lantern candle fire smoke clouds fog mist sunrise dusk dawn twilight shadow
            reflection mirror glass crystal gold silver copper marble wood stone paper velvet silk leather metal steel
            blue red green yellow purple orange pink white black teal crimson amber emerald sapphire ivory scarlet
            knight wizard witch queen king princess warrior samurai pirate astronaut scientist chef musician dancer
            painter child family couple crowd soldier monk farmer sailor detective explorer traveler
            spaceship planet galaxy nebula comet asteroid satellite station cyberpunk steampunk fantasy surreal dreamy
            magical mysterious peaceful dramatic epic minimalist ornate rustic elegant playful whimsical gloomy serene
            autumn winter spring summer morning evening midnight noon weekend holiday festival wedding birthday parade
            mushroom fern moss ivy rose tulip sunflower lotus orchid cherry blossom bamboo pine oak willow maple cactus
            coffee tea bread cake fruit apple lemon strawberry chocolate pizza soup wine honey cheese pasta noodles
            book letter map clock compass key crown sword shield armor helmet mask hat umbrella scarf coat boots
            temple cathedral palace ruins fortress skyscraper alley rooftop balcony courtyard fountain statue museum
            sculpture painting mural graffiti poster sketch drawing illustration photograph render diorama miniature
            macro closeup wide angle aerial panoramic symmetrical centered blurred bokeh depth focus grain texture
            pattern geometric abstract fractal spiral waves ripples sparkles particles dust embers petals feathers
            underwater jungle swamp tundra savanna prairie orchard vineyard farm ranch cottage cabin hut tent camp
            highway tunnel subway station airport port dock pier canal fence wall gate stairs ladder chimney roof
            mechanical clockwork gears circuit hologram laser plasma energy portal rune spell potion scroll wand
            smiling laughing crying sleeping running flying floating dancing reading singing walking sitting standing
            happy sad lonely proud curious brave gentle fierce calm angry joyful nostalgic melancholic hopeful
            """).trim().split("\\s+");

    private static final String[] ONSETS = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "th", "br", "dr",
            "kr", "st", "tr", "sh", "ch"};

    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ae", "ia", "ou"};

    private static final String[] CODAS = {"", "", "", "n", "r", "s", "th", "l", "x", "m"};

    /** Invented names and rare words: the long tail every real vocabulary has. */
    private static final int TAIL_WORDS = 50_000;

    private final Random random;

    private final double[] zipf;

    private final double[] ratioCumulative;

    private final int images;

    private final int heavyImages;

    private final int accounts;

    private final int[] rareAt;

    ScaleSeed(long seed, int images, int heavyImages, int accounts) {
        this.random = new Random(seed);
        this.images = images;
        this.heavyImages = heavyImages;
        this.accounts = accounts;
        this.zipf = cumulative(WORDS.length, 1.0);
        this.ratioCumulative = new double[RATIOS.length];
        double sum = 0;
        for (int i = 0; i < RATIOS.length; i++) {
            sum += RATIO_WEIGHTS[i];
            ratioCumulative[i] = sum;
        }
        this.rareAt = new int[RARE_IN_HEAVY];
        for (int i = 0; i < RARE_IN_HEAVY; i++) {
            rareAt[i] = (int) ((long) heavyImages * (2L * i + 1) / (2L * RARE_IN_HEAVY));
        }
    }

    /** Writes the accounts and images in batches; returns the heavy account's id. */
    long write(Connection connection, boolean postgres, Progress progress) throws SQLException {
        connection.setAutoCommit(false);
        long now = Instant.now().toEpochMilli();
        List<Long> accountIds = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO accounts (username, email, password_hash, created_at) VALUES (?, ?, 'not-a-hash', ?)")) {
            for (int i = 1; i <= accounts; i++) {
                insert.setString(1, "bench" + i);
                insert.setString(2, "bench" + i + "@example.com");
                insert.setLong(3, now - Duration.ofDays(400).toMillis());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (var rows = connection.createStatement().executeQuery("SELECT id FROM accounts WHERE username LIKE 'bench%' ORDER BY id")) {
            while (rows.next()) {
                accountIds.add(rows.getLong(1));
            }
        }
        connection.commit();
        long heavy = accountIds.get(0);
        long start = now - Duration.ofDays(365).toMillis();
        double step = (double) Duration.ofDays(365).toMillis() / images;
        HexFormat hex = HexFormat.of();
        byte[] hash = new byte[32];
        int heavySoFar = 0;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO images (account_id, storage_key, thumbnail_key, mime_type, bytes, width, height, prompt, style,
                                    aspect_ratio, provider, created_at, favourite)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < images; i++) {
                boolean isHeavy = (long) (i + 1) * heavyImages / images > (long) i * heavyImages / images;
                long account = isHeavy ? heavy : accountIds.get(1 + random.nextInt(accountIds.size() - 1));
                String prompt = prompt(isHeavy && contains(rareAt, heavySoFar));
                if (!isHeavy && random.nextInt(5000) == 0) {
                    prompt = prompt + " " + RARE_WORD;
                }
                if (isHeavy) {
                    heavySoFar++;
                }
                random.nextBytes(hash);
                String key = hex.formatHex(hash);
                boolean jpeg = random.nextInt(4) == 0;
                String ratio = ratio();
                int[] size = size(ratio);
                insert.setLong(1, account);
                insert.setString(2, key + (jpeg ? ".jpg" : ".png"));
                insert.setString(3, key + (jpeg ? ".thumb.jpg" : ".thumb.png"));
                insert.setString(4, jpeg ? "image/jpeg" : "image/png");
                insert.setLong(5, 400_000 + random.nextInt(1_600_000));
                insert.setInt(6, size[0]);
                insert.setInt(7, size[1]);
                insert.setString(8, prompt);
                insert.setString(9, random.nextInt(5) == 0 ? null : STYLES[random.nextInt(STYLES.length)]);
                insert.setString(10, ratio);
                insert.setString(11, random.nextInt(10) < 7 ? "gemini-api" : "gemini-web");
                insert.setLong(12, start + (long) (i * step));
                if (postgres) {
                    insert.setBoolean(13, random.nextInt(100) < 3);
                }
                else {
                    insert.setInt(13, random.nextInt(100) < 3 ? 1 : 0);
                }
                insert.addBatch();
                if ((i + 1) % 1000 == 0) {
                    insert.executeBatch();
                }
                if ((i + 1) % 50_000 == 0) {
                    connection.commit();
                    progress.report(i + 1);
                }
            }
            insert.executeBatch();
        }
        connection.commit();
        if (!postgres) {
            indexWords(connection, progress);
        }
        try (var statement = connection.createStatement()) {
            // 1 in 200 images has a public link, so the listing's join with image_shares finds some.
            statement.executeUpdate("""
                    INSERT INTO image_shares (image_id, account_id, token, created_at, expires_at)
                    SELECT id, account_id, 'bench-token-' || id, created_at, NULL FROM images WHERE id % 200 = 7""");
        }
        connection.commit();
        connection.setAutoCommit(true);
        return heavy;
    }

    /** SQLite's search index, which the application writes beside each image (ImageRepository.insert). */
    private static void indexWords(Connection connection, Progress progress) throws SQLException {
        long last = 0;
        int indexed = 0;
        try (PreparedStatement read = connection.prepareStatement("SELECT id, account_id, prompt FROM images WHERE id > ? ORDER BY id LIMIT 50000");
                PreparedStatement write = connection.prepareStatement("INSERT INTO images_search (rowid, words) VALUES (?, ?)")) {
            while (true) {
                List<Object[]> rows = new ArrayList<>();
                read.setLong(1, last);
                try (var result = read.executeQuery()) {
                    while (result.next()) {
                        rows.add(new Object[] {result.getLong(1), result.getLong(2), result.getString(3)});
                    }
                }
                if (rows.isEmpty()) {
                    return;
                }
                for (Object[] row : rows) {
                    write.setLong(1, (Long) row[0]);
                    write.setString(2, PromptSearch.indexedWords((Long) row[1], (String) row[2]));
                    write.addBatch();
                    last = (Long) row[0];
                }
                write.executeBatch();
                connection.commit();
                indexed += rows.size();
                System.out.printf(Locale.ROOT, "  %,d images indexed for search%n", indexed);
            }
        }
    }

    private String prompt(boolean withRareWord) {
        int length = 8 + random.nextInt(13);
        int rarePosition = withRareWord ? random.nextInt(length) : -1;
        StringBuilder prompt = new StringBuilder();
        for (int w = 0; w < length; w++) {
            String word;
            if (w == rarePosition) {
                word = RARE_WORD;
            }
            else {
                int kind = random.nextInt(100);
                word = kind < 28 ? FUNCTION_WORDS[Math.min(random.nextInt(FUNCTION_WORDS.length), random.nextInt(FUNCTION_WORDS.length))]
                        : kind < 30 ? tailWord(random.nextInt(TAIL_WORDS)) : WORDS[zipfRank()];
            }
            if (w == 0) {
                word = word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
            }
            prompt.append(w == 0 ? "" : random.nextInt(6) == 0 ? ", " : " ").append(word);
        }
        return prompt.toString();
    }

    private int zipfRank() {
        double target = random.nextDouble() * zipf[zipf.length - 1];
        int low = 0;
        int high = zipf.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (zipf[middle] < target) {
                low = middle + 1;
            }
            else {
                high = middle;
            }
        }
        return low;
    }

    private String ratio() {
        double target = random.nextDouble() * ratioCumulative[ratioCumulative.length - 1];
        for (int i = 0; i < ratioCumulative.length; i++) {
            if (target < ratioCumulative[i]) {
                return RATIOS[i];
            }
        }
        return RATIOS[0];
    }

    private static int[] size(String ratio) {
        String[] parts = ratio.split(":");
        int w = Integer.parseInt(parts[0]);
        int h = Integer.parseInt(parts[1]);
        return w >= h ? new int[] {1344, 1344 * h / w} : new int[] {1344 * w / h, 1344};
    }

    /** A pronounceable invented word, the same for the same number. */
    static String tailWord(int number) {
        int n = number;
        StringBuilder word = new StringBuilder();
        for (int syllable = 0; syllable < 3; syllable++) {
            word.append(ONSETS[n % ONSETS.length]);
            n /= ONSETS.length;
            word.append(VOWELS[n % VOWELS.length]);
            n /= VOWELS.length;
        }
        return word.append(CODAS[number % CODAS.length]).toString();
    }

    private static double[] cumulative(int n, double exponent) {
        double[] sums = new double[n];
        double sum = 0;
        for (int rank = 1; rank <= n; rank++) {
            sum += 1 / Math.pow(rank, exponent);
            sums[rank - 1] = sum;
        }
        return sums;
    }

    private static boolean contains(int[] sorted, int value) {
        return java.util.Arrays.binarySearch(sorted, value) >= 0;
    }

    interface Progress {

        void report(int imagesWritten);

    }

}
