package app.atelier.gallery;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import app.atelier.style.Styles;
import app.atelier.web.FieldProblem;
import app.atelier.web.Flash;
import app.atelier.web.Htmx;
import app.atelier.web.PathIds;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What the gallery's buttons do to one image: star it, share it, revoke its link, delete it. Each is a plain form post
 * answered by a redirect, and with htmx the star and the share panel answer with their new selves instead.
 */
@Controller
class GalleryActionsController {

    private final Images images;

    private final ShareLinks shares;

    private final Styles styles;

    GalleryActionsController(Images images, ShareLinks shares, Styles styles) {
        this.images = images;
        this.shares = shares;
        this.styles = styles;
    }

    /** {@code back} is the gallery page the star was pressed on, where a browser without JavaScript returns to. */
    @PostMapping("/gallery/{id}/favourite")
    String star(@AuthenticationPrincipal SignedInUser me, @PathVariable String id,
            @RequestParam(required = false) @Nullable String favourite, @RequestParam(required = false) @Nullable String back,
            HttpServletRequest request, Model model) {
        long imageId = PathIds.parse(id);
        Image image = images.setFavourite(me.id(), imageId, "true".equals(favourite));
        String page = GalleryFilters.back(back, "/gallery/" + imageId);
        if (Htmx.isHtmx(request)) {
            model.addAttribute("image", GalleryImage.of(image, styles));
            model.addAttribute("back", page);
            return "gallery/index :: star-answer";
        }
        return "redirect:" + page;
    }

    @PostMapping("/gallery/{id}/share")
    String share(@AuthenticationPrincipal SignedInUser me, @PathVariable String id,
            @ModelAttribute("filters") GalleryFilters filters, @RequestParam(required = false) @Nullable String expiresInDays,
            HttpServletRequest request, Model model, RedirectAttributes redirect) {
        long imageId = PathIds.parse(id);
        ShareLink link = shares.share(me.id(), imageId, days(expiresInDays));
        String note = link.expiresAt() == null ? "Share link created. It works until you revoke it."
                : "Share link created.";
        return answer(me, imageId, filters, note, request, model, redirect);
    }

    @PostMapping("/gallery/{id}/unshare")
    String unshare(@AuthenticationPrincipal SignedInUser me, @PathVariable String id,
            @ModelAttribute("filters") GalleryFilters filters, HttpServletRequest request, Model model,
            RedirectAttributes redirect) {
        long imageId = PathIds.parse(id);
        shares.unshare(me.id(), imageId);
        return answer(me, imageId, filters, "Share link revoked. It no longer opens the image.", request, model, redirect);
    }

    @PostMapping("/gallery/{id}/delete")
    String delete(@AuthenticationPrincipal SignedInUser me, @PathVariable String id,
            @ModelAttribute("filters") GalleryFilters filters, RedirectAttributes redirect) {
        images.delete(me.id(), PathIds.parse(id));
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Deleted the image."));
        return "redirect:" + filters.grid();
    }

    private String answer(SignedInUser me, long imageId, GalleryFilters filters, String note, HttpServletRequest request,
            Model model, RedirectAttributes redirect) {
        if (Htmx.isHtmx(request)) {
            Image image = images.find(me.id(), imageId).orElseThrow(Problem::notFound);
            model.addAttribute("image", GalleryImage.of(image, styles));
            model.addAttribute("share", shares.linkOf(me.id(), imageId).orElse(null));
            model.addAttribute("shareNote", note);
            model.addAttribute("expiryChoices", GalleryPageController.ExpiryChoice.ALL);
            return "gallery/detail :: share";
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success(note));
        return "redirect:" + filters.detail(imageId) + "#share";
    }

    private static @Nullable Integer days(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        }
        catch (NumberFormatException ex) {
            String message = "Choose how long the link works.";
            throw Problem.validation(message, List.of(new FieldProblem("expiresInDays", message)));
        }
    }

}
