package app.atelier.provider.gemini.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

/**
 * Splits a {@code rt=c} response ({@code )]}'}, a blank line, then frames of {@code <length>\n<JSON array>\n}) into
 * frames as the bytes arrive. The length counts UTF-16 code units of {@code "\n" + json + "\n"}, which is what Java's
 * {@code String.length()} counts, so a character outside the BMP counts 2.
 * <p>
 * Fallbacks, as the protocol's other clients do: when the counted slice is not one JSON array but the line after the
 * length is (a JSON line never holds a raw newline), the line wins; a body that does not start with a length is read
 * at the end as one JSON value, else as one JSON array per line. Not thread-safe: feed it from one thread at a time.
 */
final class FrameParser {

    private final Consumer<JsonNode> frames;

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);

    private ByteBuffer undecoded = ByteBuffer.allocate(0);

    private final StringBuilder buffer = new StringBuilder();

    private boolean prefixChecked;

    private boolean unframed;

    private boolean finished;

    private boolean truncated;

    private int frameCount;

    private int lengthMismatches;

    private int malformedFrames;

    FrameParser(Consumer<JsonNode> frames) {
        this.frames = frames;
    }

    void feed(ByteBuffer bytes) {
        ByteBuffer in = bytes;
        if (undecoded.hasRemaining()) {
            in = ByteBuffer.allocate(undecoded.remaining() + bytes.remaining()).put(undecoded).put(bytes).flip();
        }
        CharBuffer out = CharBuffer.allocate((int) (in.remaining() * (double) decoder.maxCharsPerByte()) + 2);
        decoder.decode(in, out, false);
        undecoded = ByteBuffer.allocate(in.remaining()).put(in).flip();
        feed(out.flip());
    }

    void feed(CharSequence chars) {
        buffer.append(chars);
        drain();
    }

    /** The body has ended: reads what framing could not, and notes an incomplete last frame. */
    void finish() {
        if (finished) {
            return;
        }
        CharBuffer out = CharBuffer.allocate(undecoded.remaining() * 2 + 2);
        decoder.decode(undecoded, out, true);
        decoder.flush(out);
        buffer.append(out.flip());
        finished = true;
        drain();
        if (unframed) {
            readUnframed();
        }
        else if (!buffer.toString().isBlank()) {
            truncated = true;
        }
        buffer.setLength(0);
    }

    int frameCount() {
        return frameCount;
    }

    /** Frames whose stated length did not match (read by line instead). */
    int lengthMismatches() {
        return lengthMismatches;
    }

    /** Frames that were not JSON at all, skipped. */
    int malformedFrames() {
        return malformedFrames;
    }

    /** Whether the body ended inside a frame. */
    boolean truncated() {
        return truncated;
    }

    private void drain() {
        if (!prefixChecked) {
            int start = skipWhitespace(0);
            if (!finished && buffer.length() - start < WebProtocol.XSSI_PREFIX.length()
                    && WebProtocol.XSSI_PREFIX.startsWith(buffer.substring(start))) {
                return;
            }
            if (buffer.indexOf(WebProtocol.XSSI_PREFIX, start) == start) {
                buffer.delete(0, start + WebProtocol.XSSI_PREFIX.length());
            }
            prefixChecked = true;
        }
        while (!unframed && readFrame()) {
            // one frame per turn
        }
    }

    /** Reads one frame at the start of the buffer; false when more input is needed. */
    private boolean readFrame() {
        int start = skipWhitespace(0);
        if (start == buffer.length()) {
            buffer.setLength(0);
            return false;
        }
        if (!Character.isDigit(buffer.charAt(start))) {
            unframed = true;
            return false;
        }
        int newline = buffer.indexOf("\n", start);
        int digitsEnd = start;
        while (digitsEnd < buffer.length() && Character.isDigit(buffer.charAt(digitsEnd))) {
            digitsEnd++;
        }
        if (newline < 0) {
            if (digitsEnd < buffer.length() && !Character.isWhitespace(buffer.charAt(digitsEnd))) {
                unframed = true;
            }
            return false;
        }
        if (digitsEnd - start > 9 || !buffer.substring(digitsEnd, newline).isBlank()) {
            unframed = true;
            return false;
        }
        int length = Integer.parseInt(buffer.substring(start, digitsEnd));
        int lineEnd = buffer.indexOf("\n", newline + 1);
        boolean sliceAvailable = buffer.length() - newline >= length;
        if (sliceAvailable) {
            Optional<JsonNode> frame = array(buffer.substring(newline, newline + length));
            if (frame.isPresent()) {
                consume(newline + length, frame.get());
                return true;
            }
        }
        if (lineEnd >= 0) {
            Optional<JsonNode> line = array(buffer.substring(newline + 1, lineEnd));
            if (line.isPresent()) {
                lengthMismatches++;
                consume(lineEnd + 1, line.get());
                return true;
            }
            if (sliceAvailable || finished) {
                malformedFrames++;
                buffer.delete(0, lineEnd + 1);
                return true;
            }
        }
        else if (finished) {
            Optional<JsonNode> rest = array(buffer.substring(newline + 1));
            if (rest.isPresent()) {
                lengthMismatches++;
                consume(buffer.length(), rest.get());
                return true;
            }
        }
        return false;
    }

    private void consume(int end, JsonNode frame) {
        buffer.delete(0, end);
        frameCount++;
        frames.accept(frame);
    }

    private void readUnframed() {
        String body = buffer.toString();
        Optional<JsonNode> whole = array(body);
        if (whole.isPresent()) {
            frameCount++;
            frames.accept(whole.get());
            return;
        }
        for (String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Optional<JsonNode> frame = array(line);
            if (frame.isPresent()) {
                frameCount++;
                frames.accept(frame.get());
            }
            else if (!line.strip().chars().allMatch(Character::isDigit)) {
                malformedFrames++;
            }
        }
    }

    private int skipWhitespace(int from) {
        int index = from;
        while (index < buffer.length() && Character.isWhitespace(buffer.charAt(index))) {
            index++;
        }
        return index;
    }

    private static Optional<JsonNode> array(String text) {
        return Jspb.parse(text).filter(JsonNode::isArray);
    }

}
