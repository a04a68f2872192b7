package app.atelier.provider.gemini.web;

import java.awt.Color;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.FailureCode;
import app.atelier.provider.GeneratedImage;
import app.atelier.provider.ProviderFailure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AspectCropTests {

    @Test
    void returnsAnImageThatHasTheRatioAlreadyByteForByte() {
        byte[] png = FakeGeminiWeb.render(800, 600, "png");

        GeneratedImage image = AspectCrop.crop(png, "image/png", AspectRatio.LANDSCAPE_4_3);

        assertThat(image.bytes()).isSameAs(png);
        assertThat(image.width()).isEqualTo(800);
        assertThat(image.height()).isEqualTo(600);
    }

    @Test
    void cutsTheTopAndBottomForAWiderRatio() {
        GeneratedImage image = AspectCrop.crop(FakeGeminiWeb.render(1000, 1000, "png"), "image/png", AspectRatio.CINEMA_21_9);

        BufferedImage decoded = GeminiWebTestSupport.decode(image);
        assertThat(decoded.getWidth()).isEqualTo(1000);
        assertThat(decoded.getHeight()).isEqualTo(429);
        assertThat(new Color(decoded.getRGB(500, 0))).isNotEqualTo(Color.RED);
        assertThat(new Color(decoded.getRGB(500, 428))).isNotEqualTo(Color.BLUE);
    }

    @Test
    void cutsTheSidesForATallerRatioAndKeepsJpegAsJpeg() {
        GeneratedImage image = AspectCrop.crop(FakeGeminiWeb.render(1024, 1024, "jpeg"), "image/jpeg", AspectRatio.PORTRAIT_9_16);

        assertThat(image.mimeType()).isEqualTo("image/jpeg");
        assertThat(image.bytes()).startsWith((byte) 0xFF, (byte) 0xD8, (byte) 0xFF);
        assertThat(image.width()).isEqualTo(576);
        assertThat(image.height()).isEqualTo(1024);
        BufferedImage decoded = GeminiWebTestSupport.decode(image);
        assertThat(decoded.getWidth()).isEqualTo(576);
        assertThat(decoded.getHeight()).isEqualTo(1024);
    }

    @Test
    void failsClearlyOnBytesThatAreNoImage() {
        ProviderFailure failure = catchThrowableOfType(ProviderFailure.class,
                () -> AspectCrop.crop("not an image".getBytes(), "image/png", AspectRatio.SQUARE));

        assertThat(failure.code()).isEqualTo(FailureCode.UPSTREAM_ERROR);
        assertThat(failure.upstreamReason()).contains("could not be decoded");
    }

}
