package dev.tta.workflow.replay;

import java.util.List;
import java.util.Objects;

/**
 * One execution in a run's journal.
 *
 * @param seq its number in the run, in the order executions started (0 for the run's first)
 * @param parent the {@code seq} of the execution it ran inside, -1 for the first
 * @param path its stable position in the tree: the parent's path, then its name with {@code [step n]} or
 *     {@code [branch n]} when it is a step of a sequence or a branch of a parallel block, and {@code #n} for its n-th
 *     run at that place (a retry's second attempt); the same in every run that takes the same way through the tree
 * @param name the primitive's name
 * @param type the primitive's kind ({@code step}, {@code retry}, {@code parallel}...)
 * @param input the input as JSON text (masked, bounded), or a marker object when it could not be recorded
 * @param output the output as JSON text, or null when it failed or did not end
 * @param outputClass the class of the output, or null (no output, or a null one): what a replay reads it back as
 *     when the primitive declares no output type (a built-in primitive's output is its step's)
 * @param failure what it threw, or null
 * @param decisions the decisions the library made in it, in order
 * @param startNanos when it started, in nanoseconds after the run's first execution started
 * @param durationNanos how long it took, -1 if it had not ended when the journal was written
 * @param substituted whether its recorded outcome stood in for running it (in the journal of a replay)
 */
public record JournalEntry(int seq, int parent, String path, String name, String type, String input, String output,
        String outputClass, RecordedFailure failure, List<RecordedDecision> decisions, long startNanos, long durationNanos,
        boolean substituted) {

    /**
     * Checks the values.
     *
     * @param seq see {@link #seq()}
     * @param parent see {@link #parent()}
     * @param path see {@link #path()}
     * @param name see {@link #name()}
     * @param type see {@link #type()}
     * @param input see {@link #input()}
     * @param output see {@link #output()}
     * @param outputClass see {@link #outputClass()}
     * @param failure see {@link #failure()}
     * @param decisions see {@link #decisions()}
     * @param startNanos see {@link #startNanos()}
     * @param durationNanos see {@link #durationNanos()}
     * @param substituted see {@link #substituted()}
     * @throws NullPointerException if the path, name, type or decisions are null
     */
    public JournalEntry {
        Objects.requireNonNull(path, "path must not be null");
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(type, "type must not be null");
        decisions = List.copyOf(decisions);
    }

    /**
     * Whether the execution had ended when the journal was written.
     *
     * @return false for one still running (a step a timeout gave up on)
     */
    public boolean ended() {
        return durationNanos >= 0;
    }

    /**
     * Whether the recorded outcome can stand in for running the execution: it ended, and its output (if it returned
     * one) was recorded in full.
     *
     * @return true if a replay can substitute it
     */
    public boolean substitutable() {
        return ended() && (failure != null || !JsonValues.isMarker(output));
    }

    /**
     * The outcome in a line: {@code returned <json>}, {@code threw <type>: <message>} or {@code did not end}.
     *
     * @return the outcome
     */
    public String outcome() {
        if (!ended()) {
            return "did not end";
        }
        return failure != null ? "threw " + failure : "returned " + output;
    }
}
