package app.atelier.gallery;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;

import app.atelier.web.SignedInUser;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** {@code POST /api/v1/images/archive}: the chosen images as one streamed ZIP file. */
@RestController
class ArchiveApiController {

    private final ImageArchives archives;

    private final Clock clock;

    ArchiveApiController(ImageArchives archives, Clock clock) {
        this.archives = archives;
        this.clock = clock;
    }

    @PostMapping("/api/v1/images/archive")
    ResponseEntity<StreamingResponseBody> archive(@AuthenticationPrincipal SignedInUser me, @RequestBody @Nullable ArchiveRequest body) {
        List<ImageArchives.Entry> entries = archives.entries(me.id(), body == null || body.ids() == null ? List.of() : body.ids());
        String name = ImageArchives.archiveName(entries, clock.instant());
        return ResponseEntity.ok()
            .contentType(MediaType.parseMediaType("application/zip"))
            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
            .body(out -> archives.write(entries, out));
    }

    record ArchiveRequest(@Nullable List<Long> ids) {
    }

}
