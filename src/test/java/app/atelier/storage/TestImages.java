package app.atelier.storage;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Real encoded images, drawn on the spot; the seed makes each one's bytes (and so its key) different. */
public final class TestImages {

    private TestImages() {
    }

    public static byte[] png(int width, int height, int seed) {
        return encode(draw(width, height, seed, BufferedImage.TYPE_INT_ARGB), "png");
    }

    public static byte[] jpeg(int width, int height, int seed) {
        return encode(draw(width, height, seed, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    public static byte[] gif(int width, int height, int seed) {
        return encode(draw(width, height, seed, BufferedImage.TYPE_INT_RGB), "gif");
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("not decodable");
            }
            return image;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static BufferedImage draw(int width, int height, int seed, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(seed * 7919 & 0xFFFFFF));
        graphics.fillRect(0, 0, width, height);
        graphics.setColor(Color.RED);
        graphics.fillOval(width / 4, height / 4, width / 2, height / 2);
        graphics.dispose();
        image.setRGB(0, 0, 0xFF000000 | seed);
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
