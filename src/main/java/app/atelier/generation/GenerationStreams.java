package app.atelier.generation;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of a generation's progress: the current state at once (so a reconnecting page catches up), then
 * one {@code status} event per change, the last one terminal. Changes made on this instance arrive at once; every
 * {@code poll-interval} the watched jobs are also read back, for changes made by another instance. A quiet stream gets
 * a comment every {@value #KEEP_ALIVE_SECONDS} s so that proxies keep it open and dead clients are noticed.
 */
@Component
class GenerationStreams {

    static final long KEEP_ALIVE_SECONDS = 15;

    /** A page watches one generation for at most this long; EventSource reconnects by itself after. */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(15);

    private final GenerationEvents events;

    private final JobRepository jobs;

    private final GenerationViews views;

    private final Clock clock;

    GenerationStreams(GenerationEvents events, JobRepository jobs, GenerationViews views, Clock clock) {
        this.events = events;
        this.jobs = jobs;
        this.views = views;
        this.clock = clock;
    }

    SseEmitter open(Generation generation) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        Stream stream = new Stream(emitter);
        Runnable unwatch = events.watch(generation.id(), stream::send);
        emitter.onCompletion(unwatch);
        emitter.onTimeout(unwatch);
        emitter.onError(error -> unwatch.run());
        stream.send(views.find(generation.accountId(), generation.id()).orElse(generation));
        return emitter;
    }

    @Scheduled(fixedDelayString = "${atelier.generation.poll-interval:2s}")
    void refreshWatched() {
        Set<Long> watched = events.watchedJobs();
        if (watched.isEmpty()) {
            return;
        }
        List<Job> rows = jobs.findAll(watched);
        rows.stream()
            .collect(java.util.stream.Collectors.groupingBy(Job::accountId))
            .values()
            .forEach(owned -> views.of(owned).forEach(events::tell));
    }

    private final class Stream {

        private final SseEmitter emitter;

        private @Nullable GenerationStatus sent;

        private Instant lastWrite = Instant.EPOCH;

        private boolean closed;

        Stream(SseEmitter emitter) {
            this.emitter = emitter;
        }

        synchronized void send(Generation generation) {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            try {
                if (generation.status() != sent) {
                    sent = generation.status();
                    emitter.send(SseEmitter.event()
                        .name("status")
                        .id(generation.status().id())
                        .data(GenerationJson.of(generation, now), MediaType.APPLICATION_JSON));
                    lastWrite = now;
                    if (generation.status().terminal()) {
                        closed = true;
                        emitter.complete();
                    }
                }
                else if (Duration.between(lastWrite, now).getSeconds() >= KEEP_ALIVE_SECONDS) {
                    emitter.send(SseEmitter.event().comment("still " + generation.status().id()));
                    lastWrite = now;
                }
            }
            catch (IOException | IllegalStateException ex) {
                closed = true;
                emitter.completeWithError(ex);
            }
        }

    }

}
