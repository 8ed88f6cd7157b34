package dev.tta.workflow.replay;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Execution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run being recorded: its executions in the order they started, each a {@link Node} that knows its place in the
 * tree. Shared by the journal of live runs and by a replay, which records its own run the same way, so that both
 * name every execution by the same path. Thread-safe: parallel branches start and end executions at once.
 */
final class Recording {

    private final String workflowName;
    private final String workflowId;
    private final String traceId;
    private final Instant recordedAt;
    private final long rootStartNanos;
    private final String replayOf;
    private final JsonValues values;
    private final Set<String> masked;
    private final long maxRunBytes;
    private final List<Node> nodes = new ArrayList<>();
    private long bytes;
    private boolean truncated;
    private int open;
    private boolean rootEnded;
    private boolean finished;

    Recording(Execution root, String replayOf, JsonValues values, Set<String> masked, long maxRunBytes) {
        WorkflowContext context = root.context();
        this.workflowName = context.workflowName();
        this.workflowId = context.workflowId();
        this.traceId = root.span().getSpanContext().getTraceId();
        this.recordedAt = Instant.now();
        this.rootStartNanos = root.startNanos();
        this.replayOf = replayOf;
        this.values = values;
        this.masked = masked;
        this.maxRunBytes = maxRunBytes;
    }

    /** The node of the run's first execution. */
    Node root(Execution execution) {
        return start(null, execution.name(), execution);
    }

    /** The node of an execution inside {@code parent}. */
    Node child(Node parent, Execution execution) {
        return start(parent, parent.childPath(execution), execution);
    }

    private Node start(Node parent, String path, Execution execution) {
        String input = admit(values.encode(execution.input()));
        synchronized (this) {
            Node node = new Node(this, parent, nodes.size(), path, execution, input,
                    execution.startNanos() - rootStartNanos);
            nodes.add(node);
            open++;
            return node;
        }
    }

    /** Encoded JSON, or a marker once the run's bound is reached. */
    String admit(String json) {
        synchronized (this) {
            if (bytes + json.length() <= maxRunBytes) {
                bytes += json.length();
                return json;
            }
            truncated = true;
        }
        return values.omitted(json.length());
    }

    JsonValues values() {
        return values;
    }

    /**
     * An execution ended.
     *
     * @return true when this was the last one of the run: the journal is complete
     */
    boolean ended(Node node) {
        synchronized (this) {
            open--;
            if (node.parent() == null) {
                rootEnded = true;
            }
            return rootEnded && open == 0 && !finished;
        }
    }

    /** Whether the run's first execution has ended. */
    synchronized boolean rootEnded() {
        return rootEnded;
    }

    /**
     * The journal, once: later calls return null. Executions still running are in it as not ended.
     *
     * @return the journal, or null if it was taken already
     */
    RunJournal finish() {
        List<Node> snapshot;
        boolean cut;
        synchronized (this) {
            if (finished) {
                return null;
            }
            finished = true;
            snapshot = List.copyOf(nodes);
            cut = truncated;
        }
        List<JournalEntry> entries = new ArrayList<>(snapshot.size());
        for (Node node : snapshot) {
            entries.add(node.entry());
        }
        return new RunJournal(workflowName, workflowId, traceId, recordedAt, replayOf, cut, masked, entries);
    }

    /** One execution of the run. */
    static final class Node {
        private final Recording run;
        private final Node parent;
        private final int seq;
        private final String path;
        private final String name;
        private final String type;
        private final String input;
        private final long startNanos;
        /** How many children have run at each place under this one, for the {@code #n} of repeated places. */
        private final Map<String, Integer> places = new HashMap<>();
        private final List<RecordedDecision> decisions = new ArrayList<>(2);
        private String output;
        private String outputClass;
        private RecordedFailure failure;
        private long durationNanos = -1;
        private boolean substituted;

        Node(Recording run, Node parent, int seq, String path, Execution execution, String input, long startNanos) {
            this.run = run;
            this.parent = parent;
            this.seq = seq;
            this.path = path;
            this.name = execution.name();
            this.type = execution.type();
            this.input = input;
            this.startNanos = startNanos;
        }

        Recording run() {
            return run;
        }

        int seq() {
            return seq;
        }

        Node parent() {
            return parent;
        }

        String path() {
            return path;
        }

        String input() {
            return input;
        }

        /**
         * The path of a child: this path, then the child's name and position, and {@code #n} from its second run at
         * that place on.
         */
        synchronized String childPath(Execution child) {
            String place = switch (child.position()) {
                case STEP -> child.name() + "[step " + child.positionIndex() + "]";
                case BRANCH -> child.name() + "[branch " + child.positionIndex() + "]";
                default -> child.name();
            };
            int runs = places.merge(place, 1, Integer::sum);
            return path + "/" + place + (runs > 1 ? "#" + runs : "");
        }

        /** Adds a decision; returns how many of its kind were made before it. */
        synchronized int decided(String kind, String value) {
            int before = 0;
            for (RecordedDecision made : decisions) {
                if (made.kind().equals(kind)) {
                    before++;
                }
            }
            decisions.add(new RecordedDecision(kind, value));
            return before;
        }

        /** Records the outcome; the output is encoded here, on the execution's thread. */
        void end(Execution execution, boolean wasSubstituted) {
            Throwable thrown = execution.failure();
            Object value = thrown == null ? execution.output() : null;
            String encoded = thrown == null ? run.admit(run.values().encode(value)) : null;
            synchronized (this) {
                failure = thrown == null ? null : RecordedFailure.of(thrown);
                output = encoded;
                outputClass = value == null ? null : value.getClass().getName();
                durationNanos = Math.max(0, execution.durationNanos());
                substituted = wasSubstituted;
            }
        }

        synchronized JournalEntry entry() {
            return new JournalEntry(seq, parent == null ? -1 : parent.seq, path, name, type, input, output, outputClass,
                    failure,
                    decisions, startNanos, durationNanos, substituted);
        }
    }
}
