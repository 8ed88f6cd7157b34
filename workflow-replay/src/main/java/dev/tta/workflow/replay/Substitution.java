package dev.tta.workflow.replay;

import dev.tta.workflow.telemetry.TelemetryNames;
import java.util.Objects;
import java.util.Set;

/**
 * Which executions of a replayed run return (or throw) their recorded outcome instead of running. The steps that
 * call the outside world (a model, a CRM, a payment service) are the ones to substitute offline; steps left to run
 * are the code under study, and a replay reports the first of them whose output differs from the recording.
 *
 * <p>Whatever the policy, a replay also substitutes what did not run when it was recorded: a cache's hit and a
 * circuit breaker's rejection return or throw as they did, without running the step behind them.
 */
@FunctionalInterface
public interface Substitution {

    /**
     * Whether a recorded execution is substituted.
     *
     * @param recorded the execution as the journal recorded it
     * @param journal the whole recorded run, for policies that look at an execution's place in it
     * @return true to return its recorded outcome without running it
     */
    boolean substitutes(JournalEntry recorded, RunJournal journal);

    /**
     * Every step that ran no primitive inside ({@code @Observed} steps and other steps of type {@code step}): the
     * composites around them run and repeat their recorded decisions. A step that ran primitives inside (a step
     * handed a parallel block of tools, say) runs too, and what it ran is substituted in its turn, so that the
     * replay has the recorded tree. The default.
     *
     * @return the policy
     */
    static Substitution allSteps() {
        return (recorded, journal) -> TelemetryNames.TYPE_STEP.equals(recorded.type())
                && journal.children(recorded).isEmpty();
    }

    /**
     * The steps of these names only, with everything they ran inside; every other step runs.
     *
     * @param names step names
     * @return the policy
     */
    static Substitution steps(String... names) {
        Set<String> chosen = Set.of(names);
        return (recorded, journal) -> TelemetryNames.TYPE_STEP.equals(recorded.type())
                && chosen.contains(recorded.name());
    }

    /**
     * As {@link #allSteps()}, but these steps run: the steps under study.
     *
     * @param names step names
     * @return the policy
     */
    static Substitution allStepsExcept(String... names) {
        Set<String> running = Set.of(names);
        Substitution all = allSteps();
        return (recorded, journal) -> all.substitutes(recorded, journal) && !running.contains(recorded.name());
    }

    /**
     * Nothing: every step runs, and only the library's decisions are repeated.
     *
     * @return the policy
     */
    static Substitution none() {
        return (recorded, journal) -> false;
    }

    /**
     * This policy or another.
     *
     * @param other another policy
     * @return a policy substituting what either substitutes
     */
    default Substitution or(Substitution other) {
        Objects.requireNonNull(other, "other must not be null");
        return (recorded, journal) -> substitutes(recorded, journal) || other.substitutes(recorded, journal);
    }
}
