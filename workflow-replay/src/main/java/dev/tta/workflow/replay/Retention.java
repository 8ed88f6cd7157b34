package dev.tta.workflow.replay;

import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.spi.Decisions;
import java.time.Duration;
import java.util.Objects;

/**
 * Which recorded runs a {@link WorkflowJournal} keeps: decided once a run has ended, before anything is stored. The
 * default, {@link #likeTailSampling}, keeps what the tail sampler of {@code workflow-sampling} keeps: the runs worth
 * debugging.
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
     * The runs the tail sampler keeps, by its rules read off the journal: a run that failed, retried an attempt, fell
     * back to an alternative, took longer than the threshold, or ran while an anomaly was open in its workflow
     * ({@link dev.tta.workflow.WorkflowTelemetry#isAnomalyActiveInWorkflow}). The sampler's one other rule, a bad
     * event of a service level objective, is not in a journal: such a run is kept when it is slow or failed.
     *
     * @param slowThreshold the duration above which a run is kept
     * @return the retention
     * @throws IllegalArgumentException if the threshold is negative
     */
    static Retention likeTailSampling(Duration slowThreshold) {
        Retention slowOrFailed = failedOrSlowerThan(slowThreshold);
        return journal -> slowOrFailed.keep(journal) || journal.entries().stream()
                .flatMap(entry -> entry.decisions().stream())
                .anyMatch(decision -> decision.kind().equals(Decisions.RETRY)
                        || (decision.kind().equals(Decisions.FALLBACK) && !decision.value().equals("0")))
                || WorkflowTelemetry.isAnomalyActiveInWorkflow(journal.workflowName());
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
