package app.atelier.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This instance's share of the queue. One dispatcher thread claims queued jobs while there are free slots (at once
 * when a job is submitted here, every {@code poll-interval} otherwise), runs each on its own thread (virtual on JDK 21+
 * with {@code spring.threads.virtual.enabled}), renews their leases, and puts jobs whose worker died back in the
 * queue. On shutdown it stops claiming, lets running jobs finish for {@code shutdown-timeout} and requeues the rest.
 */
@Component
class Worker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final JobRepository jobs;

    private final JobRunner runner;

    private final GenerationEvents events;

    private final GenerationProperties properties;

    private final Clock clock;

    private final TransactionTemplate transaction;

    private final LeaseRecovery recovery;

    private final SimpleAsyncTaskExecutor threads;

    /** This instance's name as a lease owner. */
    private final String owner = "worker-" + UUID.randomUUID();

    private final Semaphore slots;

    private final Semaphore wakeUp = new Semaphore(0);

    /** The jobs this instance runs, from claim to end, with their thread once it started. */
    private final Map<Long, RunningJob> running = new ConcurrentHashMap<>();

    private volatile boolean active;

    private volatile boolean stopping;

    private @Nullable Thread dispatcher;

    private Instant nextRenewal = Instant.EPOCH;

    private Instant nextSweep = Instant.EPOCH;

    Worker(JobRepository jobs, JobRunner runner, GenerationEvents events, GenerationProperties properties, Clock clock,
            PlatformTransactionManager transactions, LeaseRecovery recovery, Environment environment, MeterRegistry meters) {
        this.jobs = jobs;
        this.runner = runner;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
        this.recovery = recovery;
        this.slots = new Semaphore(properties.concurrency());
        this.threads = new SimpleAsyncTaskExecutor("generation-");
        this.threads.setVirtualThreads(Runtime.version().feature() >= 21
                && environment.getProperty("spring.threads.virtual.enabled", Boolean.class, false));
        Gauge.builder("atelier.generation.queued", jobs, repository -> repository.countByStatus(GenerationStatus.QUEUED))
            .description("Generations waiting in the queue, on every instance")
            .register(meters);
        Gauge.builder("atelier.generation.running", running, Map::size)
            .description("Generations this instance is running")
            .register(meters);
    }

    String owner() {
        return owner;
    }

    /** A job was submitted here: claim it now instead of at the next poll. */
    void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    @Override
    public void start() {
        if (!properties.workerEnabled()) {
            log.info("Generation worker is off here (atelier.generation.worker-enabled=false); other instances run the queue");
            return;
        }
        active = true;
        stopping = false;
        Thread thread = new Thread(this::dispatch, "generation-dispatcher");
        thread.setDaemon(true);
        dispatcher = thread;
        thread.start();
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    @Override
    public void stop() {
        if (!active) {
            return;
        }
        stopping = true;
        wake();
        Thread thread = dispatcher;
        if (thread != null) {
            join(thread, Duration.ofSeconds(10));
        }
        waitForRunningJobs(properties.shutdownTimeout());
        List<Long> requeued = transaction.execute(status -> jobs.requeueOwned(List.copyOf(running.keySet()), owner));
        if (requeued != null && !requeued.isEmpty()) {
            log.info("Shutting down: {} running generations go back to the queue", requeued.size());
            requeued.forEach(events::changed);
        }
        running.values().forEach(RunningJob::abandon);
        active = false;
    }

    /** Interrupts this instance's thread for a job, if it runs one (its cancellation is already written). */
    void interrupt(long jobId) {
        RunningJob job = running.get(jobId);
        if (job != null) {
            job.abandon();
        }
    }

    int runningHere() {
        return running.size();
    }

    private void dispatch() {
        while (!stopping) {
            try {
                claimAndStart();
                housekeeping();
                wakeUp.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (RuntimeException ex) {
                log.warn("The generation dispatcher hit an error; it carries on after {}", properties.pollInterval(), ex);
                sleep(properties.pollInterval());
            }
        }
    }

    private void claimAndStart() {
        int free = slots.availablePermits();
        while (free > 0 && !stopping) {
            int wanted = Math.min(free, 50);
            List<Job> claimed = transaction.execute(status -> {
                List<Long> ids = jobs.oldestQueued(wanted);
                if (ids.isEmpty()) {
                    return List.<Job>of();
                }
                // read after the jobs were seen, so that a job never starts before it was created
                Instant now = clock.instant();
                jobs.markClaimed(ids, owner, now.plus(properties.lease()), now);
                return jobs.findAll(ids).stream().filter(job -> owner.equals(job.leaseOwner())).toList();
            });
            if (claimed == null || claimed.isEmpty()) {
                return;
            }
            claimed.stream().sorted(Comparator.comparingLong(Job::id)).forEach(this::start);
            free = slots.availablePermits();
        }
    }

    private void start(Job job) {
        slots.acquireUninterruptibly();
        RunningJob here = new RunningJob();
        running.put(job.id(), here);
        threads.execute(() -> {
            here.startedOn(Thread.currentThread());
            try {
                runner.run(job, owner);
            }
            catch (RuntimeException ex) {
                log.error("Generation {} escaped its runner", job.id(), ex);
            }
            finally {
                running.remove(job.id());
                here.finished();
                slots.release();
                wake();
            }
        });
    }

    /** Renews this instance's leases, interrupts jobs that are no longer its own, and requeues jobs whose worker died. */
    private void housekeeping() {
        Instant now = clock.instant();
        renewLeases(now);
        if (!now.isBefore(nextSweep)) {
            nextSweep = now.plus(properties.pollInterval());
            recovery.recoverExpiredLeases();
        }
    }

    private void renewLeases(Instant now) {
        if (now.isBefore(nextRenewal)) {
            return;
        }
        nextRenewal = now.plus(properties.renewEvery());
        List<Long> mine = List.copyOf(running.keySet());
        if (!mine.isEmpty()) {
            jobs.renew(mine, owner, now.plus(properties.lease()));
            jobs.lost(mine, owner).forEach(this::interrupt);
        }
    }

    private void waitForRunningJobs(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        if (!running.isEmpty()) {
            log.info("Shutting down: waiting up to {} for {} running generations", timeout, running.size());
        }
        while (running.values().stream().anyMatch(RunningJob::stillOurs) && Instant.now().isBefore(deadline)) {
            renewLeases(clock.instant());
            sleep(Duration.ofMillis(50));
        }
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A job claimed here; its thread is known once it started, and is interrupted only while it runs the job. An
     * abandoned job (cancelled, taken over, or requeued at shutdown) may still be unwinding, but shutdown need not wait
     * for it: nothing it does can change the job any more.
     */
    private static final class RunningJob {

        private @Nullable Thread thread;

        private volatile boolean abandoned;

        synchronized void startedOn(Thread thread) {
            this.thread = thread;
            if (abandoned) {
                thread.interrupt();
            }
        }

        synchronized void abandon() {
            abandoned = true;
            if (thread != null) {
                thread.interrupt();
            }
        }

        boolean stillOurs() {
            return !abandoned;
        }

        synchronized void finished() {
            thread = null;
            Thread.interrupted();
        }

    }

}
