package dev.tta.workflow.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * The failures and a handful of exemplar trace ids of a primitive's current window interval: the
 * {@value #SLOWEST} slowest executions and the first {@value #FAILED} failed ones, so that an anomaly names traces to
 * open. Handed to the anomaly detectors and emptied when the interval closes.
 *
 * <p>Cheap for the call that is not a candidate: {@link #wanted} is one volatile read and a comparison. Candidates
 * (the first few calls of an interval, then only a new top-{@value #SLOWEST} latency or a failure while fewer than
 * {@value #FAILED} were kept) take this object's lock and store references into preallocated arrays; nothing is
 * allocated either way. A failure counts in a {@link LongAdder}.
 */
public final class IntervalExemplars {

    /** How many of the slowest executions an interval keeps. */
    public static final int SLOWEST = 3;
    /** How many failed executions an interval keeps. */
    public static final int FAILED = 3;

    private final LongAdder failures = new LongAdder();
    /** A successful execution is a candidate only when it is slower than this; -1 while fewer are kept. */
    private volatile long slowerThan = -1;
    private volatile boolean failuresFull;
    private final long[] slowNanos = new long[SLOWEST];
    private final String[] slowTraces = new String[SLOWEST];
    private final String[] slowWorkflows = new String[SLOWEST];
    private int slowCount;
    private final String[] failedTraces = new String[FAILED];
    private final String[] failedWorkflows = new String[FAILED];
    private int failedCount;

    IntervalExemplars() {
    }

    /** One more failed execution in the current interval. */
    public void failed() {
        failures.increment();
    }

    /**
     * Whether an execution could become an exemplar: slower than the slowest kept so far, or failed while there is
     * room for failures.
     *
     * @param nanos its duration
     * @param failed whether it failed
     * @return true if {@link #offer} should be called
     */
    public boolean wanted(long nanos, boolean failed) {
        return nanos > slowerThan || (failed && !failuresFull);
    }

    /**
     * Offers an execution as an exemplar of the current interval.
     *
     * @param nanos its duration
     * @param failed whether it failed
     * @param traceId its trace id
     * @param workflow the workflow it ran in, or null
     */
    public synchronized void offer(long nanos, boolean failed, String traceId, String workflow) {
        if (failed && failedCount < FAILED) {
            failedTraces[failedCount] = traceId;
            failedWorkflows[failedCount] = workflow;
            failedCount++;
            failuresFull = failedCount == FAILED;
        }
        if (nanos <= slowerThan) {
            return;
        }
        // Insertion into the few slowest, slowest first: the last one falls out when full.
        int at = Math.min(slowCount, SLOWEST - 1);
        while (at > 0 && slowNanos[at - 1] < nanos) {
            slowNanos[at] = slowNanos[at - 1];
            slowTraces[at] = slowTraces[at - 1];
            slowWorkflows[at] = slowWorkflows[at - 1];
            at--;
        }
        slowNanos[at] = nanos;
        slowTraces[at] = traceId;
        slowWorkflows[at] = workflow;
        slowCount = Math.min(slowCount + 1, SLOWEST);
        if (slowCount == SLOWEST) {
            slowerThan = slowNanos[SLOWEST - 1];
        }
    }

    /** Moves the interval's failures and exemplars into the sample and starts an empty interval. */
    synchronized void drainTo(IntervalSample sample) {
        sample.failures = failures.sumThenReset();
        System.arraycopy(slowTraces, 0, sample.slowTraces, 0, SLOWEST);
        System.arraycopy(slowWorkflows, 0, sample.slowWorkflows, 0, SLOWEST);
        sample.slowCount = slowCount;
        System.arraycopy(failedTraces, 0, sample.failedTraces, 0, FAILED);
        System.arraycopy(failedWorkflows, 0, sample.failedWorkflows, 0, FAILED);
        sample.failedCount = failedCount;
        Arrays.fill(slowTraces, null);
        Arrays.fill(slowWorkflows, null);
        Arrays.fill(failedTraces, null);
        Arrays.fill(failedWorkflows, null);
        slowCount = 0;
        failedCount = 0;
        slowerThan = -1;
        failuresFull = false;
    }
}
