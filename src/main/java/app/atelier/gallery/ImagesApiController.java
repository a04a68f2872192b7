package app.atelier.gallery;

import jakarta.servlet.http.HttpServletRequest;

import app.atelier.storage.ImageResponses;
import app.atelier.storage.StoredBlob;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/images/{id}}: one of the caller's images, its bytes, its thumbnail, and deleting it. */
@RestController
class ImagesApiController {

    private final Images images;

    ImagesApiController(Images images) {
        this.images = images;
    }

    @GetMapping("/api/v1/images/{id}")
    ImageJson show(@AuthenticationPrincipal SignedInUser me, @PathVariable String id) {
        return images.find(me.id(), idOf(id)).map(ImageJson::of).orElseThrow(Problem::notFound);
    }

    @GetMapping("/api/v1/images/{id}/content")
    ResponseEntity<Resource> content(@AuthenticationPrincipal SignedInUser me, @PathVariable String id, HttpServletRequest request) {
        StoredBlob blob = images.content(me.id(), idOf(id)).orElseThrow(Problem::notFound);
        return ImageResponses.serve(blob, request);
    }

    @GetMapping("/api/v1/images/{id}/thumbnail")
    ResponseEntity<Resource> thumbnail(@AuthenticationPrincipal SignedInUser me, @PathVariable String id,
            HttpServletRequest request) {
        StoredBlob blob = images.thumbnail(me.id(), idOf(id)).orElseThrow(Problem::notFound);
        return ImageResponses.serve(blob, request);
    }

    @DeleteMapping("/api/v1/images/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal SignedInUser me, @PathVariable String id) {
        images.delete(me.id(), idOf(id));
        return ResponseEntity.noContent().build();
    }

    /** An id that is not a number names no image: {@code 404}, like any other image that is not the caller's. */
    private static long idOf(String id) {
        try {
            return Long.parseLong(id);
        }
        catch (NumberFormatException ex) {
            throw Problem.notFound();
        }
    }

}
