package dev.tta.workflow.test;

import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * One span of a {@link TraceTree}, with its parent and its children: the unit the kit's assertions speak about. Its
 * children are in the order of their step or branch index, then of their start; a parallel block's children are
 * compared without regard to order all the same (see {@link #childrenOrdered()}).
 */
public final class SpanNode {

    private final SpanData span;
    private final SpanNode parent;
    private final List<SpanNode> children = new ArrayList<>();

    SpanNode(SpanData span, SpanNode parent) {
        this.span = span;
        this.parent = parent;
    }

    /**
     * The span as the SDK recorded it.
     *
     * @return the span data
     */
    public SpanData span() {
        return span;
    }

    /**
     * The span's name: the primitive's name for a workflow primitive.
     *
     * @return the name
     */
    public String name() {
        return span.getName();
    }

    /**
     * The {@code workflow.primitive.type} attribute.
     *
     * @return the type ({@code step}, {@code parallel}, {@code retry}...), or null for a span of another origin
     */
    public String type() {
        return span.getAttributes().get(TelemetryNames.PRIMITIVE_TYPE);
    }

    /**
     * Whether the span's status is ERROR.
     *
     * @return true if it failed
     */
    public boolean failed() {
        return span.getStatus().getStatusCode() == StatusCode.ERROR;
    }

    /**
     * An attribute of the span.
     *
     * @param key the key
     * @param <T> the value type
     * @return the value, or null
     */
    public <T> T attribute(AttributeKey<T> key) {
        return span.getAttributes().get(key);
    }

    /**
     * An attribute of the span by its key's name, whatever its type.
     *
     * @param key the key's name, e.g. {@code "route"}
     * @return the value, or null
     */
    public Object attribute(String key) {
        for (var entry : span.getAttributes().asMap().entrySet()) {
            if (entry.getKey().getKey().equals(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /**
     * The span's parent in this trace.
     *
     * @return the parent, or null for a root
     */
    public SpanNode parent() {
        return parent;
    }

    /**
     * The span's children, in the order of their step or branch index, then of their start.
     *
     * @return an unmodifiable list
     */
    public List<SpanNode> children() {
        return Collections.unmodifiableList(children);
    }

    /**
     * Whether the order of the children means something: false for a parallel block, whose branches run at once,
     * true otherwise (the steps of a sequence, the attempts of a retry, the alternatives of a fallback).
     *
     * @return true if the children are compared in order
     */
    public boolean childrenOrdered() {
        return !TelemetryNames.TYPE_PARALLEL.equals(type());
    }

    /**
     * The duration of the span.
     *
     * @return nanoseconds between its start and its end
     */
    public long durationNanos() {
        return span.getEndEpochNanos() - span.getStartEpochNanos();
    }

    List<SpanNode> mutableChildren() {
        return children;
    }

    /** This node and every node below it, depth first, parents before children. */
    void forEach(Consumer<SpanNode> action) {
        action.accept(this);
        for (SpanNode child : children) {
            child.forEach(action);
        }
    }

    @Override
    public String toString() {
        return TraceTreePrinter.describe(span, parent == null, true);
    }
}
