package dev.tta.workflow.spi;

/**
 * What a run that replays a recorded one consults: whether an execution's recorded outcome stands in for running it,
 * and which decisions (a route, a retry delay, a timeout expiring...) the library repeats rather than makes afresh.
 * A replay module implements it; {@link Replays#start} starts a run with one.
 *
 * <p>As an {@link ExecutionObserver} it sees every execution of its run, and only of its run: {@link #onStart} after
 * the registered observers, {@link #onEnd} before them. Its methods run on the thread of the execution and must be
 * thread-safe (parallel branches call them at once). What they throw is reported and treated as "run it live".
 */
public interface ReplaySession extends ExecutionObserver {

    /**
     * Decides, at the start of an execution of the replayed run, whether its recorded outcome is returned (or thrown)
     * instead of running it. Called once per execution, after {@link #onStart}.
     *
     * @param execution the execution, its parent, position and types known
     * @param state what {@link #onStart} returned for it
     * @return the outcome to substitute, or null to run the execution
     */
    RecordedOutcome substitute(Execution execution, Object state);

    /**
     * A decision the execution made when it was recorded.
     *
     * @param execution the execution
     * @param state what {@link #onStart} returned for it
     * @param kind the decision's kind, one of {@link Decisions}
     * @param occurrence how many decisions of this kind the execution has made before this one (0 for the first)
     * @return the recorded value, or null to decide live
     */
    String decision(Execution execution, Object state, String kind, int occurrence);
}
