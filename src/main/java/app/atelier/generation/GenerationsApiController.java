package app.atelier.generation;

import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import app.atelier.web.FieldProblem;
import app.atelier.web.PathIds;
import app.atelier.web.Problem;
import app.atelier.web.SignedInUser;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code /api/v1/generations}: submit, read, list, watch and cancel the caller's generations. */
@RestController
class GenerationsApiController {

    private final Generations generations;

    private final GenerationStreams streams;

    private final Clock clock;

    GenerationsApiController(Generations generations, GenerationStreams streams, Clock clock) {
        this.generations = generations;
        this.streams = streams;
        this.clock = clock;
    }

    @PostMapping("/api/v1/generations")
    ResponseEntity<GenerationJson> submit(@AuthenticationPrincipal SignedInUser me, @RequestBody @Nullable GenerationRequest body) {
        GenerationRequest request = body == null ? new GenerationRequest(null, null, null, null, null) : body;
        Generation generation = generations.submit(me.id(), request);
        return ResponseEntity.accepted()
            .location(URI.create("/api/v1/generations/" + generation.id()))
            .body(GenerationJson.of(generation, clock.instant()));
    }

    @GetMapping("/api/v1/generations/{id}")
    GenerationJson one(@AuthenticationPrincipal SignedInUser me, @PathVariable String id) {
        return GenerationJson.of(generations.find(me.id(), PathIds.parse(id)).orElseThrow(Problem::notFound), clock.instant());
    }

    @GetMapping("/api/v1/generations")
    GenerationListJson list(@AuthenticationPrincipal SignedInUser me, @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor, @RequestParam(required = false) @Nullable String status) {
        GenerationPage page = generations.page(me.id(), statusesOf(status), cursor, limit);
        return new GenerationListJson(page.items().stream().map(generation -> GenerationJson.of(generation, clock.instant())).toList(),
                page.nextCursor());
    }

    @GetMapping(path = "/api/v1/generations/{id}/events", produces = "text/event-stream")
    SseEmitter events(@AuthenticationPrincipal SignedInUser me, @PathVariable String id) {
        return streams.open(generations.find(me.id(), PathIds.parse(id)).orElseThrow(Problem::notFound));
    }

    @DeleteMapping("/api/v1/generations/{id}")
    ResponseEntity<GenerationJson> cancel(@AuthenticationPrincipal SignedInUser me, @PathVariable String id) {
        return ResponseEntity.accepted().body(GenerationJson.of(generations.cancel(me.id(), PathIds.parse(id)), clock.instant()));
    }


    /** {@code status=failed} or several, {@code status=queued,running}; absent or empty means every status. */
    static Set<GenerationStatus> statusesOf(@Nullable String status) {
        Set<GenerationStatus> statuses = EnumSet.noneOf(GenerationStatus.class);
        if (status == null) {
            return statuses;
        }
        for (String id : status.split(",")) {
            if (id.isBlank()) {
                continue;
            }
            statuses.add(GenerationStatus.find(id.strip()).orElseThrow(() -> {
                String message = "status must be queued, running, succeeded, failed or cancelled, or several of them separated by commas.";
                return Problem.validation(message, List.of(new FieldProblem("status", message)));
            }));
        }
        return statuses;
    }

    record GenerationListJson(List<GenerationJson> items, @Nullable String nextCursor) {
    }

}
