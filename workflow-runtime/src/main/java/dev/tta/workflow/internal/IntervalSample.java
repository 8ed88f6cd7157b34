package dev.tta.workflow.internal;

/**
 * What one closed window interval of a primitive holds for its anomaly detectors: count, failures, tail latency and
 * exemplar trace ids. One instance per primitive name, refilled at every rotation (nothing is allocated per interval).
 */
final class IntervalSample {

    /** Executions that ended in the interval. */
    long count;
    /** Of which failed. */
    long failures;
    /** 95th percentile latency, in nanoseconds (0 without executions). */
    long p95Nanos;
    /** 99th percentile latency, in nanoseconds. */
    long p99Nanos;
    /** The baseline p95 in force while the interval was recorded, in nanoseconds; 0 without a baseline. */
    long slowThresholdNanos;
    /** Executions slower than {@link #slowThresholdNanos}. */
    long slowerCount;
    /** Trace ids of the slowest executions, slowest first; {@link #slowCount} of them are set. */
    final String[] slowTraces = new String[IntervalExemplars.SLOWEST];
    /** The workflow names of those executions (null entries for none). */
    final String[] slowWorkflows = new String[IntervalExemplars.SLOWEST];
    int slowCount;
    /** Trace ids of failed executions, first first; {@link #failedCount} of them are set. */
    final String[] failedTraces = new String[IntervalExemplars.FAILED];
    /** The workflow names of those executions. */
    final String[] failedWorkflows = new String[IntervalExemplars.FAILED];
    int failedCount;
}
