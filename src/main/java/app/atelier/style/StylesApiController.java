package app.atelier.style;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/styles}: the presets a generation's {@code style} may name, in the file's order. */
@RestController
class StylesApiController {

    private final Styles styles;

    StylesApiController(Styles styles) {
        this.styles = styles;
    }

    @GetMapping("/api/v1/styles")
    StyleListJson list() {
        return new StyleListJson(styles.list().stream()
            .map(style -> new StyleJson(style.id(), style.name(), style.group(), styles.groupOf(style).name()))
            .toList());
    }

    record StyleListJson(List<StyleJson> items) {
    }

    /** The prompt suffix stays on the server; {@code groupName} is an addition to the contract's item for grouped pickers. */
    record StyleJson(String id, String name, String group, String groupName) {
    }

}
