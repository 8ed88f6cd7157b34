package dev.tta.workflow.replay;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The journal of one run: every execution under the run's first one, with its input, outcome and the library's
 * decisions, masked and bounded as it was recorded. Immutable; read one from a file with {@link #read(Path)}.
 */
public final class RunJournal {

    private final String workflowName;
    private final String workflowId;
    private final String traceId;
    private final Instant recordedAt;
    private final String replayOf;
    private final boolean truncated;
    private final Set<String> masked;
    private final List<JournalEntry> entries;
    private final Map<String, JournalEntry> byPath;
    private final Map<Integer, List<JournalEntry>> children;

    /**
     * A journal.
     *
     * @param workflowName the workflow's name
     * @param workflowId the run's workflow id
     * @param traceId the run's trace id (all zeros when it was not traced)
     * @param recordedAt when its first execution started
     * @param replayOf the workflow id of the run this one replayed, or null for a live run
     * @param truncated whether values were left out because the journal reached its size bound
     * @param masked the names masked besides the default deny-list, normalised (a replay masks them too, so that
     *     live values compare with recorded ones)
     * @param entries the executions, in the order they started; the first is the run's first execution
     * @throws IllegalArgumentException if there are no entries, or two share a path
     */
    public RunJournal(String workflowName, String workflowId, String traceId, Instant recordedAt, String replayOf,
            boolean truncated, Set<String> masked, List<JournalEntry> entries) {
        this.workflowName = Objects.requireNonNull(workflowName, "workflow name must not be null");
        this.workflowId = Objects.requireNonNull(workflowId, "workflow id must not be null");
        this.traceId = Objects.requireNonNull(traceId, "trace id must not be null");
        this.recordedAt = Objects.requireNonNull(recordedAt, "recordedAt must not be null");
        this.replayOf = replayOf;
        this.truncated = truncated;
        this.masked = Set.copyOf(masked);
        this.entries = List.copyOf(entries);
        if (this.entries.isEmpty()) {
            throw new IllegalArgumentException("a journal holds at least the run's first execution");
        }
        Map<String, JournalEntry> paths = new HashMap<>();
        for (JournalEntry entry : this.entries) {
            if (paths.putIfAbsent(entry.path(), entry) != null) {
                throw new IllegalArgumentException("two executions at " + entry.path());
            }
        }
        this.byPath = Map.copyOf(paths);
        Map<Integer, List<JournalEntry>> byParent = new HashMap<>();
        for (JournalEntry entry : this.entries) {
            byParent.computeIfAbsent(entry.parent(), parent -> new ArrayList<>()).add(entry);
        }
        byParent.replaceAll((parent, list) -> List.copyOf(list));
        this.children = Map.copyOf(byParent);
    }

    /**
     * Reads a journal written by {@link #write(Path)} or a {@link JournalStore#directory directory store}.
     *
     * @param file a JSON-lines journal
     * @return the journal
     * @throws IOException if it cannot be read
     * @throws JournalFormatException if it is not a journal
     */
    public static RunJournal read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return JournalFormat.read(reader, file.toString());
        }
    }

    /**
     * Reads a journal from JSON lines.
     *
     * @param reader the lines
     * @return the journal
     * @throws IOException if it cannot be read
     * @throws JournalFormatException if it is not a journal
     */
    public static RunJournal read(Reader reader) throws IOException {
        return JournalFormat.read(reader, "journal");
    }

    /**
     * Writes the journal as JSON lines: a header line, then one line per execution.
     *
     * @param file where to write it (replaced if it exists)
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(writer);
        }
    }

    /**
     * Writes the journal as JSON lines.
     *
     * @param writer where to write it; not closed
     * @throws IOException if it cannot be written
     */
    public void write(Writer writer) throws IOException {
        JournalFormat.write(this, writer);
    }

    /**
     * The workflow's name.
     *
     * @return the workflow's name
     */
    public String workflowName() {
        return workflowName;
    }

    /**
     * The run's workflow id.
     *
     * @return the run's workflow id
     */
    public String workflowId() {
        return workflowId;
    }

    /**
     * The run's trace id.
     *
     * @return the run's trace id
     */
    public String traceId() {
        return traceId;
    }

    /**
     * When the run's first execution started.
     *
     * @return when the run's first execution started
     */
    public Instant recordedAt() {
        return recordedAt;
    }

    /**
     * The workflow id of the run this journal's run replayed, if it was a replay.
     *
     * @return the workflow id of the run this journal's run replayed, if it was a replay
     */
    public Optional<String> replayOf() {
        return Optional.ofNullable(replayOf);
    }

    /**
     * Whether values were left out because the journal reached its size bound.
     *
     * @return whether values were left out because the journal reached its size bound
     */
    public boolean truncated() {
        return truncated;
    }

    /**
     * The names masked besides the default deny-list, normalised.
     *
     * @return the names masked besides the default deny-list, normalised
     */
    public Set<String> masked() {
        return masked;
    }

    /**
     * The executions, in the order they started.
     *
     * @return the executions, in the order they started
     */
    public List<JournalEntry> entries() {
        return entries;
    }

    /**
     * The run's first execution, whose outcome is the run's.
     *
     * @return the run's first execution, whose outcome is the run's
     */
    public JournalEntry root() {
        return entries.get(0);
    }

    /**
     * The execution at a path.
     *
     * @param path a {@link JournalEntry#path()}
     * @return the entry, if the run had an execution there
     */
    public Optional<JournalEntry> entry(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /**
     * The executions an execution ran inside, in the order they started.
     *
     * @param entry an entry of this journal
     * @return its children
     */
    public List<JournalEntry> children(JournalEntry entry) {
        return children.getOrDefault(entry.seq(), List.of());
    }

    /**
     * Whether the run failed.
     *
     * @return whether the run failed
     */
    public boolean failed() {
        return root().failure() != null;
    }

    /**
     * The run as a tree, one execution a line, children in the order they ran (parallel branches by index, so that
     * two runs that took the same way print the same tree whatever the threads did): name, position, kind, outcome,
     * decisions, and whether it was substituted. Outputs longer than 80 characters are cut.
     *
     * @return the tree
     */
    public String tree() {
        return render(80, true, Set.of());
    }

    /**
     * Whether another journal has the same tree: the same executions at the same paths, with the same outcomes
     * (outputs compared in full) and the same decisions. Timing, ids and substitution are not compared.
     *
     * @param other another journal
     * @return true for the same tree
     */
    public boolean sameTree(RunJournal other) {
        return shape(Set.of()).equals(other.shape(Set.of()));
    }

    /**
     * The tree in full, for comparisons: without what ran below the executions at the pruned paths (a replay that
     * substituted a step with primitives inside never ran them).
     */
    String shape(Set<String> pruned) {
        return render(Integer.MAX_VALUE, false, pruned);
    }

    private String render(int maxOutput, boolean showSubstituted, Set<String> pruned) {
        Map<Integer, List<JournalEntry>> sorted = new HashMap<>();
        children.forEach((parent, siblings) -> {
            List<JournalEntry> ordered = new ArrayList<>(siblings);
            // Branches by index (they start in any order), everything else in the order it ran.
            ordered.sort(Comparator.comparingInt(RunJournal::branchIndex).thenComparingInt(JournalEntry::seq));
            sorted.put(parent, ordered);
        });
        StringBuilder tree = new StringBuilder();
        for (JournalEntry top : sorted.getOrDefault(-1, List.of())) {
            render(top, sorted, 0, maxOutput, showSubstituted, pruned, tree);
        }
        return tree.toString();
    }

    private static void render(JournalEntry entry, Map<Integer, List<JournalEntry>> children, int depth,
            int maxOutput, boolean showSubstituted, Set<String> pruned, StringBuilder tree) {
        tree.append("  ".repeat(depth)).append(segment(entry)).append(" (").append(entry.type()).append(") ");
        String outcome = entry.outcome();
        tree.append(outcome.length() > maxOutput ? outcome.substring(0, maxOutput) + "..." : outcome);
        if (!entry.decisions().isEmpty()) {
            tree.append("  ").append(entry.decisions());
        }
        if (showSubstituted && entry.substituted()) {
            tree.append("  [substituted]");
        }
        tree.append('\n');
        if (pruned.contains(entry.path())) {
            return;
        }
        for (JournalEntry child : children.getOrDefault(entry.seq(), List.of())) {
            render(child, children, depth + 1, maxOutput, showSubstituted, pruned, tree);
        }
    }

    /** The index of a parallel branch, from its path; 0 for anything else. */
    private static int branchIndex(JournalEntry entry) {
        String segment = segment(entry);
        int at = segment.lastIndexOf("[branch ");
        if (at < 0) {
            return 0;
        }
        int end = segment.indexOf(']', at);
        try {
            return Integer.parseInt(segment.substring(at + "[branch ".length(), end));
        } catch (RuntimeException malformed) {
            return 0;
        }
    }

    /** The last part of a path: the name with its position and occurrence. */
    private static String segment(JournalEntry entry) {
        String path = entry.path();
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    @Override
    public String toString() {
        return "RunJournal{" + workflowName + " " + workflowId + ", " + entries.size() + " executions, "
                + (failed() ? "failed: " + root().failure() : "succeeded") + "}";
    }
}
