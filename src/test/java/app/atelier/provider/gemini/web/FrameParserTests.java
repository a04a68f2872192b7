package app.atelier.provider.gemini.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class FrameParserTests {

    private static final String FOX = "Here is your fox \uD83E\uDD8A in the snow \u2744\uFE0F and a \uD83C\uDDE9\uD83C\uDDEA flag";

    @Test
    void readsTheSpecsUsageLimitAnswerFrameByFrame() {
        List<JsonNode> frames = new ArrayList<>();
        FrameParser parser = new FrameParser(frames::add);
        parser.feed(resource("stream-usage-limit.txt"));
        parser.finish();

        assertThat(frames).hasSize(3);
        assertThat(Jspb.integer(frames.get(0).get(0), WebProtocol.ENVELOPE_ERROR_CODE)).contains(1037);
        assertThat(parser.lengthMismatches()).isZero();
        assertThat(parser.malformedFrames()).isZero();
        assertThat(parser.truncated()).isFalse();
    }

    @Test
    void countsCharactersOutsideTheBmpAsTwoUtf16Units() {
        String json = envelope(FOX);
        String body = ")]}'\n\n" + frame(json) + frame("[[\"e\",4,null,null,10]]");
        assertThat(json.codePointCount(0, json.length())).isLessThan(json.length());

        List<JsonNode> frames = parse(body);

        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).get(0).get(2).stringValue()).isEqualTo(FOX);
        assertThat(lastParser.lengthMismatches()).isZero();
    }

    @Test
    void findsEveryFrameWhereverTheBytesAreSplit() {
        String body = ")]}'\n\n" + frame(envelope(FOX)) + frame(envelope("second \uD83D\uDE00")) + frame("[[\"di\",42]]");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<JsonNode> whole = parse(body);
        assertThat(whole).hasSize(3);

        for (int split = 0; split <= bytes.length; split++) {
            for (int second = split; second <= bytes.length; second += 11) {
                List<JsonNode> frames = new ArrayList<>();
                FrameParser parser = new FrameParser(frames::add);
                parser.feed(ByteBuffer.wrap(Arrays.copyOfRange(bytes, 0, split)));
                parser.feed(ByteBuffer.wrap(Arrays.copyOfRange(bytes, split, second)));
                parser.feed(ByteBuffer.wrap(Arrays.copyOfRange(bytes, second, bytes.length)));
                parser.finish();
                assertThat(frames).as("split at %d and %d", split, second).isEqualTo(whole);
                assertThat(parser.lengthMismatches()).isZero();
            }
        }
    }

    @Test
    void emitsAFrameAsSoonAsItIsCompleteNotAtTheEnd() {
        List<JsonNode> frames = new ArrayList<>();
        FrameParser parser = new FrameParser(frames::add);
        String first = frame(envelope("one"));

        parser.feed(")]}'\n\n" + first.substring(0, first.length() - 2));
        assertThat(frames).isEmpty();
        parser.feed(first.substring(first.length() - 2) + "12");
        assertThat(frames).hasSize(1);
    }

    @Test
    void fallsBackToTheLineWhenALengthCountsUtf8BytesInstead() {
        String json = envelope(FOX);
        int bytes = ("\n" + json + "\n").getBytes(StandardCharsets.UTF_8).length;
        String body = ")]}'\n\n" + bytes + "\n" + json + "\n" + frame(envelope("after"));

        List<JsonNode> frames = parse(body);

        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).get(0).get(2).stringValue()).isEqualTo(FOX);
        assertThat(frames.get(1).get(0).get(2).stringValue()).isEqualTo("after");
        assertThat(lastParser.lengthMismatches()).isEqualTo(1);
    }

    @Test
    void fallsBackToTheLineWhenALengthCountsCodePoints() {
        String json = envelope(FOX);
        int codePoints = json.codePointCount(0, json.length()) + 2;
        String body = ")]}'\n\n" + codePoints + "\n" + json + "\n" + frame(envelope("after"));

        List<JsonNode> frames = parse(body);

        assertThat(frames).extracting(frame -> frame.get(0).get(2).stringValue()).containsExactly(FOX, "after");
        assertThat(lastParser.lengthMismatches()).isEqualTo(1);
    }

    @Test
    void readsABodyWithoutFramingAsOneJsonValue() {
        List<JsonNode> frames = parse(")]}'\n\n[[\"wrb.fr\",null,\"[1]\"],\n [\"di\",3]]");

        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).get(1).get(0).stringValue()).isEqualTo("di");
    }

    @Test
    void readsABodyWithoutFramingAsJsonLinesWhenItIsNotOneValue() {
        List<JsonNode> frames = parse("[[\"wrb.fr\",null,\"[1]\"]]\n[[\"wrb.fr\",null,\"[2]\"]]\n");

        assertThat(frames).extracting(frame -> frame.get(0).get(2).stringValue()).containsExactly("[1]", "[2]");
    }

    @Test
    void notesABodyThatEndsInsideAFrame() {
        String second = frame(envelope("cut"));
        List<JsonNode> frames = parse(")]}'\n\n" + frame(envelope("whole")) + second.substring(0, second.length() / 2));

        assertThat(frames).hasSize(1);
        assertThat(lastParser.truncated()).isTrue();
    }

    @Test
    void skipsAFrameThatIsNotJsonAndReadsTheNext() {
        List<JsonNode> frames = parse(")]}'\n\n9\nnot json\n" + frame(envelope("next")));

        assertThat(frames).hasSize(1);
        assertThat(lastParser.malformedFrames()).isEqualTo(1);
    }

    private FrameParser lastParser;

    private List<JsonNode> parse(String body) {
        List<JsonNode> frames = new ArrayList<>();
        lastParser = new FrameParser(frames::add);
        lastParser.feed(body);
        lastParser.finish();
        return frames;
    }

    static String frame(String json) {
        return (json.length() + 2) + "\n" + json + "\n";
    }

    private static String envelope(String payload) {
        return "[[\"wrb.fr\",null," + Jspb.quote(payload) + "]]";
    }

    static String resource(String name) {
        try (InputStream in = FrameParserTests.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
