package app.atelier.gallery;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How archive entries are named: {@code yyyy-MM-dd_HHmmss_<slug>_<id>.<ext>} in UTC. */
class ImageArchivesTests {

    @Test
    void slugsAreLowerCaseAsciiWordsJoinedByHyphens() {
        assertThat(ImageArchives.slug("A Lighthouse at Dusk")).isEqualTo("a-lighthouse-at-dusk");
        assertThat(ImageArchives.slug("  --Stormy sea!!  (oil, 1890)...")).isEqualTo("stormy-sea-oil-1890");
        assertThat(ImageArchives.slug("cat_dog/fish\\bird")).isEqualTo("cat-dog-fish-bird");
        assertThat(ImageArchives.slug("Ünïcödé")).isEqualTo("unicode");
    }

    @Test
    void slugsFoldAccentsAndDropOtherScripts() {
        assertThat(ImageArchives.slug("Café crème brûlée à Noël")).isEqualTo("cafe-creme-brulee-a-noel");
        assertThat(ImageArchives.slug("ﬁne ｆｕｌｌｗｉｄｔｈ")).as("compatibility forms").isEqualTo("fine-fullwidth");
        assertThat(ImageArchives.slug("東京の夜 Tokyo")).isEqualTo("tokyo");
        assertThat(ImageArchives.slug("東京の夜")).isEmpty();
        assertThat(ImageArchives.slug("🙂 !!")).isEmpty();
        assertThat(ImageArchives.slug("")).isEmpty();
    }

    @Test
    void slugsAreCutToSixtyCharactersAtAWordBoundary() {
        String prompt = "a very detailed painting of an old harbour town at dawn with fishing boats and gulls";

        String slug = ImageArchives.slug(prompt);

        assertThat(slug).isEqualTo("a-very-detailed-painting-of-an-old-harbour-town-at-dawn-with");
        assertThat(slug).hasSize(60);
        assertThat(ImageArchives.slug(prompt.replace("with", "where"))).as("a word across the limit goes")
            .isEqualTo("a-very-detailed-painting-of-an-old-harbour-town-at-dawn");
        assertThat(ImageArchives.slug("x".repeat(80))).isEqualTo("x".repeat(60));
        assertThat(ImageArchives.slug("short " + "y".repeat(70))).as("no useful boundary: cut inside the word")
            .isEqualTo("short-" + "y".repeat(54));
    }

    @Test
    void entriesAreNamedByUtcTimeSlugIdAndTypeExtension() {
        Instant created = Instant.parse("2026-03-10T08:05:09.999Z");

        assertThat(new ImageArchives.Entry(42, "A fox!", "image/png", "k", created).fileName()).isEqualTo("2026-03-10_080509_a-fox_42.png");
        assertThat(new ImageArchives.Entry(7, "A fox", "image/jpeg", "k", created).fileName()).isEqualTo("2026-03-10_080509_a-fox_7.jpg");
        assertThat(new ImageArchives.Entry(8, "A fox", "image/gif", "k", created).fileName()).isEqualTo("2026-03-10_080509_a-fox_8.gif");
        assertThat(new ImageArchives.Entry(9, "夜", "image/png", "k", created).fileName()).isEqualTo("2026-03-10_080509_9.png");
    }

}
