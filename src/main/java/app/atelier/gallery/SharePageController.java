package app.atelier.gallery;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.atelier.storage.ImageResponses;
import app.atelier.web.Problem;
import app.atelier.web.PublicUrl;

import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The public side of share links, no sign-in needed: {@code /s/{token}} (the image, its prompt and Open Graph tags,
 * nothing about its owner) and {@code /s/{token}/image} (the bytes). Revoked, expired and unknown links are one 404.
 */
@Controller
class SharePageController {

    private final ShareLinks shares;

    private final PublicUrl publicUrl;

    SharePageController(ShareLinks shares, PublicUrl publicUrl) {
        this.shares = shares;
        this.publicUrl = publicUrl;
    }

    @GetMapping("/s/{token}")
    String page(@PathVariable String token, Model model, HttpServletResponse response) {
        ShareLinks.SharedImage image = shares.open(token).orElseThrow(Problem::notFound);
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Robots-Tag", "noindex");
        model.addAttribute("image", image);
        model.addAttribute("pageUrl", publicUrl.of("/s/" + token));
        model.addAttribute("imageUrl", publicUrl.of(image.imagePath()));
        model.addAttribute("title", title(image.prompt()));
        return "share/page";
    }

    @GetMapping("/s/{token}/image")
    ResponseEntity<Resource> image(@PathVariable String token, HttpServletRequest request) {
        ShareLinks.SharedImage image = shares.open(token).orElseThrow(Problem::notFound);
        return ImageResponses.serve(shares.bytes(image).orElseThrow(Problem::notFound), request,
                CacheControl.noCache().cachePrivate());
    }

    static String title(String prompt) {
        String line = prompt.strip().replaceAll("\\s+", " ");
        return line.length() > 70 ? line.substring(0, 69) + "…" : line;
    }

}
