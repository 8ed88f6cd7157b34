package dev.tta.workflow.test;

import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on one trace: its shape as a tree, and each step in it.
 */
public final class TraceAssert extends AbstractAssert<TraceAssert, TraceTree> {

    TraceAssert(TraceTree actual) {
        super(actual, TraceAssert.class);
    }

    /**
     * The trace has this shape. The expected tree is text, indented two spaces a level or on one line with
     * parentheses ({@code "checkout(validate, parallel(stock, price), charge ERROR)"}); each node is a span name,
     * optionally followed by {@code [type]}, {@code OK} or {@code ERROR}, {@code key=value} attributes and
     * {@code ×N} for N siblings alike. A parallel block's children match in any order; every other node's children
     * match in order. On a mismatch, the message shows both trees and their line diff, and the whole trace.
     *
     * @param expected the expected tree
     * @return this
     */
    public TraceAssert hasTree(String expected) {
        isNotNull();
        ExpectedTree tree = ExpectedTree.parse(expected);
        String wanted = tree.render();
        if (actual.roots().size() != 1) {
            throw new AssertionFailedError("expected one root span, found " + actual.roots().size()
                    + " (a span's parent is missing):\n" + actual.render(), wanted, actual.render());
        }
        String seen = ExpectedTree.project(tree, actual.root());
        if (!wanted.equals(seen)) {
            throw new AssertionFailedError("the trace does not have the expected shape (- expected, + actual):\n"
                    + ExpectedTree.diff(wanted, seen) + "\nthe whole trace:\n" + actual.render(), wanted, seen);
        }
        return this;
    }

    /**
     * The trace has this many spans.
     *
     * @param count the expected number
     * @return this
     */
    public TraceAssert hasSpanCount(int count) {
        isNotNull();
        if (actual.spans().size() != count) {
            failWithMessage("expected %s spans, found %s:%n%s", count, actual.spans().size(), actual.render());
        }
        return this;
    }

    /**
     * Every step of the trace succeeded.
     *
     * @return this
     */
    public TraceAssert allSucceeded() {
        isNotNull();
        List<String> failed = actual.nodes().stream().filter(SpanNode::failed).map(SpanNode::name)
                .collect(Collectors.toList());
        if (!failed.isEmpty()) {
            failWithMessage("expected every step to succeed, but %s failed:%n%s", failed, actual.render());
        }
        return this;
    }

    /**
     * The trace is well formed: one root, and every child ended before its parent did.
     *
     * @return this
     */
    public TraceAssert isWellFormed() {
        isNotNull();
        actual.root();
        for (SpanNode node : actual.nodes()) {
            SpanNode parent = node.parent();
            if (parent != null && node.span().getEndEpochNanos() > parent.span().getEndEpochNanos()) {
                failWithMessage("'%s' ended after its parent '%s':%n%s", node.name(), parent.name(), actual.render());
            }
        }
        return this;
    }

    /**
     * The one step with this name, for assertions on it.
     *
     * @param name the span name
     * @return assertions on that step
     */
    public StepAssert step(String name) {
        isNotNull();
        List<SpanNode> found = actual.named(name);
        if (found.size() != 1) {
            failWithMessage("expected one span named '%s', found %s in:%n%s", name, found.size(), actual.render());
        }
        return new StepAssert(found.get(0), this);
    }

    /**
     * The {@code index}-th step with this name (attempts of a retry share a name), depth first.
     *
     * @param name the span name
     * @param index zero-based
     * @return assertions on that step
     */
    public StepAssert step(String name, int index) {
        isNotNull();
        List<SpanNode> found = actual.named(name);
        if (index < 0 || index >= found.size()) {
            failWithMessage("expected at least %s spans named '%s', found %s in:%n%s", index + 1, name, found.size(),
                    actual.render());
        }
        return new StepAssert(found.get(index), this);
    }
}
