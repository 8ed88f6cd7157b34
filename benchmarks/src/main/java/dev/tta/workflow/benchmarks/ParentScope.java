package dev.tta.workflow.benchmarks;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Keeps the caller's context current on a benchmark thread, for the implementations that take their parent span
 * from the current context (the Java agent, Micrometer) rather than from an explicit workflow context.
 */
final class ParentScope {

    private Scope scope;

    /** Makes {@code parent} current on this thread until {@link #close()}. */
    void open(Context parent) {
        close();
        scope = parent.makeCurrent();
    }

    /** Restores the previous context of this thread. */
    void close() {
        if (scope != null) {
            scope.close();
            scope = null;
        }
    }
}
