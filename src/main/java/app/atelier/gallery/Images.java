package app.atelier.gallery;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.atelier.storage.ImageStore;
import app.atelier.storage.StoredBlob;
import app.atelier.web.Paging;
import app.atelier.web.Problem;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The entry point of the gallery: recording stored images, reading them and their bytes back, and deleting them,
 * always scoped to their owner. Another account's image is treated exactly like one that does not exist.
 */
@Service
public class Images {

    private static final Logger log = LoggerFactory.getLogger(Images.class);

    private final ImageRepository repository;

    private final ImageStore store;

    private final Clock clock;

    Images(ImageRepository repository, ImageStore store, Clock clock) {
        this.repository = repository;
        this.store = store;
        this.clock = clock;
    }

    /** Records an image whose bytes are already durable; joins the caller's transaction (the job's completion). */
    @Transactional
    public Image add(NewImage image) {
        long id = repository.insert(image, clock.instant());
        return repository.find(image.accountId(), id).orElseThrow().image();
    }

    public Optional<Image> find(long accountId, long id) {
        return repository.find(accountId, id).map(ImageRepository.StoredRow::image);
    }

    /** The owner's latest images, newest first, for pages that show recent work. */
    public List<Image> recent(long accountId, int limit) {
        return list(accountId, ImageQuery.ALL, null, Math.min(limit, Paging.MAX_LIMIT)).items();
    }

    /** The owner's images of these generations, oldest first. */
    public List<Image> ofGenerations(long accountId, Collection<Long> generationIds) {
        return repository.ofGenerations(accountId, generationIds).stream().map(ImageRepository.StoredRow::image).toList();
    }

    /**
     * One page of the owner's images matching the query: newest first by keyset, or best match first for a search.
     *
     * @throws Problem {@code 422 validation_failed} for a cursor this server did not hand out or a bad limit
     */
    public ImagePage list(long accountId, ImageQuery query, @Nullable String cursor, @Nullable Integer limit) {
        int size = Paging.limit(limit);
        ImageCursor position = ImageCursor.parse(cursor);
        boolean relevance = query.bestMatchFirst() && PromptSearch.of(query.q()).isPresent();
        if (relevance && position.ranked()) {
            return ranked(accountId, query, position, size);
        }
        return newestFirst(accountId, query, position, size, List.of());
    }

    /** Best match first: a page of the ranked matches, and once they run out, the older matches newest first. */
    private ImagePage ranked(long accountId, ImageQuery query, ImageCursor position, int size) {
        ImageRepository.RankedPage page = repository.ranked(accountId, query, position.snapshot(), position.offset(), size);
        List<Image> items = page.rows().stream().map(ImageRepository.StoredRow::image).toList();
        int seen = position.offset() + items.size();
        if (items.size() == size && seen < page.count()) {
            return new ImagePage(items, ImageCursor.relevance(page.newest(), seen));
        }
        if (!page.more()) {
            return new ImagePage(items, null);
        }
        boolean dated = repository.ordersByDate(query);
        ImageCursor older = new ImageCursor(page.oldest(), Long.MAX_VALUE, 0, dated ? page.oldestCreated() : Long.MAX_VALUE);
        if (items.size() == size) {
            return new ImagePage(items, dated ? ImageCursor.dated(page.oldestCreated(), page.oldest()) : ImageCursor.keyset(page.oldest()));
        }
        return newestFirst(accountId, query, older, size - items.size(), items);
    }

    /** A page newest first after the cursor, following what is already on the page. */
    private ImagePage newestFirst(long accountId, ImageQuery query, ImageCursor position, int size, List<Image> before) {
        List<Image> found = repository.list(accountId, query, position, size).stream().map(ImageRepository.StoredRow::image).toList();
        List<Image> items = before.isEmpty() ? found : java.util.stream.Stream.concat(before.stream(), found.stream()).toList();
        String next = null;
        if (found.size() == size) {
            Image last = found.get(found.size() - 1);
            next = repository.ordersByDate(query) ? ImageCursor.dated(last.createdAt().toEpochMilli(), last.id())
                    : ImageCursor.keyset(last.id());
        }
        return new ImagePage(items, next);
    }

    /**
     * The images before and after one of the owner's images in the listing for the query, for stepping through it one
     * by one: newer and older when newest first, better and worse matches when best match first. Only the owner's
     * images are listed; the image itself is not looked up, so check first that it is the owner's.
     */
    public ImageNeighbours neighbours(long accountId, ImageQuery query, long id) {
        return repository.neighbours(accountId, query, id);
    }

    /**
     * Stars or unstars one of the owner's images.
     *
     * @throws Problem {@code 404 not_found} when the owner has no such image
     */
    public Image setFavourite(long accountId, long id, boolean favourite) {
        if (!repository.setFavourite(accountId, id, favourite)) {
            throw Problem.notFound();
        }
        return find(accountId, id).orElseThrow(Problem::notFound);
    }

    /** The bytes of one of the owner's images, for {@code ImageResponses.serve}; empty when the owner has no such image. */
    public Optional<StoredBlob> content(long accountId, long id) {
        return repository.find(accountId, id).flatMap(row -> open(row, row.storageKey()));
    }

    /** The thumbnail of one of the owner's images (longest side at most 512 px); empty when the owner has no such image. */
    public Optional<StoredBlob> thumbnail(long accountId, long id) {
        return repository.find(accountId, id).flatMap(row -> open(row, row.thumbnailKey()));
    }

    /**
     * Deletes one of the owner's images, and its bytes and thumbnail unless another row (of any account) shares them.
     * The bytes go only after the transaction commits, so a rollback never leaves a row without its bytes. A failure
     * to delete them is logged and left to {@link OrphanSweep}, which also catches the rare case of two concurrent
     * deletions of rows sharing bytes on PostgreSQL, where neither sees the other's deletion and both keep the bytes.
     * The store shares no lock with the database: equal bytes stored again for a new row while this deletion commits
     * would lose their file. Generated images are practically never byte-identical, so this is accepted.
     *
     * @throws Problem {@code 404 not_found} when the owner has no such image
     */
    @Transactional
    public void delete(long accountId, long id) {
        ImageRepository.StoredRow row = repository.find(accountId, id).orElseThrow(Problem::notFound);
        if (!repository.delete(accountId, id)) {
            throw Problem.notFound();
        }
        if (!repository.isReferenced(row.storageKey())) {
            afterCommit(() -> deleteBytes(row.storageKey()));
        }
    }

    /**
     * Deletes several of the owner's images in one transaction: all of them, or none when one is not the owner's.
     *
     * @return how many were deleted (repeated ids count once)
     * @throws Problem {@code 404 not_found} when the owner has no image with one of the ids
     */
    @Transactional
    public int deleteAll(long accountId, Collection<Long> ids) {
        Set<Long> unique = new LinkedHashSet<>(ids);
        for (long id : unique) {
            repository.find(accountId, id).orElseThrow(Problem::notFound);
        }
        for (long id : unique) {
            delete(accountId, id);
        }
        return unique.size();
    }

    private Optional<StoredBlob> open(ImageRepository.StoredRow row, String key) {
        Optional<StoredBlob> blob = store.open(key);
        if (blob.isEmpty()) {
            log.warn("Image {} has no stored bytes under {}", row.image().id(), key);
        }
        return blob;
    }

    private void deleteBytes(String key) {
        try {
            store.delete(key);
        }
        catch (RuntimeException ex) {
            log.warn("Could not delete the bytes of a deleted image ({}); the orphan sweep will try again", key, ex);
        }
    }

    /** Runs the action once the current transaction has committed, or now when there is none. */
    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

}
