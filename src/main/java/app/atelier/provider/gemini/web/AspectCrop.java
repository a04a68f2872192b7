package app.atelier.provider.gemini.web;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.FailureCode;
import app.atelier.provider.GeneratedImage;
import app.atelier.provider.ProviderFailure;

/**
 * The web app has no aspect-ratio setting, so the ratio is asked for in the prompt and then made exact: the largest
 * centred rectangle of the requested ratio is cut out and re-encoded in the image's own format. An image that already
 * has the ratio is returned byte for byte.
 */
final class AspectCrop {

    private static final float JPEG_QUALITY = 0.92f;

    private AspectCrop() {
    }

    static GeneratedImage crop(byte[] bytes, String mimeType, AspectRatio ratio) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        }
        catch (IOException | RuntimeException ex) {
            image = null;
        }
        if (image == null) {
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "Gemini's image (" + mimeType + ") could not be decoded");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        long wide = (long) width * ratio.height();
        long tall = (long) height * ratio.width();
        if (wide == tall) {
            return new GeneratedImage(bytes, mimeType, width, height);
        }
        int cropWidth = wide > tall ? (int) Math.max(1, Math.round((double) height * ratio.width() / ratio.height())) : width;
        int cropHeight = wide > tall ? height : (int) Math.max(1, Math.round((double) width * ratio.height() / ratio.width()));
        if (cropWidth == width && cropHeight == height) {
            return new GeneratedImage(bytes, mimeType, width, height);
        }
        int x = (width - cropWidth) / 2;
        int y = (height - cropHeight) / 2;
        boolean jpeg = mimeType.equals("image/jpeg");
        int type = !jpeg && image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage cropped = new BufferedImage(cropWidth, cropHeight, type);
        Graphics2D graphics = cropped.createGraphics();
        try {
            graphics.drawImage(image, 0, 0, cropWidth, cropHeight, x, y, x + cropWidth, y + cropHeight, null);
        }
        finally {
            graphics.dispose();
        }
        return new GeneratedImage(encode(cropped, mimeType), mimeType, cropWidth, cropHeight);
    }

    private static byte[] encode(BufferedImage image, String mimeType) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType(mimeType);
        if (!writers.hasNext()) {
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "Gemini's image (" + mimeType + ") cannot be re-encoded here");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (mimeType.equals("image/jpeg")) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        }
        catch (IOException ex) {
            throw new ProviderFailure(FailureCode.UPSTREAM_ERROR, "Gemini's image could not be re-encoded", null, ex);
        }
        finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

}
