package dev.tta.workflow.spi;

import dev.tta.workflow.internal.LogIds;
import io.opentelemetry.context.Context;
import java.util.Map;

/**
 * For log appenders and context-data providers that add a workflow's ids to log events when they are written
 * (the library's own for logback and Log4j 2, or one for another backend), instead of the runtime filling the SLF4J
 * MDC around every execution.
 *
 * <p>A provider calls {@link #lazyProviderStarted} when it starts; from then on (unless the system property
 * {@code tta.workflow.mdc} is {@code eager}) executions leave the MDC alone, and the provider adds
 * {@link #entries(Context)} of {@link Context#current()} to each event on the thread that writes it.
 */
public final class LogCorrelation {

    private LogCorrelation() {
    }

    /**
     * Announces a provider: executions stop filling the MDC, unless the system property {@code tta.workflow.mdc} is
     * {@code eager}. Safe to call more than once, from any thread.
     *
     * @param name the provider, for diagnostics
     */
    public static void lazyProviderStarted(String name) {
        LogIds.lazyProviderStarted(name);
    }

    /**
     * Whether executions fill the MDC themselves.
     *
     * @return true until a provider started (or always, with {@code tta.workflow.mdc=eager}); false with
     *     {@code tta.workflow.mdc=lazy}
     */
    public static boolean eagerMdc() {
        return LogIds.eager();
    }

    /**
     * The ids a log event written under a context carries: {@code trace_id} and {@code span_id} when the context
     * holds a valid span, {@code workflow_id} and {@code correlation_id} inside a workflow (also in an observed
     * method called from a step).
     *
     * @param context the OpenTelemetry context current on the thread that writes the event
     * @return the entries, empty outside any trace and workflow; immutable
     */
    public static Map<String, String> entries(Context context) {
        return LogIds.entries(context);
    }
}
