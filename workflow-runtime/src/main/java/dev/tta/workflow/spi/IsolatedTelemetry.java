package dev.tta.workflow.spi;

import dev.tta.workflow.internal.TelemetryScope;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Objects;

/**
 * A private telemetry state for the workflows run inside it, for test kits: its own OpenTelemetry instance and its
 * own in-process statistics (latency percentiles, throughput and peak counts, SLO trackers), separate from the
 * process-wide ones that {@link dev.tta.workflow.WorkflowTelemetry} holds, and from every other isolated state.
 *
 * <pre>{@code
 * try (IsolatedTelemetry isolated = IsolatedTelemetry.open(sdk); Scope scope = isolated.makeCurrent()) {
 *     workflow.execute(input, WorkflowContext.start("checkout")); // spans and metrics go to sdk
 *     WorkflowTelemetry.latency("Validate");                     // this state's percentiles
 * }
 * }</pre>
 *
 * <p>A run belongs to the isolated state that is current (in the OpenTelemetry {@link Context}) on the thread that
 * calls {@code WorkflowContext.start} or {@code extract}; its context carries the state from then on, through every
 * primitive, every parallel branch and every {@code WorkflowContext.wrap} on any thread, so concurrent tests each
 * with their own state never see each other's telemetry. {@code WorkflowTelemetry}'s views and declarations
 * ({@code latency}, {@code report}, {@code sloStatuses}, {@code declareSlo}, {@code configureWindow}) read and
 * change the current isolated state where one is current. Objectives declared in the process apply inside too,
 * with trackers of their own.
 *
 * <p>Costs nothing when unused: while no isolated state is open, starting a run reads one volatile field and
 * executions read none.
 */
public final class IsolatedTelemetry implements AutoCloseable {

    private final TelemetryScope scope;

    private IsolatedTelemetry(TelemetryScope scope) {
        this.scope = scope;
    }

    /**
     * Opens an isolated state whose telemetry goes to this instance.
     *
     * @param openTelemetry the instance, typically an SDK of the test's own
     * @return the state; {@link #close()} it when done
     * @throws NullPointerException if the instance is null
     */
    public static IsolatedTelemetry open(OpenTelemetry openTelemetry) {
        return new IsolatedTelemetry(TelemetryScope.open(Objects.requireNonNull(openTelemetry, "openTelemetry")));
    }

    /**
     * Makes this state current on this thread: runs started here until the scope is closed belong to it. Close the
     * scope on the same thread, in the reverse order of opening, as any OpenTelemetry scope.
     *
     * @return the scope to close
     */
    public Scope makeCurrent() {
        return storeIn(Context.current()).makeCurrent();
    }

    /**
     * An OpenTelemetry context carrying this state, for work started elsewhere (for example on a thread of the
     * test's own: {@code isolated.storeIn(Context.current()).wrap(task)}).
     *
     * @param context the context to extend
     * @return {@code context} with this state
     */
    public Context storeIn(Context context) {
        return scope.storeIn(Objects.requireNonNull(context, "context"));
    }

    /**
     * Whether this state is the one current on this thread.
     *
     * @return true if runs started here now belong to it
     */
    public boolean isCurrent() {
        return TelemetryScope.current() == scope;
    }

    /**
     * Closes the state: its gauges are unregistered from its instance. Runs that started in it keep using it until
     * they end. Closing again does nothing.
     */
    @Override
    public void close() {
        scope.close();
    }

    @Override
    public String toString() {
        return "IsolatedTelemetry{" + scope + "}";
    }
}
