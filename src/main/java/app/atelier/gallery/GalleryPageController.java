package app.atelier.gallery;

import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import app.atelier.provider.AspectRatio;
import app.atelier.provider.ProviderId;
import app.atelier.storage.ImageResponses;
import app.atelier.storage.StoredBlob;
import app.atelier.style.Style;
import app.atelier.style.StyleGroup;
import app.atelier.style.Styles;
import app.atelier.web.Htmx;
import app.atelier.web.PathIds;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The gallery pages: the grid of a person's images with the filter bar and "load more" pages, the detail view of one
 * image stepping through the same filtered list, and an image's download. The grid answers htmx with the part it asks
 * for: the next page's tiles, or the filter bar and results after a filter changed.
 */
@Controller
class GalleryPageController {

    static final int PAGE_SIZE = 36;

    private static final String GRID = "gallery/index";

    private final Images images;

    private final ShareLinks shares;

    private final Styles styles;

    GalleryPageController(Images images, ShareLinks shares, Styles styles) {
        this.images = images;
        this.shares = shares;
        this.styles = styles;
    }

    /** {@code select} opens the selection mode ({@code all} with every image of the page ticked), for browsers without JavaScript. */
    @GetMapping("/gallery")
    String showGallery(@AuthenticationPrincipal SignedInUser me, @ModelAttribute("filters") GalleryFilters filters,
            @RequestParam(required = false) @Nullable String cursor, @RequestParam(required = false) @Nullable String select,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        ImagePage page = new ImagePage(List.of(), null);
        Problem problem = null;
        boolean narrowed = true;
        try {
            ImageQuery query = filters.query();
            narrowed = query.narrowed();
            page = images.list(me.id(), query, cursor, PAGE_SIZE);
        }
        catch (Problem refused) {
            problem = refused;
            response.setStatus(refused.status().value());
        }
        boolean firstPage = cursor == null || cursor.isBlank();
        List<GalleryImage> shown = page.items().stream().map(this::view).toList();
        model.addAttribute("images", shown);
        model.addAttribute("problem", problem);
        model.addAttribute("narrowed", narrowed);
        model.addAttribute("firstPage", firstPage);
        model.addAttribute("nextUrl", page.nextCursor() == null ? null : filters.grid("cursor", page.nextCursor()));
        model.addAttribute("pageUrl", firstPage ? filters.grid() : filters.grid("cursor", cursor));
        model.addAttribute("selecting", select != null);
        model.addAttribute("selectAll", "all".equals(select));
        model.addAttribute("emptyState", emptyState(shown, problem, narrowed, firstPage));
        String target = request.getHeader("HX-Target");
        if (Htmx.isHtmx(request) && "gallery-more".equals(target)) {
            return GRID + " :: more-page";
        }
        addFilterChoices(model);
        if (Htmx.isHtmx(request) && "gallery-body".equals(target)) {
            return GRID + " :: gallery-body";
        }
        return GRID;
    }

    @GetMapping("/gallery/{id}")
    String showImage(@AuthenticationPrincipal SignedInUser me, @PathVariable String id,
            @ModelAttribute("filters") GalleryFilters filters, Model model) {
        long imageId = PathIds.parse(id);
        GalleryImage image = images.find(me.id(), imageId).map(this::view).orElseThrow(Problem::notFound);
        ImageNeighbours neighbours = images.neighbours(me.id(), filters.queryOrAll(), imageId);
        model.addAttribute("image", image);
        model.addAttribute("share", shares.linkOf(me.id(), imageId).orElse(null));
        model.addAttribute("previousUrl", neighbours.previous() == null ? null : filters.detail(neighbours.previous()));
        model.addAttribute("nextUrl", neighbours.next() == null ? null : filters.detail(neighbours.next()));
        model.addAttribute("backUrl", filters.grid() + "#image-" + imageId);
        model.addAttribute("selfUrl", filters.detail(imageId));
        model.addAttribute("expiryChoices", ExpiryChoice.ALL);
        return "gallery/detail";
    }

    /** The image's bytes as a file to save, named like its entry in a ZIP archive. */
    @GetMapping("/gallery/{id}/download")
    ResponseEntity<Resource> download(@AuthenticationPrincipal SignedInUser me, @PathVariable String id,
            HttpServletRequest request) {
        long imageId = PathIds.parse(id);
        Image image = images.find(me.id(), imageId).orElseThrow(Problem::notFound);
        StoredBlob blob = images.content(me.id(), imageId).orElseThrow(Problem::notFound);
        ResponseEntity<Resource> served = ImageResponses.serve(blob, request);
        String name = ImageArchives.fileName(image.id(), image.prompt(), image.mimeType(), image.createdAt());
        return ResponseEntity.status(served.getStatusCode())
            .headers(served.getHeaders())
            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
            .body(served.getBody());
    }

    private GalleryImage view(Image image) {
        return GalleryImage.of(image, styles);
    }

    private void addFilterChoices(Model model) {
        model.addAttribute("styleGroups", styles.groups().stream().map(group -> StyleChoices.of(group, styles)).toList());
        model.addAttribute("ratios", Arrays.stream(AspectRatio.values()).map(AspectRatio::id).toList());
        model.addAttribute("providers", List.of(ProviderChoice.of(ProviderId.GEMINI_API), ProviderChoice.of(ProviderId.GEMINI_WEB)));
    }

    /** Which empty state the grid shows: none yet at all, none matching the filters, or no more after a later page. */
    private static @Nullable String emptyState(List<GalleryImage> shown, @Nullable Problem problem, boolean narrowed,
            boolean firstPage) {
        if (!shown.isEmpty() || problem != null) {
            return null;
        }
        if (!firstPage) {
            return "end";
        }
        return narrowed ? "no-match" : "new";
    }

    /** A group of style presets, as an {@code optgroup} of the filter bar. */
    record StyleChoices(StyleGroup group, List<Style> styles) {

        static StyleChoices of(StyleGroup group, Styles styles) {
            return new StyleChoices(group, styles.list().stream().filter(style -> style.group().equals(group.id())).toList());
        }

    }

    record ProviderChoice(String id, String name) {

        static ProviderChoice of(ProviderId provider) {
            return new ProviderChoice(provider.id(), provider == ProviderId.GEMINI_WEB ? "Gemini web cookies" : "Gemini API key");
        }

    }

    /** How long a new share link works; {@code days} empty for a link that does not expire. */
    record ExpiryChoice(String days, String label) {

        static final List<ExpiryChoice> ALL = List.of(new ExpiryChoice("", "Never"), new ExpiryChoice("1", "After 1 day"),
                new ExpiryChoice("7", "After 7 days"), new ExpiryChoice("30", "After 30 days"));

    }

}
