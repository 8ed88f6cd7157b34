package dev.tta.workflow.ops.flame;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run: a root span and all its descendants, as a tree.
 *
 * <p>{@link #of} groups spans by trace. A span whose parent is not among the spans (sampled away, or recorded by a
 * process whose spans are missing) is the root of a run of its own; of spans sharing an id within a trace the first is
 * kept.
 *
 * @param traceId the trace id
 * @param root the root span's node
 * @param spanCount how many spans the tree holds
 */
public record Run(String traceId, Node root, int spanCount) {

    /** Children in start order; ties by longer first, then by span id, so every output is deterministic. */
    static final Comparator<Node> ORDER = Comparator.comparingLong((Node node) -> node.span().startNanos())
            .thenComparing(Comparator.comparingLong((Node node) -> node.span().durationNanos()).reversed())
            .thenComparing(node -> node.span().spanId());

    /**
     * Validates.
     *
     * @param traceId the trace id
     * @param root the root span's node
     * @param spanCount how many spans the tree holds
     * @throws NullPointerException if a component is missing
     */
    public Run {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(root, "root");
    }

    /**
     * A span in the tree, with its children in start order.
     *
     * @param span the span
     * @param children its children, by start time
     */
    public record Node(TraceSpan span, List<Node> children) {

        /**
         * Copies the children.
         *
         * @param span the span
         * @param children its children, by start time
         * @throws NullPointerException if a component is missing
         */
        public Node {
            Objects.requireNonNull(span, "span");
            children = List.copyOf(children);
        }
    }

    /**
     * How long the root took: the run's wall duration.
     *
     * @return nanoseconds
     */
    public long durationNanos() {
        return root.span().durationNanos();
    }

    /**
     * The runs among these spans: by root start time, then trace id, then root span id.
     *
     * @param spans spans of any number of traces, in any order
     * @return the runs
     */
    public static List<Run> of(Collection<TraceSpan> spans) {
        Map<String, Map<String, TraceSpan>> traces = new LinkedHashMap<>();
        for (TraceSpan span : spans) {
            traces.computeIfAbsent(span.traceId(), id -> new LinkedHashMap<>()).putIfAbsent(span.spanId(), span);
        }
        List<Run> runs = new ArrayList<>();
        for (Map.Entry<String, Map<String, TraceSpan>> trace : traces.entrySet()) {
            Map<String, TraceSpan> byId = trace.getValue();
            Map<String, List<TraceSpan>> children = new HashMap<>();
            List<TraceSpan> roots = new ArrayList<>();
            for (TraceSpan span : byId.values()) {
                String parent = span.parentSpanId();
                if (parent == null || parent.equals(span.spanId()) || !byId.containsKey(parent)) {
                    roots.add(span);
                } else {
                    children.computeIfAbsent(parent, id -> new ArrayList<>()).add(span);
                }
            }
            for (TraceSpan root : roots) {
                int[] count = {0};
                runs.add(new Run(trace.getKey(), build(root, children, count), count[0]));
            }
        }
        runs.sort(Comparator.comparing(Run::root, ORDER).thenComparing(Run::traceId));
        return Collections.unmodifiableList(runs);
    }

    private static Node build(TraceSpan root, Map<String, List<TraceSpan>> children, int[] count) {
        // Iterative depth-first construction: deep traces must not overflow the stack.
        record Pending(TraceSpan span, List<Node> built, int next, List<TraceSpan> kids) {
        }
        List<Pending> stack = new ArrayList<>();
        stack.add(new Pending(root, new ArrayList<>(), 0, children.getOrDefault(root.spanId(), List.of())));
        Node finished = null;
        while (!stack.isEmpty()) {
            Pending top = stack.get(stack.size() - 1);
            if (finished != null) {
                top.built().add(finished);
                finished = null;
            }
            if (top.next() < top.kids().size()) {
                TraceSpan kid = top.kids().get(top.next());
                stack.set(stack.size() - 1, new Pending(top.span(), top.built(), top.next() + 1, top.kids()));
                stack.add(new Pending(kid, new ArrayList<>(), 0, children.getOrDefault(kid.spanId(), List.of())));
            } else {
                stack.remove(stack.size() - 1);
                top.built().sort(ORDER);
                count[0]++;
                finished = new Node(top.span(), top.built());
            }
        }
        return finished;
    }
}
