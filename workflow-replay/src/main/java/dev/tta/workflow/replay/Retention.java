package dev.tta.workflow.replay;

import java.time.Duration;
import java.util.Objects;

/**
 * Which recorded runs a {@link WorkflowJournal} keeps: decided once a run has ended, before anything is stored. The
 * default, {@link #failedOrSlowerThan}, keeps what a tail sampler keeps: the runs worth debugging.
 */
@FunctionalInterface
public interface Retention {

    /**
     * Whether to keep a run's journal.
     *
     * @param journal the run's journal, complete
     * @return true to store it
     */
    boolean keep(RunJournal journal);

    /**
     * Every run.
     *
     * @return the retention
     */
    static Retention all() {
        return journal -> true;
    }

    /**
     * Runs that failed.
     *
     * @return the retention
     */
    static Retention failed() {
        return RunJournal::failed;
    }

    /**
     * Runs that failed, and runs that took longer than a threshold.
     *
     * @param threshold the duration above which a successful run is kept
     * @return the retention
     * @throws IllegalArgumentException if the threshold is negative
     */
    static Retention failedOrSlowerThan(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold must not be null");
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("threshold must not be negative, was " + threshold);
        }
        long nanos = threshold.toNanos();
        return journal -> journal.failed() || journal.root().durationNanos() > nanos;
    }
}
