package app.atelier.gallery;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import app.atelier.storage.ImageResponses;
import app.atelier.storage.StoredBlob;
import app.atelier.web.PathIds;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/images}: the caller's images listed, searched and filtered; one image, its bytes, its thumbnail, its star, and deleting it. */
@RestController
class ImagesApiController {

    private final Images images;

    ImagesApiController(Images images) {
        this.images = images;
    }

    @GetMapping("/api/v1/images")
    ImageListJson list(@AuthenticationPrincipal SignedInUser me, @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String style, @RequestParam(required = false) @Nullable String aspectRatio,
            @RequestParam(required = false) @Nullable String provider, @RequestParam(required = false) @Nullable Boolean favourite,
            @RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String sort, @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        ImageQuery query = ImageQuery.parse(q, style, aspectRatio, provider, favourite, from, to, sort);
        ImagePage page = images.list(me.id(), query, cursor, limit);
        return new ImageListJson(page.items().stream().map(ImageJson::of).toList(), page.nextCursor());
    }

    @PutMapping("/api/v1/images/{id}/favourite")
    ImageJson star(@AuthenticationPrincipal SignedInUser me, @PathVariable String id) {
        return ImageJson.of(images.setFavourite(me.id(), PathIds.parse(id), true));
    }

    @DeleteMapping("/api/v1/images/{id}/favourite")
    ImageJson unstar(@AuthenticationPrincipal SignedInUser me, @PathVariable String id) {
        return ImageJson.of(images.setFavourite(me.id(), PathIds.parse(id), false));
    }

    @GetMapping("/api/v1/images/{id}")
    ImageJson show(@AuthenticationPrincipal SignedInUser me, @PathVariable String id) {
        return images.find(me.id(), PathIds.parse(id)).map(ImageJson::of).orElseThrow(Problem::notFound);
    }

    @GetMapping("/api/v1/images/{id}/content")
    ResponseEntity<Resource> content(@AuthenticationPrincipal SignedInUser me, @PathVariable String id, HttpServletRequest request) {
        StoredBlob blob = images.content(me.id(), PathIds.parse(id)).orElseThrow(Problem::notFound);
        return ImageResponses.serve(blob, request);
    }

    @GetMapping("/api/v1/images/{id}/thumbnail")
    ResponseEntity<Resource> thumbnail(@AuthenticationPrincipal SignedInUser me, @PathVariable String id,
            HttpServletRequest request) {
        StoredBlob blob = images.thumbnail(me.id(), PathIds.parse(id)).orElseThrow(Problem::notFound);
        return ImageResponses.serve(blob, request);
    }

    @DeleteMapping("/api/v1/images/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal SignedInUser me, @PathVariable String id) {
        images.delete(me.id(), PathIds.parse(id));
        return ResponseEntity.noContent().build();
    }


    record ImageListJson(List<ImageJson> items, @Nullable String nextCursor) {
    }

}
