package dev.tta.workflow.test;

import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The spans of one trace as a tree: built from the flat list an exporter hands over, linked by parent span id, with
 * each span's children in the order of their step or branch index and then of their start, so nothing depends on the
 * order in which spans ended or were exported.
 */
public final class TraceTree {

    private static final Comparator<SpanData> BY_START = Comparator.comparingLong(SpanData::getStartEpochNanos)
            .thenComparing(SpanData::getName);

    private final String traceId;
    private final List<SpanData> spans;
    private final List<SpanNode> roots;

    private TraceTree(String traceId, List<SpanData> spans, List<SpanNode> roots) {
        this.traceId = traceId;
        this.spans = spans;
        this.roots = roots;
    }

    /**
     * Groups spans into their traces.
     *
     * @param spans finished spans of any number of traces, in any order
     * @return one tree per trace id, in the order of each trace's first start
     */
    public static List<TraceTree> of(List<SpanData> spans) {
        Map<String, List<SpanData>> byTrace = new LinkedHashMap<>();
        spans.stream().sorted(BY_START)
                .forEach(span -> byTrace.computeIfAbsent(span.getTraceId(), key -> new ArrayList<>()).add(span));
        List<TraceTree> trees = new ArrayList<>();
        byTrace.forEach((traceId, members) -> trees.add(build(traceId, members)));
        return Collections.unmodifiableList(trees);
    }

    private static TraceTree build(String traceId, List<SpanData> spans) {
        Map<String, SpanData> byId = spans.stream()
                .collect(Collectors.toMap(SpanData::getSpanId, span -> span, (first, second) -> first));
        Map<String, SpanNode> nodes = new HashMap<>();
        List<SpanNode> roots = new ArrayList<>();
        for (SpanData span : spans) {
            node(span, byId, nodes, roots);
        }
        for (SpanNode node : nodes.values()) {
            node.mutableChildren().sort(Comparator.comparingLong((SpanNode child) -> position(child.span()))
                    .thenComparing(SpanNode::span, BY_START));
        }
        return new TraceTree(traceId, List.copyOf(spans), Collections.unmodifiableList(roots));
    }

    private static SpanNode node(SpanData span, Map<String, SpanData> byId, Map<String, SpanNode> nodes,
            List<SpanNode> roots) {
        SpanNode existing = nodes.get(span.getSpanId());
        if (existing != null) {
            return existing;
        }
        SpanData parentSpan = byId.get(span.getParentSpanId());
        SpanNode parent = parentSpan == null || parentSpan == span ? null : node(parentSpan, byId, nodes, roots);
        SpanNode created = new SpanNode(span, parent);
        nodes.put(span.getSpanId(), created);
        if (parent == null) {
            roots.add(created);
        } else {
            parent.mutableChildren().add(created);
        }
        return created;
    }

    private static long position(SpanData span) {
        Long step = span.getAttributes().get(TelemetryNames.STEP_INDEX);
        Long branch = span.getAttributes().get(TelemetryNames.BRANCH_INDEX);
        return step != null ? step : branch != null ? branch : Long.MAX_VALUE;
    }

    /**
     * The trace id.
     *
     * @return 32 lowercase hex characters
     */
    public String traceId() {
        return traceId;
    }

    /**
     * The trace's spans.
     *
     * @return in the order of their start
     */
    public List<SpanData> spans() {
        return spans;
    }

    /**
     * The spans with no parent among this trace's spans: one for a trace that started here, one per entry point
     * for a distributed trace's local part, more if spans are missing.
     *
     * @return the roots, in the order of their start
     */
    public List<SpanNode> roots() {
        return roots;
    }

    /**
     * The one root of the trace.
     *
     * @return the root
     * @throws AssertionError if the trace has several roots (a span's parent is missing)
     */
    public SpanNode root() {
        if (roots.size() != 1) {
            throw new AssertionError("expected one root span in trace " + traceId + ", found " + roots.size()
                    + ":\n" + render());
        }
        return roots.get(0);
    }

    /**
     * Every span of the trace as a node, depth first, parents before children.
     *
     * @return the nodes
     */
    public List<SpanNode> nodes() {
        List<SpanNode> all = new ArrayList<>();
        for (SpanNode root : roots) {
            root.forEach(all::add);
        }
        return all;
    }

    /**
     * The nodes of spans with this name.
     *
     * @param name the span name
     * @return depth first
     */
    public List<SpanNode> named(String name) {
        return nodes().stream().filter(node -> node.name().equals(name)).collect(Collectors.toList());
    }

    /**
     * The tree as {@link TraceTreePrinter} renders it, with durations, statuses and the attributes that matter.
     *
     * @return the rendering
     */
    public String render() {
        return TraceTreePrinter.render(spans);
    }

    @Override
    public String toString() {
        return render();
    }
}
