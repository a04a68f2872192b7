package app.atelier.generation;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Who watches which job on this instance, and the news for them. A change made here is announced at once; changes
 * made by another instance reach watchers through {@link GenerationWatch}'s polling.
 */
@Component
class GenerationEvents {

    private static final Logger log = LoggerFactory.getLogger(GenerationEvents.class);

    private final Map<Long, Set<Consumer<Generation>>> watchers = new ConcurrentHashMap<>();

    private final JobRepository jobs;

    private final GenerationViews views;

    GenerationEvents(JobRepository jobs, GenerationViews views) {
        this.jobs = jobs;
        this.views = views;
    }

    /** Starts telling {@code watcher} about the job; returns what stops it. */
    Runnable watch(long jobId, Consumer<Generation> watcher) {
        watchers.computeIfAbsent(jobId, id -> new CopyOnWriteArraySet<>()).add(watcher);
        return () -> watchers.computeIfPresent(jobId, (id, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    Set<Long> watchedJobs() {
        return Set.copyOf(watchers.keySet());
    }

    /** The job changed: reads it once and tells everyone who watches it. Costs nothing when nobody does. */
    void changed(long jobId) {
        Set<Consumer<Generation>> set = watchers.get(jobId);
        if (set == null || set.isEmpty()) {
            return;
        }
        Optional<Generation> generation = jobs.findById(jobId).flatMap(job -> views.find(job.accountId(), jobId));
        generation.ifPresent(this::tell);
    }

    void tell(Generation generation) {
        Set<Consumer<Generation>> set = watchers.get(generation.id());
        if (set == null) {
            return;
        }
        for (Consumer<Generation> watcher : set) {
            try {
                watcher.accept(generation);
            }
            catch (RuntimeException ex) {
                log.debug("A watcher of generation {} failed; it is dropped", generation.id(), ex);
            }
        }
    }

}
