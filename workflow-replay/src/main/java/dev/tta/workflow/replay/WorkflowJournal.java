package dev.tta.workflow.replay;

import dev.tta.workflow.spi.Execution;
import dev.tta.workflow.spi.ExecutionObserver;
import dev.tta.workflow.spi.ExecutionObservers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the runs of chosen workflows: for every execution its path in the tree, name and kind, input, and output
 * or failure, with every decision the library made (a route, a retry's delay, a cache hit, a timeout expiring...),
 * so that {@link WorkflowReplay} can replay a run offline. Off unless started; nothing is recorded for other
 * workflows.
 *
 * <pre>{@code
 * try (WorkflowJournal journal = WorkflowJournal.builder()
 *         .workflows("support-agent")
 *         .store(JournalStore.directory(Path.of("journals")))
 *         .start()) {
 *     ...   // runs of support-agent that fail (or are slow) are written to journals/, one JSON-lines file each
 * }
 * }</pre>
 *
 * <p><b>Privacy.</b> Values are serialised with Jackson by their runtime class, and masked before anything is
 * written: properties and map keys named like secrets ({@code password}, {@code token}, {@code secret},
 * {@code authorization}, {@code apiKey}, {@code cookie}... and those added with {@link Builder#mask}) and values
 * marked {@link dev.tta.workflow.annotations.Sensitive} become {@code "***"}. A value larger than
 * {@link Builder#maxValueBytes} is replaced by a marker with its size and SHA-256; once a run's journal holds
 * {@link Builder#maxRunBytes}, further values are left out with a marker. A value that does not serialise is
 * recorded as a marker that says why. Exception stacks are never recorded, only class and message.
 *
 * <p><b>Cost.</b> While no journal is started, executions pay nothing. While one is, every execution of every
 * workflow pays for the observer's look at it (a field or two), and recorded ones for serialising their input and
 * output on their own thread; storing happens on a background thread.
 *
 * <p>Thread-safe. A run is recorded by the journal that was started when it began.
 */
public final class WorkflowJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowJournal.class);
    /** How long a run's journal waits, after its first execution ended, for executions it left running. */
    private static final long STRAGGLER_WAIT_MILLIS = 2_000;

    private final Set<String> workflows;
    private final JournalStore store;
    private final Retention retention;
    private final JsonValues values;
    private final Set<String> masked;
    private final long maxRunBytes;
    private final int keepRecent;
    private final ArrayDeque<RunJournal> recent = new ArrayDeque<>();
    private final ScheduledExecutorService writer;
    private final List<Future<?>> pending = new ArrayList<>();
    private final ExecutionObservers.Registration registration;

    private WorkflowJournal(Builder builder) {
        this.workflows = Set.copyOf(builder.workflows);
        this.store = builder.store;
        this.retention = builder.retention;
        Set<String> extra = new HashSet<>();
        for (String name : builder.masked) {
            extra.add(Masking.normalise(name));
        }
        this.masked = Set.copyOf(extra);
        this.values = new JsonValues(Masking.withExtra(masked), builder.maxValueBytes);
        this.maxRunBytes = builder.maxRunBytes;
        this.keepRecent = builder.keepRecent;
        this.writer = Executors.newSingleThreadScheduledExecutor(daemon("tta-workflow-journal"));
        this.registration = ExecutionObservers.register(new Recorder());
    }

    /**
     * A builder; nothing is recorded until {@link Builder#start()}.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a journal from configuration, if it asks for one: the system property {@code tta.workflow.journal}
     * (or the environment variable {@code TTA_WORKFLOW_JOURNAL}) names the workflows to record, comma-separated,
     * or {@code *} for all; {@code tta.workflow.journal.dir} ({@code TTA_WORKFLOW_JOURNAL_DIR}, default
     * {@code journals}) is where their files go; {@code tta.workflow.journal.retention}
     * ({@code TTA_WORKFLOW_JOURNAL_RETENTION}) is {@code all}, {@code failed}, {@code slow:<milliseconds>} for
     * failed runs and runs slower than that, or {@code tail:<milliseconds>} for what the tail sampler keeps with that
     * slow threshold (the default, {@code tail:2000}).
     *
     * @return the started journal, or empty when the configuration names no workflow
     * @throws IllegalArgumentException if the retention is not one of those
     */
    public static Optional<WorkflowJournal> startFromConfiguration() {
        String names = setting("tta.workflow.journal");
        if (names == null || names.isBlank()) {
            return Optional.empty();
        }
        Builder builder = builder();
        if (names.trim().equals("*")) {
            builder.allWorkflows();
        } else {
            builder.workflows(Arrays.stream(names.split(",")).map(String::trim).filter(name -> !name.isEmpty())
                    .toArray(String[]::new));
        }
        String dir = setting("tta.workflow.journal.dir");
        builder.store(JournalStore.directory(Path.of(dir == null || dir.isBlank() ? "journals" : dir.trim())));
        String retention = setting("tta.workflow.journal.retention");
        if (retention != null && !retention.isBlank()) {
            builder.retention(parseRetention(retention.trim()));
        }
        return Optional.of(builder.start());
    }

    static Retention parseRetention(String text) {
        String value = text.toLowerCase(Locale.ROOT);
        if (value.equals("all")) {
            return Retention.all();
        }
        if (value.equals("failed")) {
            return Retention.failed();
        }
        try {
            if (value.startsWith("slow:")) {
                return Retention.failedOrSlowerThan(Duration.ofMillis(Long.parseLong(value.substring(5))));
            }
            if (value.startsWith("tail:")) {
                return Retention.likeTailSampling(Duration.ofMillis(Long.parseLong(value.substring(5))));
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("journal retention must be all, failed, slow:<milliseconds> or "
                + "tail:<milliseconds>, was '" + text + "'");
    }

    private static String setting(String property) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_'));
    }

    /**
     * The journals kept most recently, in memory, oldest first (as many as {@link Builder#keepRecent}).
     *
     * @return a snapshot
     */
    public List<RunJournal> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /**
     * Waits until the journals of the runs that have ended are stored.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void flush() throws InterruptedException {
        // Runs that left executions running are stored after a wait: let those waits pass first.
        Future<?> marker = writer.schedule(() -> { }, 0, TimeUnit.MILLISECONDS);
        List<Future<?>> waiting;
        synchronized (pending) {
            waiting = new ArrayList<>(pending);
        }
        for (Future<?> future : waiting) {
            try {
                future.get();
            } catch (ExecutionException | CancellationException ignored) {
                // reported where it failed
            }
        }
        try {
            marker.get();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Stops recording (runs under way are still completed and stored) and stores what is pending. */
    @Override
    public void close() {
        registration.close();
        try {
            flush();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        writer.shutdown();
    }

    /** A run's first execution and its last one have ended (or the wait for stragglers is over). */
    private void complete(Recording run) {
        RunJournal journal = run.finish();
        if (journal == null) {
            return;
        }
        boolean keep;
        try {
            keep = retention.keep(journal);
        } catch (RuntimeException failure) {
            LOG.warn("journal retention failed on run {}; the journal is kept", journal.workflowId(), failure);
            keep = true;
        }
        if (!keep) {
            return;
        }
        synchronized (recent) {
            recent.addLast(journal);
            while (recent.size() > keepRecent) {
                recent.removeFirst();
            }
        }
        if (store != null) {
            track(writer.submit(() -> save(journal)));
        }
    }

    private void save(RunJournal journal) {
        try {
            store.save(journal);
        } catch (Exception | LinkageError failure) {
            LOG.warn("could not store the journal of run {} of {} in {}", journal.workflowId(),
                    journal.workflowName(), store, failure);
        }
    }

    private void track(Future<?> future) {
        synchronized (pending) {
            pending.removeIf(Future::isDone);
            pending.add(future);
        }
    }

    private boolean records(String workflowName) {
        return workflowName != null && (workflows.isEmpty() || workflows.contains(workflowName));
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The observer: a node per execution of a recorded run, the journal completed when the run's last one ends. */
    private final class Recorder implements ExecutionObserver {

        @Override
        public Object onStart(Execution execution) {
            if (execution.context() == null || execution.replaying()) {
                // An observed method runs inside a step that is recorded already; a replay records its own run.
                return null;
            }
            Execution parent = execution.parent();
            if (parent == null) {
                if (!records(execution.workflowName())) {
                    return null;
                }
                return new Recording(execution, null, values, masked, maxRunBytes).root(execution);
            }
            Object parentState = parent.observerState(this);
            return parentState instanceof Recording.Node node ? node.run().child(node, execution) : null;
        }

        @Override
        public void onDecision(Execution execution, Object state, String kind, String value) {
            if (state instanceof Recording.Node node) {
                node.decided(kind, value);
            }
        }

        @Override
        public void onEnd(Execution execution, Object state) {
            if (!(state instanceof Recording.Node node)) {
                return;
            }
            node.end(execution, false);
            Recording run = node.run();
            if (run.ended(node)) {
                complete(run);
            } else if (node.parent() == null) {
                // Executions it left running (a step a timeout gave up on) get a little time to end.
                track(writer.schedule(() -> complete(run), STRAGGLER_WAIT_MILLIS, TimeUnit.MILLISECONDS));
            }
        }

        @Override
        public String toString() {
            return "WorkflowJournal" + (workflows.isEmpty() ? "[all workflows]" : workflows);
        }
    }

    /** Configures a {@link WorkflowJournal}. Not thread-safe. */
    public static final class Builder {
        private final Set<String> workflows = new HashSet<>();
        private boolean all;
        private JournalStore store;
        private Retention retention = Retention.likeTailSampling(Duration.ofSeconds(2));
        private final Set<String> masked = new HashSet<>();
        private int maxValueBytes = 64 * 1024;
        private long maxRunBytes = 1024 * 1024;
        private int keepRecent = 16;

        private Builder() {
        }

        /**
         * The workflows to record, by the name their runs start with.
         *
         * @param names workflow names
         * @return this builder
         * @throws IllegalArgumentException if a name is blank
         */
        public Builder workflows(String... names) {
            for (String name : names) {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("workflow names must not be null or blank");
                }
                workflows.add(name);
            }
            return this;
        }

        /**
         * Records every workflow.
         *
         * @return this builder
         */
        public Builder allWorkflows() {
            all = true;
            return this;
        }

        /**
         * Where kept journals go. Without one they are only kept in memory ({@link WorkflowJournal#recent()}).
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(JournalStore store) {
            this.store = Objects.requireNonNull(store, "store must not be null");
            return this;
        }

        /**
         * Which runs are kept; by default those the tail sampler keeps ({@link Retention#likeTailSampling}, slower than
         * two seconds).
         *
         * @param retention the retention
         * @return this builder
         */
        public Builder retention(Retention retention) {
            this.retention = Objects.requireNonNull(retention, "retention must not be null");
            return this;
        }

        /**
         * More property and map-key names to mask, besides the default deny-list.
         *
         * @param names names, compared without case and separators
         * @return this builder
         * @throws IllegalArgumentException if a name has no letter or digit
         */
        public Builder mask(String... names) {
            for (String name : names) {
                if (name == null || Masking.normalise(name).isEmpty()) {
                    throw new IllegalArgumentException("a masked name needs a letter or digit, was '" + name + "'");
                }
                masked.add(name);
            }
            return this;
        }

        /**
         * The largest serialised value recorded in full (64 KiB by default); larger ones become a marker with their
         * size and SHA-256.
         *
         * @param bytes the bound
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxValueBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxValueBytes must be positive, was " + bytes);
            }
            this.maxValueBytes = bytes;
            return this;
        }

        /**
         * The most value bytes one run's journal holds (1 MiB by default); later values become markers.
         *
         * @param bytes the bound
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxRunBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxRunBytes must be positive, was " + bytes);
            }
            this.maxRunBytes = bytes;
            return this;
        }

        /**
         * How many kept journals {@link WorkflowJournal#recent()} holds (16 by default).
         *
         * @param journals the count, 0 for none
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder keepRecent(int journals) {
            if (journals < 0) {
                throw new IllegalArgumentException("keepRecent must not be negative, was " + journals);
            }
            this.keepRecent = journals;
            return this;
        }

        /**
         * Starts recording.
         *
         * @return the journal; close it to stop
         * @throws IllegalStateException if no workflow was named and {@link #allWorkflows()} was not called
         */
        public WorkflowJournal start() {
            if (workflows.isEmpty() && !all) {
                throw new IllegalStateException("name the workflows to record, or call allWorkflows()");
            }
            if (all) {
                workflows.clear();
            }
            return new WorkflowJournal(this);
        }
    }
}
