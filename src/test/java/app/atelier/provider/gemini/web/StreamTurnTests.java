package app.atelier.provider.gemini.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamTurnTests {

    @Test
    void readsTheSpecsOneImageAnswer() {
        StreamTurn turn = read(FrameParserTests.resource("stream-one-image.txt"));

        assertThat(turn.conversationId()).contains("c_0123456789abcdef");
        assertThat(turn.responseId()).contains("r_0123456789abcdef");
        assertThat(turn.candidateId()).contains("rc_0123456789abcdef");
        assertThat(turn.text()).isEqualTo("Here is your image.");
        assertThat(turn.complete()).isTrue();
        assertThat(turn.contextToken()).contains("CONTEXT_TOKEN");
        assertThat(turn.images()).singleElement().satisfies(image -> {
            assertThat(image.url()).isEqualTo("https://lh3.googleusercontent.com/gg-dl/IMG_TOKEN_0");
            assertThat(image.alt()).isEqualTo("image_0.png");
            assertThat(image.id()).isEqualTo("http://googleusercontent.com/image_generation_content/0");
        });
        assertThat(turn.fatalErrorCode()).isEmpty();
    }

    @Test
    void readsGeneratedImagesInTheSparseForm() {
        String image = "[[null,null,null,[null,1,\"a.png\",\"https://lh3.googleusercontent.com/gg-dl/SPARSE\"]],"
                + "[\"http://googleusercontent.com/image_generation_content/0\"]]";
        String candidate = "[\"rc_1\",[\"Done\"],null,null,null,null,null,null,[2],null,null,null,[{\"7\":[3],\"8\":[[" + image + "]]}]]";
        StreamTurn turn = read(")]}'\n\n" + FrameParserTests.frame(envelope("[null,[\"c_1\",\"r_1\"],null,null,[" + candidate + "]]")));

        assertThat(turn.images()).extracting(StreamTurn.ImageRef::url)
            .containsExactly("https://lh3.googleusercontent.com/gg-dl/SPARSE");
    }

    @Test
    void readsTopLevelFieldsInTheSparseForm() {
        StreamTurn turn = read(")]}'\n\n" + FrameParserTests.frame(
                envelope("[null,[\"c_2\",\"r_2\"],{\"5\":[[\"rc_2\",[\"Hi\"],null,null,null,null,null,null,[2]]],\"26\":\"CTX\"}]")));

        assertThat(turn.candidateId()).contains("rc_2");
        assertThat(turn.complete()).isTrue();
        assertThat(turn.contextToken()).contains("CTX");
    }

    @Test
    void keepsTheAnswerWhenAnErrorArrivesAfterIt() {
        String answer = "[null,[\"c\",\"r\"],null,null,[[\"rc\",[\"Text\"],null,null,null,null,null,null,[2]]]]";
        String late = "[[\"wrb.fr\",null,null,null,null,[13,null,[[\"type.googleapis.com/assistant.boq.bard.application.BardErrorInfo\",[1096]]]]]]";
        StreamTurn turn = read(")]}'\n\n" + FrameParserTests.frame(envelope(answer)) + FrameParserTests.frame(late));

        assertThat(turn.fatalErrorCode()).isEmpty();
        assertThat(turn.lateErrorCode()).contains(1096);
        assertThat(turn.text()).isEqualTo("Text");
    }

    @Test
    void takesTheCodeOfAnErrorBeforeAnyAnswer() {
        StreamTurn turn = read(FrameParserTests.resource("stream-usage-limit.txt"));

        assertThat(turn.fatalErrorCode()).contains(1037);
        assertThat(turn.answered()).isFalse();
    }

    @Test
    void ignoresAnErrorWithoutACodeThatIsNotARejection() {
        StreamTurn turn = read(")]}'\n\n" + FrameParserTests.frame("[[\"wrb.fr\",null,null,null,null,[3]]]"));

        assertThat(turn.fatalErrorCode()).isEmpty();
        assertThat(turn.rejected()).isFalse();
    }

    @Test
    void notesARejectionWithoutACode() {
        StreamTurn turn = read(")]}'\n\n" + FrameParserTests.frame("[[\"wrb.fr\",null,null,null,null,[7]]]"));

        assertThat(turn.rejected()).isTrue();
        assertThat(turn.fatalErrorCode()).isEmpty();
    }

    @Test
    void stripsPlaceholdersFollowUpsAndEntitiesFromTheText() {
        assertThat(StreamTurn.cleanText("A &amp; B\n\nhttp://googleusercontent.com/image_generation_content/0\n"
                + "<FollowUp label=\"More\" query=\"more\"/>")).isEqualTo("A & B");
    }

    private static StreamTurn read(String body) {
        StreamTurn turn = new StreamTurn();
        FrameParser parser = new FrameParser(turn::accept);
        parser.feed(body);
        parser.finish();
        return turn;
    }

    private static String envelope(String payload) {
        return "[[\"wrb.fr\",null," + Jspb.quote(payload) + "]]";
    }

}
