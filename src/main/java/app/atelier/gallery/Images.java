package app.atelier.gallery;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The entry point of the gallery: recording stored images and reading them back, always scoped to their owner. */
@Service
public class Images {

    private final ImageRepository repository;

    private final Clock clock;

    Images(ImageRepository repository, Clock clock) {
        this.repository = repository;
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

    /** The owner's images of these generations, oldest first. */
    public List<Image> ofGenerations(long accountId, Collection<Long> generationIds) {
        return repository.ofGenerations(accountId, generationIds).stream().map(ImageRepository.StoredRow::image).toList();
    }

}
