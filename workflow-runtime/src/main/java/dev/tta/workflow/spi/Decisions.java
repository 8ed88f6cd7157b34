package dev.tta.workflow.spi;

/**
 * The kinds of decision the built-in primitives make that a replay must repeat, with the values they take. A
 * primitive reports each with {@link Invocation#decided} (observers see it in
 * {@link ExecutionObserver#onDecision}) and, in a replayed run, asks {@link Invocation#recordedDecision} first.
 */
public final class Decisions {

    /** The route a router took: the route's name. */
    public static final String ROUTE = "router.route";
    /** The branch a conditional took: {@code then} or {@code otherwise}. */
    public static final String BRANCH = "conditional.branch";
    /**
     * What a retry did after a failed (or rejected) attempt: the delay before the next attempt in nanoseconds, or
     * {@code abandoned} when the deadline left no time for it.
     */
    public static final String RETRY = "retry.next";
    /**
     * The branches of a failed parallel block that got to run, comma-separated indexes: which did depended on the
     * threads. Not reported when every branch succeeded.
     */
    public static final String PARALLEL_STARTED = "parallel.started";
    /** The branch of a failed parallel block whose failure came first: the block's failure. */
    public static final String PARALLEL_FAILED = "parallel.failed";
    /** The alternative of a fallback that produced the outcome: 0 for the primary, 1 for the first fallback... */
    public static final String FALLBACK = "fallback.alternative";
    /** Whether a cache had the value: {@code hit} (the step did not run) or {@code miss}. */
    public static final String CACHE = "cache.result";
    /**
     * Whether a timeout expired: {@code in_time}, {@code expired}, {@code deadline_passed} (an enclosing deadline
     * had passed before the step started) or {@code cut_short:<nanoseconds>} (an enclosing deadline left only that
     * long, and it ran out).
     */
    public static final String TIMEOUT = "timeout.result";
    /** Whether a circuit breaker let the call through: {@code permitted} or {@code rejected}. */
    public static final String CIRCUIT = "circuit.permission";

    /** A cache hit. */
    public static final String HIT = "hit";
    /** A cache miss. */
    public static final String MISS = "miss";
    /** A timeout that expired. */
    public static final String EXPIRED = "expired";
    /** A timed execution that finished in time. */
    public static final String IN_TIME = "in_time";
    /** A call a circuit breaker let through. */
    public static final String PERMITTED = "permitted";
    /** A call a circuit breaker rejected. */
    public static final String REJECTED = "rejected";
    /** A retry stopped by the deadline. */
    public static final String ABANDONED = "abandoned";

    private Decisions() {
    }
}
