package app.atelier.gallery;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;

import app.atelier.style.Styles;
import app.atelier.web.Flash;
import app.atelier.web.PathIds;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What the gallery's selection mode does with the ticked images: download them as one ZIP file, or delete them. The
 * ids come from the grid's checkboxes; any id that is not the person's answers 404 and nothing happens.
 */
@Controller
class GallerySelectionController {

    private final Images images;

    private final ImageArchives archives;

    private final Styles styles;

    private final Clock clock;

    GallerySelectionController(Images images, ImageArchives archives, Styles styles, Clock clock) {
        this.images = images;
        this.archives = archives;
        this.styles = styles;
        this.clock = clock;
    }

    @PostMapping(path = "/gallery/archive", params = "ids")
    ResponseEntity<StreamingResponseBody> archive(@AuthenticationPrincipal SignedInUser me, @RequestParam List<String> ids) {
        List<ImageArchives.Entry> entries = archives.entries(me.id(), parse(ids));
        String name = ImageArchives.archiveName(entries, clock.instant());
        return ResponseEntity.ok()
            .contentType(MediaType.parseMediaType("application/zip"))
            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
            .body(out -> archives.write(entries, out));
    }

    /** Without JavaScript the buttons cannot wait for a tick: an empty selection goes back with a word of explanation. */
    @PostMapping("/gallery/archive")
    String archiveNothing(@ModelAttribute("filters") GalleryFilters filters, RedirectAttributes redirect) {
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("Tick the images to download first."));
        return "redirect:" + filters.grid("select", "1");
    }

    /**
     * Deletes the ticked images once {@code confirmed}; before that (a browser without JavaScript, which asks no
     * question), it shows them and asks.
     */
    @PostMapping("/gallery/delete")
    String delete(@AuthenticationPrincipal SignedInUser me, @ModelAttribute("filters") GalleryFilters filters,
            @RequestParam(required = false) @Nullable List<String> ids, @RequestParam(required = false) @Nullable String confirmed,
            Model model, RedirectAttributes redirect) {
        List<Long> chosen = parse(ids);
        if (chosen.isEmpty()) {
            redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.error("Tick the images to delete first."));
            return "redirect:" + filters.grid("select", "1");
        }
        if (!"true".equals(confirmed)) {
            List<GalleryImage> doomed = chosen.stream()
                .map(id -> images.find(me.id(), id).orElseThrow(Problem::notFound))
                .map(image -> GalleryImage.of(image, styles))
                .toList();
            model.addAttribute("doomed", doomed);
            return "gallery/confirm-delete";
        }
        int deleted = images.deleteAll(me.id(), chosen);
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success(deleted == 1 ? "Deleted 1 image." : "Deleted " + deleted + " images."));
        return "redirect:" + filters.grid();
    }

    private static List<Long> parse(@Nullable List<String> ids) {
        return ids == null ? List.of() : ids.stream().filter(id -> !id.isBlank()).map(PathIds::parse).distinct().toList();
    }

}
