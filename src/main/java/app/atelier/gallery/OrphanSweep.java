package app.atelier.gallery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.atelier.account.AccountDeleted;
import app.atelier.storage.ImageStore;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Deletes stored image files that no image row references. Rows are the truth; files can outlive them when an account
 * is deleted (its rows go by cascade, and {@link AccountDeleted} comes after they are gone, so their keys are no longer
 * known), when a generation stores bytes and then fails to commit its row, or when deleting a file after a commit
 * failed. So the sweep walks the whole store and asks the database about every file, in batches.
 * <p>
 * Only files stored more than {@code min-age} ago are considered: a worker stores the bytes first and commits the row
 * that points at them afterwards, and storing equal bytes again renews their time. It runs every {@code interval},
 * and right after an account's deletion commits, so that its images leave the disk at once (those stored within
 * {@code min-age} at the next run). Equal bytes stored again in the moment between a file's check and its deletion
 * would lose their file: a window of milliseconds, for bytes identical to an orphan's, accepted.
 */
@Component
class OrphanSweep implements SchedulingConfigurer {

    static final int BATCH_SIZE = 500;

    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

    private final ImageRepository repository;

    private final ImageStore store;

    private final Clock clock;

    private final OrphanSweepProperties properties;

    private final int batchSize;

    private final AtomicBoolean running = new AtomicBoolean();

    /** A sweep asked for while one runs: the running one goes round once more, so no request is lost. */
    private final AtomicBoolean requested = new AtomicBoolean();

    @Autowired
    OrphanSweep(ImageRepository repository, ImageStore store, Clock clock, OrphanSweepProperties properties) {
        this(repository, store, clock, properties, BATCH_SIZE);
    }

    OrphanSweep(ImageRepository repository, ImageStore store, Clock clock, OrphanSweepProperties properties, int batchSize) {
        this.repository = repository;
        this.store = store;
        this.clock = clock;
        this.properties = properties;
        this.batchSize = batchSize;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (properties.enabled()) {
            registrar.addFixedDelayTask(new FixedDelayTask(this::sweep, properties.interval(), properties.interval()));
        }
    }

    @Async
    @TransactionalEventListener(fallbackExecution = true)
    void accountDeleted(AccountDeleted event) {
        if (properties.enabled()) {
            sweep();
        }
    }

    /** Sweeps the store now (or makes the sweep running in this process go once more); the number of keys deleted. */
    int sweep() {
        requested.set(true);
        int deleted = 0;
        do {
            if (!running.compareAndSet(false, true)) {
                return deleted;
            }
            try {
                while (requested.getAndSet(false)) {
                    deleted += sweepOnce();
                }
            }
            finally {
                running.set(false);
            }
        }
        while (requested.get());
        return deleted;
    }

    private int sweepOnce() {
        Instant storedBefore = clock.instant().minus(properties.minAge());
        int deleted = 0;
        try (Stream<String> keys = store.keysStoredBefore(storedBefore)) {
            Iterator<String> iterator = keys.iterator();
            List<String> batch = new ArrayList<>(batchSize);
            while (iterator.hasNext()) {
                batch.add(iterator.next());
                if (batch.size() == batchSize || !iterator.hasNext()) {
                    deleted += deleteUnreferenced(batch);
                    batch.clear();
                }
            }
        }
        if (deleted > 0) {
            log.info("Deleted {} stored images or thumbnails that no image row references", deleted);
        }
        return deleted;
    }

    private int deleteUnreferenced(List<String> keys) {
        Set<String> referenced = repository.referencedKeys(keys);
        int deleted = 0;
        for (String key : keys) {
            if (!referenced.contains(key)) {
                store.delete(key);
                deleted++;
            }
        }
        return deleted;
    }

}
