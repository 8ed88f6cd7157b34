package dev.tta.workflow.spi;

/**
 * Sees every execution of every primitive, generated steps and observed methods included: the seam that sampling,
 * anomaly detection and replay plug into. Register one with {@link ExecutionObservers#register}.
 *
 * <p>Both methods run on the thread of the execution, inside its span, after the library's own bookkeeping at the
 * start and before it at the end; keep them short. Anything they throw (short of a {@link VirtualMachineError}) is
 * reported through the {@code dev.tta.workflow.telemetry} logger and never reaches the workflow. Implementations must
 * be thread-safe: concurrent executions call them at once.
 */
public interface ExecutionObserver {

    /**
     * An execution has started.
     *
     * @param execution the execution
     * @return state for this execution, handed back to {@link #onEnd}; null for none
     */
    default Object onStart(Execution execution) {
        return null;
    }

    /**
     * The execution made a decision a replay repeats (see {@link Decisions}): a route, a retry's next delay, a cache
     * hit... Called on the execution's thread, between {@link #onStart} and {@link #onEnd}.
     *
     * @param execution the execution
     * @param state what {@link #onStart} returned for it
     * @param kind the decision's kind, one of {@link Decisions}
     * @param value what was decided
     */
    default void onDecision(Execution execution, Object state, String kind, String value) {
    }

    /**
     * An execution has ended: its outcome, output or failure and duration are known, its span is still open.
     *
     * @param execution the execution
     * @param state what {@link #onStart} returned for it
     */
    default void onEnd(Execution execution, Object state) {
    }
}
