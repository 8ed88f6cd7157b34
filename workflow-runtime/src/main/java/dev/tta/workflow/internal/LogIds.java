package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.Locale;
import java.util.Map;

/**
 * How log lines get a workflow's ids: eagerly, by filling the SLF4J MDC around every execution ({@link MdcScope}),
 * or lazily, by a log appender or context-data provider that reads them from the current OpenTelemetry context when
 * an event is written (so that a call that logs nothing pays nothing for them).
 *
 * <p>The system property {@value #MODE_PROPERTY} chooses: {@code auto} (the default) fills the MDC until a lazy
 * provider announces itself through {@link #lazyProviderStarted}, {@code eager} always fills it (for a backend
 * configured with no provider), {@code lazy} never does.
 */
public final class LogIds {

    /** The system property that chooses the mode. */
    public static final String MODE_PROPERTY = "tta.workflow.mdc";

    private static final String MODE = System.getProperty(MODE_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);

    /** Read on every execution: a plain volatile read, written at most once or twice in a process's life. */
    private static volatile boolean eager = !"lazy".equals(MODE);

    private static volatile String provider;

    private LogIds() {
    }

    /**
     * Whether executions fill the MDC.
     *
     * @return true unless a lazy provider took over, or the mode is {@code lazy}
     */
    public static boolean eager() {
        return eager;
    }

    /**
     * A lazy provider has started: in {@code auto} mode executions stop filling the MDC.
     *
     * @param name the provider, for {@link #provider()}
     */
    public static void lazyProviderStarted(String name) {
        provider = name;
        if (!"eager".equals(MODE)) {
            eager = false;
        }
    }

    /**
     * The lazy provider that announced itself.
     *
     * @return its name, or null if none did
     */
    public static String provider() {
        return provider;
    }

    /**
     * The ids a log event written under {@code context} carries, under the MDC keys of {@link TelemetryNames}:
     * trace and span id when the context holds a valid span, workflow and correlation id inside a workflow.
     *
     * @param context the OpenTelemetry context current when the event was written
     * @return the entries, possibly empty; immutable
     */
    public static Map<String, String> entries(Context context) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        RunIdentity run = context.get(ContextAccess.RUN);
        if (run == null) {
            return span.isValid()
                    ? Map.of(TelemetryNames.MDC_TRACE_ID, span.getTraceId(), TelemetryNames.MDC_SPAN_ID,
                            span.getSpanId())
                    : Map.of();
        }
        if (!span.isValid()) {
            return Map.of(TelemetryNames.MDC_WORKFLOW_ID, run.workflowId(), TelemetryNames.MDC_CORRELATION_ID,
                    run.correlationId());
        }
        return Map.of(TelemetryNames.MDC_TRACE_ID, span.getTraceId(), TelemetryNames.MDC_SPAN_ID, span.getSpanId(),
                TelemetryNames.MDC_WORKFLOW_ID, run.workflowId(), TelemetryNames.MDC_CORRELATION_ID,
                run.correlationId());
    }
}
