package dev.tta.workflow.replay;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;

/**
 * What a replay did: its outcome (the output, or what it threw), the recorded run and the replay's own journal, and
 * every place where the two differ, the first one first.
 *
 * <pre>{@code
 * ReplayResult<Reply> result = WorkflowReplay.of(Path.of("journals/support-agent-....jsonl"))
 *         .run(agent, SupportRequest.class);
 * result.assertReproduced();                 // same outcome, same tree, no divergence
 * }</pre>
 *
 * @param <O> the workflow's output type
 */
public final class ReplayResult<O> {

    private final O output;
    private final Throwable failure;
    private final RunJournal recorded;
    private final RunJournal replayed;
    private final List<Divergence> divergences;
    private final boolean sameOutcome;

    ReplayResult(O output, Throwable failure, RunJournal recorded, RunJournal replayed,
            List<Divergence> divergences, boolean sameOutcome) {
        this.sameOutcome = sameOutcome;
        this.output = output;
        this.failure = failure;
        this.recorded = recorded;
        this.replayed = Objects.requireNonNull(replayed, "replayed");
        this.divergences = List.copyOf(divergences);
    }

    /**
     * What the replayed run returned, or null if it threw.
     *
     * @return what the replayed run returned, or null if it threw
     */
    public O output() {
        return output;
    }

    /**
     * What the replayed run threw, or null if it returned.
     *
     * @return what the replayed run threw, or null if it returned
     */
    public Throwable failure() {
        return failure;
    }

    /**
     * The journal the replay followed.
     *
     * @return the journal the replay followed
     */
    public RunJournal recorded() {
        return recorded;
    }

    /**
     * The replay's own journal: what ran, what was substituted, what was decided.
     *
     * @return the replay's own journal: what ran, what was substituted, what was decided
     */
    public RunJournal replayed() {
        return replayed;
    }

    /**
     * Every divergence, in the order the replay met them; recorded executions never reached last.
     *
     * @return every divergence, in the order the replay met them; recorded executions never reached last
     */
    public List<Divergence> divergences() {
        return divergences;
    }

    /**
     * The first place where the replay differed from the recording.
     *
     * @return the first place where the replay differed from the recording
     */
    public Optional<Divergence> firstDivergence() {
        return divergences.isEmpty() ? Optional.empty() : Optional.of(divergences.get(0));
    }

    /**
     * Whether the replay ended as the recorded run did: the same failure class and message, or an equal output.
     *
     * @return true for the same outcome
     */
    public boolean sameOutcome() {
        return sameOutcome;
    }

    /**
     * Whether the replay ran the recorded tree: the same executions at the same paths, with the same outcomes and
     * decisions, down to the executions whose recorded outcome stood in (what ran below those was not run again).
     *
     * @return true for the same tree
     */
    public boolean sameTree() {
        Set<String> substituted = new HashSet<>();
        for (JournalEntry entry : replayed.entries()) {
            if (entry.substituted()) {
                substituted.add(entry.path());
            }
        }
        return recorded.shape(substituted).equals(replayed.shape(Set.of()));
    }

    /**
     * Whether the replay reproduced the recorded run: the same outcome, the same tree of executions and decisions
     * ({@link #sameTree()}), and no divergence.
     *
     * @return true if reproduced
     */
    public boolean reproduced() {
        return sameOutcome() && sameTree() && divergences.isEmpty();
    }

    /**
     * Fails unless {@link #reproduced()}, with a message that shows the first divergence and both trees.
     *
     * @throws AssertionError if the replay did not reproduce the recorded run
     */
    public void assertReproduced() {
        if (!reproduced()) {
            throw new AssertionError(report());
        }
    }

    /**
     * The replay in words: its outcome, the first divergence if any, and the replayed tree (and the recorded one,
     * when they differ).
     *
     * @return the report
     */
    public String report() {
        StringBuilder report = new StringBuilder();
        report.append("replay of ").append(recorded.workflowName()).append(" run ").append(recorded.workflowId())
                .append(": ").append(failure != null ? "threw " + RecordedFailure.of(failure) : "returned")
                .append(sameOutcome() ? " (as recorded)" : " (recorded: " + recorded.root().outcome() + ")")
                .append('\n');
        firstDivergence().ifPresentOrElse(
                first -> report.append("first divergence: ").append(first).append('\n'),
                () -> report.append("no divergence\n"));
        report.append("\nreplayed tree:\n").append(replayed.tree());
        if (!sameTree()) {
            report.append("\nrecorded tree:\n").append(recorded.tree());
        }
        return report.toString();
    }

    @Override
    public String toString() {
        return report();
    }
}
