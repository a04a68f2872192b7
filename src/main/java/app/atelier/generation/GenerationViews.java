package app.atelier.generation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import app.atelier.gallery.Image;
import app.atelier.gallery.Images;

import org.springframework.stereotype.Component;

/** Jobs as their owners see them: a row plus its images, read for many jobs in one query. */
@Component
class GenerationViews {

    private final JobRepository jobs;

    private final Images images;

    GenerationViews(JobRepository jobs, Images images) {
        this.jobs = jobs;
        this.images = images;
    }

    Optional<Generation> find(long accountId, long id) {
        return jobs.find(accountId, id).map(job -> of(List.of(job)).get(0));
    }

    /** Several jobs of one owner, in the given order. */
    List<Generation> of(List<Job> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        long accountId = page.get(0).accountId();
        List<Long> finished = page.stream().filter(job -> job.status() == GenerationStatus.SUCCEEDED).map(Job::id).toList();
        Map<Long, List<Image>> byJob = images.ofGenerations(accountId, finished)
            .stream()
            .collect(Collectors.groupingBy(Image::generationId));
        return page.stream().map(job -> view(job, byJob.getOrDefault(job.id(), List.of()))).toList();
    }

    private static Generation view(Job job, List<Image> images) {
        GenerationError error = job.errorCode() == null ? null
                : new GenerationError(job.errorCode(), job.errorMessage() == null ? "" : job.errorMessage());
        return new Generation(job.id(), job.accountId(), job.status(), job.prompt(), job.provider(), job.aspectRatio(),
                job.style(), job.count(), job.createdAt(), job.startedAt(), job.finishedAt(), images, error,
                job.ratioEmulated());
    }

}
