package app.atelier.storage;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ImageResponsesTests {

    @TempDir
    Path root;

    StoredBlob blob;

    byte[] png;

    @BeforeEach
    void storeAnImage() {
        FileSystemImageStore store = new FileSystemImageStore(root);
        png = TestImages.png(12, 8, 1);
        blob = store.open(store.put(png, "image/png").key()).orElseThrow();
    }

    @Test
    void servesTheBytesWithTypeLengthEtagAndPrivateCaching() throws Exception {
        ResponseEntity<Resource> response = ImageResponses.serve(blob, new MockHttpServletRequest("GET", "/images/1"));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        HttpHeaders headers = response.getHeaders();
        assertThat(headers.getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo("image/png");
        assertThat(headers.getContentLength()).isEqualTo(png.length);
        assertThat(headers.getETag()).isEqualTo("\"" + blob.key() + "\"");
        assertThat(headers.getCacheControl()).contains("private").contains("max-age=31536000").doesNotContain("public");
        assertThat(response.getBody().getContentAsByteArray()).isEqualTo(png);
    }

    @Test
    void answersNotModifiedWithoutABodyWhenIfNoneMatchNamesTheImage() {
        ResponseEntity<Resource> response = ImageResponses.serve(blob, request(blob.etag()));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(response.getBody()).isNull();
        assertThat(response.getHeaders().getETag()).isEqualTo(blob.etag());
        assertThat(response.getHeaders().getCacheControl()).contains("private");
        assertThat(response.getHeaders().getContentLength()).isEqualTo(-1);
    }

    @Test
    void answersNotModifiedForAWildcardAListOrAWeakTag() {
        assertThat(ImageResponses.serve(blob, request("*")).getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(ImageResponses.serve(blob, request("\"other\", " + blob.etag() + ", W/\"more\"")).getStatusCode())
                .isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(ImageResponses.serve(blob, request("W/" + blob.etag())).getStatusCode())
                .isEqualTo(HttpStatus.NOT_MODIFIED);
        assertThat(ImageResponses.serve(blob, request("\"other\"", blob.etag())).getStatusCode())
                .isEqualTo(HttpStatus.NOT_MODIFIED);
    }

    @Test
    void servesTheBytesWhenIfNoneMatchNamesSomethingElse() throws Exception {
        ResponseEntity<Resource> response = ImageResponses.serve(blob, request("\"" + "0".repeat(64) + ".png\", \"x\""));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody().getContentAsByteArray()).isEqualTo(png);
    }

    @Test
    void servesTheBytesWhenIfNoneMatchNamesTheKeyWithoutQuotes() {
        assertThat(ImageResponses.serve(blob, request(blob.key())).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private static MockHttpServletRequest request(String... ifNoneMatch) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/images/1");
        for (String value : ifNoneMatch) {
            request.addHeader(HttpHeaders.IF_NONE_MATCH, value);
        }
        return request;
    }

}
