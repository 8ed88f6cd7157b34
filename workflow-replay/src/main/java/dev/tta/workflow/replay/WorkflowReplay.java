package dev.tta.workflow.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Replays;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Replays a recorded run offline: the same workflow runs again from the journal's input, the recorded outputs of the
 * chosen executions stand in for running them (every step by default: nothing calls the outside world), and the
 * library repeats every decision it recorded (the route, each retry's delay without waiting it out, a cache hit, a
 * timeout expiring, a rejected call), so that a failing run fails the same way. The result says whether it did, and
 * where the replay first differed.
 *
 * <pre>{@code
 * @Test
 * void theRecordedFailureStillHappens() throws Exception {
 *     ReplayResult<Reply> result = WorkflowReplay.of(Path.of("src/test/resources/run-42.jsonl"))
 *             .substitute(Substitution.allStepsExcept("compose-reply"))   // the step under study runs
 *             .run(agent.workflow(), SupportRequest.class);
 *     result.assertReproduced();
 * }
 * }</pre>
 *
 * <p>A replayed run is a new run (new workflow id, new trace) whose spans carry {@code workflow.replay = true}, and
 * {@code workflow.replay.substituted = true} where the recorded outcome stood in: those spans claim no execution of
 * what the step would have called. Failures are made again from their recorded class and message (a public
 * constructor taking the message), so replay journals you trust. Each {@link #run} is independent; an instance may
 * be shared.
 */
public final class WorkflowReplay {

    private final RunJournal journal;
    private final Substitution substitution;

    private WorkflowReplay(RunJournal journal, Substitution substitution) {
        this.journal = journal;
        this.substitution = substitution;
    }

    /**
     * A replay of a journal, substituting every step.
     *
     * @param journal the recorded run
     * @return the replay
     */
    public static WorkflowReplay of(RunJournal journal) {
        return new WorkflowReplay(Objects.requireNonNull(journal, "journal must not be null"),
                Substitution.allSteps());
    }

    /**
     * A replay of a journal file, substituting every step.
     *
     * @param file a journal written by a {@link WorkflowJournal}
     * @return the replay
     * @throws IOException if the file cannot be read or is not a journal
     */
    public static WorkflowReplay of(Path file) throws IOException {
        return of(RunJournal.read(file));
    }

    /**
     * Which executions return their recorded outcome instead of running.
     *
     * @param policy the policy
     * @return a replay with that policy
     */
    public WorkflowReplay substitute(Substitution policy) {
        return new WorkflowReplay(journal, Objects.requireNonNull(policy, "policy must not be null"));
    }

    /**
     * The journal replayed.
     *
     * @return the journal replayed
     */
    public RunJournal journal() {
        return journal;
    }

    /**
     * Replays the run with the input it was recorded with, read back as a type.
     *
     * @param workflow the workflow, built as the recorded run's was (its steps may be changed: that is what a
     *     replay finds out)
     * @param inputType the workflow's input type, generic arguments included if any
     * @param <I> the input type
     * @param <O> the output type
     * @return what the replay did
     * @throws IllegalStateException if the recorded input was masked away, cut or could not be read as that type
     */
    public <I, O> ReplayResult<O> run(WorkflowPrimitive<I, O> workflow, Type inputType) {
        JsonValues values = values();
        String input = journal.root().input();
        if (input == null || JsonValues.isMarker(input)) {
            throw new IllegalStateException("the input of run " + journal.workflowId() + " was not recorded in "
                    + "full (" + input + "): pass the input to run(workflow, input)");
        }
        Object decoded;
        try {
            decoded = values.decode(input, inputType);
        } catch (JsonProcessingException unreadable) {
            throw new IllegalStateException("the recorded input of run " + journal.workflowId()
                    + " does not read back as " + inputType.getTypeName() + ": " + unreadable.getOriginalMessage(),
                    unreadable);
        }
        @SuppressWarnings("unchecked") // read back as the type the caller named
        I typed = (I) decoded;
        return run(workflow, typed, values);
    }

    /**
     * Replays the run with the input it was recorded with.
     *
     * @param workflow the workflow
     * @param inputType the workflow's input class
     * @param <I> the input type
     * @param <O> the output type
     * @return what the replay did
     * @throws IllegalStateException if the recorded input was masked away, cut or could not be read as that class
     */
    public <I, O> ReplayResult<O> run(WorkflowPrimitive<I, O> workflow, Class<I> inputType) {
        return run(workflow, (Type) inputType);
    }

    /**
     * Replays the run with a given input (the recorded one rebuilt by hand, when masking removed part of it).
     *
     * @param workflow the workflow
     * @param input the input
     * @param <I> the input type
     * @param <O> the output type
     * @return what the replay did
     */
    public <I, O> ReplayResult<O> run(WorkflowPrimitive<I, O> workflow, I input) {
        return run(workflow, input, values());
    }

    private <I, O> ReplayResult<O> run(WorkflowPrimitive<I, O> workflow, I input, JsonValues values) {
        Objects.requireNonNull(workflow, "workflow must not be null");
        ReplayRun session = new ReplayRun(journal, substitution, values);
        WorkflowContext context = Replays.start(journal.workflowName(), session);
        O output = null;
        Throwable failure = null;
        try {
            output = workflow.execute(input, context);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable thrown) {
            failure = thrown;
        }
        RunJournal replayed = session.journal();
        if (replayed == null) {
            throw new IllegalStateException("the workflow ran no primitive: nothing was replayed");
        }
        return new ReplayResult<>(output, failure, journal, replayed, session.divergences(),
                session.sameOutcome(journal.root(), replayed.root()));
    }

    private JsonValues values() {
        // Masked as the recording was, so that live values compare with recorded ones; no bound on a replay.
        return new JsonValues(Masking.withExtra(journal.masked()), Integer.MAX_VALUE);
    }
}
