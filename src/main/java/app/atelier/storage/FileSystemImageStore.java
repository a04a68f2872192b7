package app.atelier.storage;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.FileSystemResource;
import org.springframework.stereotype.Component;

import app.atelier.platform.DataDirectory;

/**
 * Images as files under {@code ${atelier.data-dir}/images}, in two levels of folders named by the first four hex
 * characters of the key ({@code images/ab/cd/abcd….png}), so no folder grows too large.
 * <p>
 * Every file is written to a temporary file in its final folder, forced to the disk ({@link FileChannel#force}),
 * then moved atomically to its final name, and the folder itself is forced once both names are in place. So a crash
 * never leaves a half file under a final name, and when {@link #put} returns the bytes are durable: only then may the
 * database row that points at them commit. The thumbnail is written before the image, so a stored image always has its thumbnail.
 */
@Component
class FileSystemImageStore implements ImageStore {

    private static final Pattern SHARD = Pattern.compile("[0-9a-f]{2}");

    /** Larger images are refused before they are decoded: 100 megapixels would take 400 MB of memory. */
    static final long MAX_PIXELS = 100_000_000L;

    private final Path root;

    @Autowired
    FileSystemImageStore(DataDirectory dataDirectory) {
        this(dataDirectory.folder("images"));
    }

    FileSystemImageStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public StoredImage put(byte[] bytes, String mimeType) {
        ImageFormat format = ImageFormat.ofMimeType(mimeType);
        BufferedImage image = decode(bytes, format);
        String hash = sha256(bytes);
        String key = format.key(hash);
        String thumbnailKey = format.thumbnailKey(hash);
        try {
            boolean written = false;
            if (!refresh(thumbnailKey)) {
                write(thumbnailKey, thumbnail(image, format.thumbnailFormat()));
                written = true;
            }
            if (!refresh(key)) {
                write(key, bytes);
                written = true;
            }
            if (written) {
                // both names live in one folder (the key's first four characters), so one force makes both durable
                forceFolder(path(key).getParent());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot store image " + key, ex);
        }
        return new StoredImage(key, thumbnailKey, format.mimeType, bytes.length, image.getWidth(), image.getHeight());
    }

    @Override
    public Optional<StoredBlob> open(String key) {
        Matcher parts = ImageFormat.parse(key);
        Path file = path(key);
        try {
            long length = Files.size(file);
            return Optional.of(new StoredBlob(key, ImageFormat.ofExtension(parts.group(3)).mimeType, length,
                    new FileSystemResource(file)));
        }
        catch (NoSuchFileException ex) {
            return Optional.empty();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read image " + key, ex);
        }
    }

    @Override
    public void delete(String key) {
        Matcher parts = ImageFormat.parse(key);
        try {
            Files.deleteIfExists(path(key));
            if (parts.group(2) == null) {
                Files.deleteIfExists(path(ImageFormat.ofExtension(parts.group(3)).thumbnailKey(parts.group(1))));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot delete image " + key, ex);
        }
    }

    @Override
    public Stream<String> keysStoredBefore(Instant cutoff) {
        // Each leaf folder is listed completely before its keys are handed out, so a caller may delete while it reads.
        return subfolders(root).stream()
            .flatMap(first -> subfolders(first).stream())
            .flatMap(second -> files(second).stream())
            .filter(file -> ImageStore.isKey(file.getFileName().toString()))
            .filter(file -> file.equals(path(file.getFileName().toString())))
            .filter(file -> storedBefore(file, cutoff))
            .map(file -> file.getFileName().toString());
    }

    /**
     * Marks bytes that are already stored as stored now, so that a sweep for old unreferenced keys passes them by
     * while the row of this new {@link #put} commits; false when they are not stored.
     */
    private boolean refresh(String key) throws IOException {
        try {
            Files.setLastModifiedTime(path(key), FileTime.from(Instant.now()));
            return true;
        }
        catch (NoSuchFileException ex) {
            return false;
        }
    }

    private static List<Path> subfolders(Path folder) {
        return list(folder).stream().filter(Files::isDirectory).filter(path -> SHARD.matcher(path.getFileName().toString()).matches()).toList();
    }

    private static List<Path> files(Path folder) {
        return list(folder).stream().filter(Files::isRegularFile).toList();
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        }
        catch (NoSuchFileException ex) {
            return List.of();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot list " + folder, ex);
        }
    }

    private static boolean storedBefore(Path file, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
        }
        catch (NoSuchFileException ex) {
            return false;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the time of " + file, ex);
        }
    }

    /** The file of a key; callers have validated it, so the path never leaves the root. */
    Path path(String key) {
        return root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
    }

    private static BufferedImage decode(byte[] bytes, ImageFormat format) {
        // Memory-cached streams: ImageIO's defaults would spill every image into a temporary file.
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new UnsupportedImageException("The bytes are not an image");
            }
            ImageReader reader = readers.next();
            try {
                String actual = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!format.formatName.equals(actual) && !(format == ImageFormat.JPEG && actual.equals("jpg"))) {
                    throw new UnsupportedImageException("The bytes are " + actual + ", not " + format.mimeType);
                }
                reader.setInput(input, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new UnsupportedImageException("The image is too large (" + reader.getWidth(0) + "×"
                            + reader.getHeight(0) + " pixels)");
                }
                BufferedImage image = reader.read(0);
                if (image.getWidth() < 1 || image.getHeight() < 1) {
                    throw new UnsupportedImageException("The image is empty");
                }
                return image;
            }
            finally {
                reader.dispose();
            }
        }
        catch (IOException | RuntimeException ex) {
            if (ex instanceof UnsupportedImageException unsupported) {
                throw unsupported;
            }
            throw new UnsupportedImageException("The bytes do not decode as " + format.mimeType, ex);
        }
    }

    /** Scales down (never up) so the longest side is at most {@link #THUMBNAIL_SIZE}, keeping the aspect ratio. */
    static byte[] thumbnail(BufferedImage image, ImageFormat format) throws IOException {
        int width = image.getWidth();
        int height = image.getHeight();
        int longest = Math.max(width, height);
        if (longest > THUMBNAIL_SIZE) {
            width = Math.max(1, (int) Math.round((double) width * THUMBNAIL_SIZE / longest));
            height = Math.max(1, (int) Math.round((double) height * THUMBNAIL_SIZE / longest));
        }
        BufferedImage source = image;
        // Halving step by step keeps bilinear scaling from skipping pixels (aliasing) on large reductions.
        while (source.getWidth() / 2 >= width && source.getHeight() / 2 >= height) {
            source = scale(source, source.getWidth() / 2, source.getHeight() / 2, format);
        }
        BufferedImage scaled = source.getWidth() == width && source.getHeight() == height && source != image ? source
                : scale(source, width, height, format);
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format.formatName).next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream output = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam parameters = writer.getDefaultWriteParam();
            if (format == ImageFormat.JPEG) {
                parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                parameters.setCompressionQuality(0.85f);
            }
            writer.setOutput(output);
            writer.write(null, new IIOImage(scaled, null, null), parameters);
        }
        finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static BufferedImage scale(BufferedImage source, int width, int height, ImageFormat format) {
        boolean opaque = format == ImageFormat.JPEG || !source.getColorModel().hasAlpha();
        BufferedImage target = new BufferedImage(width, height, opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = target.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            if (format == ImageFormat.JPEG) {
                graphics.setColor(Color.WHITE);
                graphics.fillRect(0, 0, width, height);
            }
            graphics.drawImage(source, 0, 0, width, height, null);
        }
        finally {
            graphics.dispose();
        }
        return target;
    }

    private void write(String key, byte[] bytes) throws IOException {
        Path target = path(key);
        Path folder = Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(folder, key + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (AtomicMoveNotSupportedException ex) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Makes the new name durable; some systems cannot open a folder for this, and there the move alone has to do. */
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
        catch (IOException ex) {
            // best effort, see above
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every JDK", ex);
        }
    }

}
